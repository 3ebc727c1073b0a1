package org.netspec.ops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The typed attribute values of one node, checked against its operator's declarations. */
public final class Attributes {
    private final Map<String, Object> values;

    private Attributes(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * Checks and types raw spec values for an operator: unknown names, missing required values
     * and values of the wrong kind are errors naming the attribute.
     */
    public static Attributes of(Operator op, Map<String, Object> raw) {
        Map<String, Object> typed = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            Attribute<?> attr = op.attribute(e.getKey()).orElseThrow(() -> new OperatorException(
                    "`" + op.name() + "` has no attribute `" + e.getKey() + "`", e.getKey()));
            typed.put(attr.name(), attr.coerce(e.getValue()));
        }
        for (Attribute<?> attr : op.attributes()) {
            if (attr.required() && !typed.containsKey(attr.name())) {
                throw new OperatorException("`" + op.name() + "` needs `" + attr.name() + "`: " + attr.doc());
            }
        }
        return new Attributes(Collections.unmodifiableMap(typed));
    }

    /** The value given in the spec, or the attribute's default. */
    public <T> T get(Attribute<T> attr) {
        @SuppressWarnings("unchecked")
        T v = (T) values.get(attr.name());
        return v != null ? v : attr.defaultValue();
    }

    /** The value of an optional attribute without a default, if the spec gave one. */
    public <T> Optional<T> find(Attribute<T> attr) {
        return Optional.ofNullable(get(attr));
    }

    /** Only the values written in the spec, in spec order. */
    public Map<String, Object> given() {
        return values;
    }
}
