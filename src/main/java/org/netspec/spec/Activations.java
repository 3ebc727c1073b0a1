package org.netspec.spec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.netspec.ops.Category;
import org.netspec.ops.Operator;
import org.netspec.ops.Operators;

/**
 * The values of an {@code activation} parameter: {@code none}, the name of any operator the
 * catalogue files under {@link Category#ACTIVATION}, or a mapping of such a name ({@code op:}) and
 * its attributes ({@code {op: prelu, shared: true}}). A layer whose {@code op:} names the
 * parameter applies that activation, or nothing for {@code none}.
 */
final class Activations {
    /** The value that applies no activation. */
    static final String NONE = "none";
    /** The key of an activation written with its attributes. */
    static final String OP = "op";

    private Activations() {
    }

    /** The names of the activation operators, sorted. */
    static List<String> names() {
        return Operators.all().stream().filter(o -> o.category() == Category.ACTIVATION).map(Operator::name).sorted().toList();
    }

    /** The activation operator of that name. */
    static Optional<Operator> find(String name) {
        return Operators.find(name).filter(o -> o.category() == Category.ACTIVATION);
    }

    /** Whether a value is an activation: none, an activation's name, or one with attributes it has. */
    static boolean isActivation(Object v) {
        if (v instanceof String s) {
            return s.equals(NONE) || find(s).isPresent();
        }
        if (v instanceof Map<?, ?> m && m.get(OP) instanceof String name) {
            Optional<Operator> op = find(name);
            return op.isPresent() && m.keySet().stream().allMatch(k -> k.equals(OP) || op.get().attribute(String.valueOf(k)).isPresent());
        }
        return false;
    }

    /** The operator name of an activation value. */
    static String name(Object v) {
        return v instanceof Map<?, ?> m ? String.valueOf(m.get(OP)) : String.valueOf(v);
    }

    /** The attributes of an activation value (none for a name alone). */
    static Map<String, Object> attributes(Object v) {
        if (!(v instanceof Map<?, ?> m)) {
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, value) -> {
            if (!OP.equals(k)) {
                out.put(String.valueOf(k), value);
            }
        });
        return out;
    }
}
