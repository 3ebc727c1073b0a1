package org.netspec.export;

import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.netspec.ops.Pair;

/** Python literals and names: which names can be attributes and variables, and how values are written. */
final class Python {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async", "await",
            "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if",
            "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
            "yield");

    /**
     * Public attributes of {@code nn.Module} (PyTorch 1.13, plus those later versions add): a submodule
     * of that name would hide them or be refused by {@code add_module}.
     */
    private static final Set<String> MODULE_ATTRIBUTES = Set.of("T_destination", "add_module", "apply", "bfloat16",
            "buffers", "call_super_init", "children", "compile", "cpu", "cuda", "double", "dump_patches", "eval",
            "extra_repr", "float", "forward", "get_buffer", "get_extra_state", "get_parameter", "get_submodule", "half",
            "ipu", "load_state_dict", "modules", "mtia", "named_buffers", "named_children", "named_modules",
            "named_parameters", "parameters", "register_backward_hook", "register_buffer", "register_forward_hook",
            "register_forward_pre_hook", "register_full_backward_hook", "register_full_backward_pre_hook",
            "register_load_state_dict_post_hook", "register_load_state_dict_pre_hook", "register_module",
            "register_parameter", "register_state_dict_post_hook", "register_state_dict_pre_hook", "requires_grad_",
            "set_extra_state", "set_submodule", "share_memory", "state_dict", "to", "to_empty", "train", "training", "type",
            "xpu", "zero_grad");

    private Python() {
    }

    /** A name usable as a variable or a function argument. */
    static boolean isIdentifier(String name) {
        return IDENTIFIER.matcher(name).matches() && !KEYWORDS.contains(name);
    }

    /** A name usable as {@code self.name} for a submodule: an identifier that hides nothing of nn.Module. */
    static boolean isAttribute(String name) {
        return isIdentifier(name) && !name.startsWith("_") && !MODULE_ATTRIBUTES.contains(name);
    }

    /**
     * Names nn.Module assigns as plain attributes while it runs ({@code train()} sets {@code training}),
     * which fail once a submodule has them.
     */
    private static final Set<String> ASSIGNED = Set.of("training", "_is_full_backward_hook");

    /** A name no submodule can have. */
    static boolean isAssigned(String name) {
        return ASSIGNED.contains(name);
    }

    /** A name that nn.Module's {@code add_module} refuses, so it goes straight into {@code _modules}. */
    static boolean isReserved(String name) {
        return name.startsWith("_") || MODULE_ATTRIBUTES.contains(name);
    }

    /** {@code conv_bn_act} as a class name: {@code ConvBnAct}. */
    static String className(String name) {
        StringBuilder out = new StringBuilder();
        for (String part : name.split("_")) {
            if (!part.isEmpty()) {
                out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
            }
        }
        String s = out.toString();
        return s.isEmpty() || !Character.isLetter(s.charAt(0)) ? "Net" + s : s;
    }

    /** A string literal in single quotes. */
    static String string(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
    }

    /** The Python literal of a value an operator gave: integers, pairs, lists, numbers, booleans, strings. */
    static String literal(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double d) {
            return number(d);
        }
        if (value instanceof String s) {
            return string(s);
        }
        if (value instanceof Pair p) {
            return p.isSquare() ? Long.toString(p.h()) : "(" + p.h() + ", " + p.w() + ")";
        }
        if (value instanceof List<?> list) {
            return "[" + String.join(", ", list.stream().map(Python::literal).toList()) + "]";
        }
        throw new IllegalArgumentException("no Python literal for " + value);
    }

    /** A float as Python writes it: {@code 0.001}, {@code 2.0}, {@code 1e-05}. */
    static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "float(" + string(Double.toString(d).toLowerCase(Locale.ROOT).replace("infinity", "inf")) + ")";
        }
        double magnitude = Math.abs(d);
        if (magnitude == 0 || magnitude >= 1e-4 && magnitude < 1e16) {
            String plain = new BigDecimal(Double.toString(d)).toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        String[] parts = Double.toString(d).split("E");
        String mantissa = parts[0].endsWith(".0") ? parts[0].substring(0, parts[0].length() - 2) : parts[0];
        int exponent = Integer.parseInt(parts[1]);
        return mantissa + "e" + (exponent < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exponent));
    }

    /** A docstring at {@code indent}, its words wrapped to 100 columns. */
    static String docstring(String text, String indent) {
        StringBuilder out = new StringBuilder(indent).append("\"\"\"");
        int column = out.length();
        boolean first = true;
        for (String word : text.split(" ")) {
            if (!first && column + 1 + word.length() > 97) {
                out.append('\n').append(indent);
                column = indent.length();
            } else if (!first) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
            first = false;
        }
        boolean fits = column + 3 <= 100 && out.indexOf("\n") < 0;
        return out.append(fits ? "" : "\n" + indent).append("\"\"\"").toString();
    }
}
