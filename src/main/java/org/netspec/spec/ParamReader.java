package org.netspec.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code params:} of a network or block file: each parameter written as a default
 * ({@code K: 5}), a type word ({@code out: int}) or a {@link SpecGrammar#PARAM} mapping.
 */
final class ParamReader {
    private static final List<String> TYPE_NAMES = Arrays.stream(ParamSpec.Type.values()).map(ParamSpec.Type::toString)
            .toList();

    private final SpecChecks checks;

    ParamReader(SpecChecks checks) {
        this.checks = checks;
    }

    Map<String, ParamSpec> params(YamlNode.Mapping top) {
        Map<String, ParamSpec> params = new LinkedHashMap<>();
        Optional<YamlNode> node = top.get("params");
        if (node.isEmpty()) {
            return params;
        }
        if (!(node.get() instanceof YamlNode.Mapping m)) {
            checks.error(node.get().location(), "`params:` maps parameter names to defaults, types (`int`) or {type, default, doc}");
            return params;
        }
        for (YamlNode.Mapping.Entry e : m.entries().values()) {
            checks.checkIdentifier(e.key(), e.keyLocation(), "a parameter name");
            ParamSpec p = param(e);
            if (p != null) {
                params.put(e.key(), p);
            }
        }
        return params;
    }

    private ParamSpec param(YamlNode.Mapping.Entry e) {
        YamlNode v = e.value();
        if (v instanceof YamlNode.Mapping m) {
            checks.checkKeys(m, SpecGrammar.PARAM);
            YamlNode def = m.get("default").orElse(null);
            ParamSpec.Type type = m.get("type").map(this::typeName).orElse(null);
            if (type == null && def == null) {
                checks.error(m.location(), "parameter `" + e.key() + "` needs a `type:` or a `default:`");
                return null;
            }
            if (type == null) {
                type = inferType(def);
            }
            ParamSpec untyped = new ParamSpec(e.key(), type, def, m.get("doc").map(YamlNode::text).orElse(""), List.of(),
                    e.keyLocation());
            return new ParamSpec(e.key(), type, def, untyped.doc(), m.get("choices").map(c -> choices(untyped, c))
                    .orElse(List.of()), e.keyLocation());
        }
        if (v instanceof YamlNode.Scalar s && s.value() instanceof String word) {
            Optional<ParamSpec.Type> t = ParamSpec.Type.named(word);
            if (t.isPresent()) {
                return new ParamSpec(e.key(), t.get(), null, "", List.of(), e.keyLocation());
            }
        }
        return new ParamSpec(e.key(), inferType(v), v, "", List.of(), e.keyLocation());
    }

    /** The `choices:` of a parameter, each checked against its type. */
    private List<Object> choices(ParamSpec param, YamlNode node) {
        List<Object> out = new ArrayList<>();
        if (!(node instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            checks.error(node.location(), "`choices:` lists the allowed values, e.g. `[relu, relu6]`");
            return out;
        }
        for (YamlNode item : seq.items()) {
            Object raw = item instanceof YamlNode.Scalar sc ? sc.value() : null;
            Optional<Object> typed = raw == null ? Optional.empty() : param.coerce(raw);
            if (typed.isEmpty()) {
                checks.error(item.location(), "a choice of `" + param.name() + "` must be " + param.type().article());
            } else {
                out.add(typed.get());
            }
        }
        return out;
    }

    private ParamSpec.Type typeName(YamlNode t) {
        String expected = String.join(", ", TYPE_NAMES.subList(0, TYPE_NAMES.size() - 1)) + " or "
                + TYPE_NAMES.get(TYPE_NAMES.size() - 1);
        if (t instanceof YamlNode.Scalar s && s.value() instanceof String w) {
            Optional<ParamSpec.Type> type = ParamSpec.Type.named(w);
            if (type.isPresent()) {
                return type.get();
            }
            checks.error(t.location(), "unknown parameter type `" + w + "`; expected " + expected
                    + Suggestions.hint(w, TYPE_NAMES));
        } else {
            checks.error(t.location(), "a parameter type is " + expected);
        }
        return ParamSpec.Type.INT;
    }

    /** The type of a default written as is: a list, an integer, a number, true/false, or else a word. */
    private static ParamSpec.Type inferType(YamlNode v) {
        if (v instanceof YamlNode.Sequence) {
            return ParamSpec.Type.LIST;
        }
        if (v instanceof YamlNode.Scalar s) {
            Object o = s.value();
            if (o instanceof Long) {
                return ParamSpec.Type.INT;
            }
            if (o instanceof Double) {
                return ParamSpec.Type.FLOAT;
            }
            if (o instanceof Boolean) {
                return ParamSpec.Type.BOOL;
            }
        }
        return ParamSpec.Type.STRING;
    }
}
