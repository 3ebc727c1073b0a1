package org.netspec.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.netspec.ops.Attribute;
import org.netspec.ops.Operator;
import org.netspec.ops.OperatorException;

/**
 * The values written in a spec, evaluated in a context's variables: numbers and booleans as
 * written, strings as expressions (with or without {@code ${...}}), words with {@code ${...}}
 * parts, parameter values checked against their declarations. Every method returns null after
 * reporting why a value has none; a name whose own definition failed is not reported again.
 */
final class Values {
    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Expressions expressions;
    private final List<Diagnostic> diagnostics;
    /** Parameters and {@code let:} names that have no value because their definition failed (already reported). */
    private final Set<String> failedNames = new HashSet<>();

    Values(Expressions expressions, List<Diagnostic> diagnostics) {
        this.expressions = expressions;
        this.diagnostics = diagnostics;
    }

    /** Records a name whose definition failed, so expressions that read it are not reported again. */
    void failed(String name) {
        failedNames.add(name);
    }

    /** A parameter's value, checked against its type and choices. */
    Object paramValue(ParamSpec p, Object raw, SourceLocation at, Context ctx) {
        if (raw == null) {
            return null;
        }
        Optional<String> problem = p.problem(raw);
        if (problem.isPresent()) {
            error(at, ctx, problem.get() + ", got " + describe(raw));
            return null;
        }
        return p.coerce(raw).orElseThrow();
    }

    /** The value given to a block parameter: a word for a string parameter, an expression's value otherwise. */
    Object argument(ParamSpec p, YamlNode written, Context ctx) {
        Object raw = switch (p.type()) {
            case STRING -> text(written, ctx);
            case ACTIVATION -> activation(written, ctx);
            default -> value(written, ctx);
        };
        return paramValue(p, raw, written.location(), ctx);
    }

    /**
     * An activation as written: a word ({@code silu}, {@code "${act}"}), or a mapping of
     * {@code op:} and that operator's attributes, each checked by the attribute.
     */
    private Object activation(YamlNode written, Context ctx) {
        if (!(written instanceof YamlNode.Mapping m)) {
            return text(written, ctx);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        YamlNode.Mapping.Entry opEntry = m.entries().get(Activations.OP);
        Object name = opEntry == null ? null : text(opEntry.value(), ctx);
        if (name == null) {
            if (opEntry == null) {
                error(m.location(), ctx, "an activation with attributes names its operator: `{op: prelu, shared: true}`");
            }
            return null;
        }
        out.put(Activations.OP, name);
        Optional<Operator> op = Activations.find(String.valueOf(name));
        for (YamlNode.Mapping.Entry e : m.entries().values()) {
            if (e.key().equals(Activations.OP)) {
                continue;
            }
            Optional<Attribute<?>> attr = op.flatMap(o -> o.attribute(e.key()));
            if (op.isPresent() && attr.isEmpty()) {
                error(e.keyLocation(), ctx, "`" + name + "` has no attribute `" + e.key() + "`"
                        + Suggestions.hint(e.key(), op.get().attributes().stream().map(Attribute::name).toList()));
                return null;
            }
            Object v = attr.isPresent() ? attributeValue(e.value(), attr.get(), ctx) : value(e.value(), ctx);
            if (v == null) {
                return null;
            }
            out.put(e.key(), v);
        }
        return out;
    }

    /** The context's variables with the {@code let:} values added; each binding sees those above it. */
    Map<String, Object> lets(List<BlockSpec.Binding> lets, Context ctx) {
        Map<String, Object> out = new HashMap<>(ctx.env());
        Context growing = ctx.withEnv(out);
        for (BlockSpec.Binding b : lets) {
            List<String> words = words(b.value(), out);
            Object v = words != null ? words : value(b.value(), growing);
            if (v != null) {
                out.put(b.name(), v);
            } else {
                failedNames.add(b.name());
            }
        }
        return out;
    }

    /**
     * A {@code let:} list written as bare words ({@code [relu, hardswish]}) none of which names a
     * value: the list of those words. Null for anything else, which is evaluated as usual.
     */
    private static List<String> words(YamlNode node, Map<String, Object> env) {
        if (!(node instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            return null;
        }
        List<String> words = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            if (!(item instanceof YamlNode.Scalar sc) || !(sc.value() instanceof String w) || !WORD.matcher(w).matches()
                    || env.containsKey(w)) {
                return null;
            }
            words.add(w);
        }
        return words;
    }

    /** Whether a layer with this {@code when:} expands: true without one, false when it fails. */
    boolean condition(YamlNode when, Context ctx) {
        if (when == null) {
            return true;
        }
        Object v = value(when, ctx);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v != null) {
            error(when.location(), ctx, "`when:` needs true or false, got " + describe(v));
        }
        return false;
    }

    /** An operator attribute's value, checked by the attribute; a choice is a word, padding may be `same`. */
    Object attributeValue(YamlNode node, Attribute<?> attr, Context ctx) {
        Object v;
        if (attr.kind() == Attribute.Kind.CHOICE) {
            v = text(node, ctx);
        } else if (attr.kind() == Attribute.Kind.PADDING && node instanceof YamlNode.Scalar s && "same".equals(s.value())) {
            v = "same";
        } else {
            v = value(node, ctx);
        }
        if (v == null) {
            return null;
        }
        try {
            attr.coerce(v);
        } catch (OperatorException e) {
            error(node.location(), ctx, e.getMessage());
            return null;
        }
        return v;
    }

    /** A literal word, with `${...}` parts evaluated. */
    Object text(YamlNode node, Context ctx) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof String str) {
            return interpolate(str, node, ctx);
        }
        return value(node, ctx);
    }

    /**
     * The value of a node: a YAML number or boolean as is, a string evaluated as an expression
     * (with or without `${...}` around it), a list element by element.
     */
    Object value(YamlNode node, Context ctx) {
        if (node instanceof YamlNode.Scalar s) {
            if (s.value() == null) {
                error(s.location(), ctx, "a value is missing here");
                return null;
            }
            if (!(s.value() instanceof String str)) {
                return s.value();
            }
            String expr = str.strip();
            if (expr.startsWith("${") && expr.endsWith("}") && expr.indexOf("${", 2) < 0) {
                expr = expr.substring(2, expr.length() - 1);
            }
            return evaluate(expr, s.location(), ctx);
        }
        if (node instanceof YamlNode.Sequence seq) {
            List<Object> out = new ArrayList<>();
            for (YamlNode item : seq.items()) {
                Object v = value(item, ctx);
                if (v == null) {
                    return null;
                }
                out.add(v);
            }
            return out;
        }
        error(node.location(), ctx, "expected a value or an expression, not " + node.kind());
        return null;
    }

    /**
     * The value of an expression. When the expressions have used up their cost limit, the
     * expansion stops.
     */
    Object evaluate(String expr, SourceLocation at, Context ctx) {
        try {
            return expressions.evaluate(expr, ctx.env());
        } catch (Expressions.ExpressionException e) {
            if (e.unknownName().filter(failedNames::contains).isEmpty()) {
                error(at, ctx, e.getMessage());
            }
            if (e.costExhausted()) {
                throw new ExpansionAborted();
            }
            return null;
        }
    }

    /**
     * Replaces each `${expr}` in a string by its value. A string that is one `${expr}` keeps the
     * value's type (a list of names for {@code from:}).
     */
    Object interpolate(String text, YamlNode node, Context ctx) {
        int start = text.indexOf("${");
        if (start < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (start >= 0) {
            out.append(text, pos, start);
            int depth = 0;
            int end = -1;
            for (int i = start + 2; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0) {
                        end = i;
                        break;
                    }
                    depth--;
                }
            }
            if (end < 0) {
                error(node.location(), ctx, "`${` without a closing `}` in `" + text + "`");
                return null;
            }
            Object v = evaluate(text.substring(start + 2, end), node.location(), ctx);
            if (v == null) {
                return null;
            }
            if (start == 0 && end == text.length() - 1) {
                return v;
            }
            out.append(v instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : String.valueOf(v));
            pos = end + 1;
            start = text.indexOf("${", pos);
        }
        out.append(text.substring(pos));
        return out.toString();
    }

    /** A value as an error message shows it: words in backticks, lists in brackets. */
    static String describe(Object v) {
        if (v instanceof String s) {
            return "`" + s + "`";
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Values::describe).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(v);
    }

    private void error(SourceLocation at, Context ctx, String message) {
        diagnostics.add(Diagnostic.error(at, message, ctx.chain()));
    }
}
