package org.netspec.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Values from the command line that replace those of a spec: parameters ({@code --set q=3}) and
 * input shapes ({@code --input 1x3x256x512}, or {@code --input image=1x3x256x512}).
 *
 * @param params parameter name to value text
 * @param inputs input name to shape text; the key is empty for "the only input"
 */
public record Overrides(Map<String, String> params, Map<String, String> inputs) {
    public static final Overrides NONE = new Overrides(Map.of(), Map.of());

    public Overrides {
        params = Map.copyOf(params);
        inputs = Map.copyOf(inputs);
    }

    public Overrides withParam(String name, String value) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put(name, value);
        return new Overrides(p, inputs);
    }

    public Overrides withInput(String name, String shape) {
        Map<String, String> i = new LinkedHashMap<>(inputs);
        i.put(name, shape);
        return new Overrides(params, i);
    }

    /** Overrides checked against a spec: typed parameter values and input shapes by input name. */
    public record Resolved(Map<String, Object> params, Map<String, List<Long>> inputs) {
    }

    /**
     * Checks the names and types against the spec. A value is read as an expression without
     * variables ({@code 3}, {@code 1.5}, {@code [1, 2, 4]}, {@code true}), or as a word for a
     * string parameter.
     *
     * @throws SpecException for unknown names and values that do not fit, one line each
     */
    public Resolved resolve(NetworkSpec spec, Expressions expressions) throws SpecException {
        List<Diagnostic> problems = new ArrayList<>();
        SourceLocation at = SourceLocation.ofFile(spec.file());
        Map<String, Object> typed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : params.entrySet()) {
            ParamSpec p = spec.params().get(e.getKey());
            if (p == null) {
                problems.add(Diagnostic.error(at, "--set " + e.getKey() + "=" + e.getValue() + ": the network has no parameter `"
                        + e.getKey() + "`" + Suggestions.hint(e.getKey(), spec.params().keySet())
                        + (spec.params().isEmpty() ? "" : " (parameters: " + String.join(", ", spec.params().keySet()) + ")")));
                continue;
            }
            Object raw;
            String unreadable = "";
            try {
                raw = p.type() == ParamSpec.Type.STRING ? e.getValue() : expressions.evaluate(e.getValue(), Map.of());
            } catch (Expressions.ExpressionException ex) {
                raw = e.getValue();
                unreadable = " (" + ex.getMessage() + ")";
            }
            Optional<String> problem = p.problem(raw);
            if (problem.isPresent()) {
                problems.add(Diagnostic.error(at, "--set " + p.name() + "=" + e.getValue() + ": " + problem.get() + unreadable));
            } else {
                typed.put(p.name(), p.coerce(raw).orElseThrow());
            }
        }
        Map<String, List<Long>> shapes = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : inputs.entrySet()) {
            String name = e.getKey();
            if (name.isEmpty()) {
                if (spec.inputs().size() != 1) {
                    problems.add(Diagnostic.error(at, "--input " + e.getValue() + " needs a name: the network has inputs "
                            + String.join(", ", spec.inputs().keySet()) + " (write --input NAME=NxCxHxW)"));
                    continue;
                }
                name = spec.inputs().keySet().iterator().next();
            } else if (!spec.inputs().containsKey(name)) {
                problems.add(Diagnostic.error(at, "--input " + name + "=" + e.getValue() + ": the network has no input `" + name
                        + "`" + Suggestions.hint(name, spec.inputs().keySet())));
                continue;
            }
            List<Long> dims = parseShape(e.getValue());
            if (dims == null) {
                problems.add(Diagnostic.error(at, "--input " + e.getValue() + ": expected a shape of positive sizes such as 1x3x512x1024"));
            } else {
                shapes.put(name, dims);
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return new Resolved(typed, shapes);
    }

    private static List<Long> parseShape(String text) {
        // A limit of -1 keeps empty parts, so `1x3x8x8x` is refused rather than read as 1x3x8x8.
        String[] parts = text.trim().split("[xX]", -1);
        List<Long> dims = new ArrayList<>();
        try {
            for (String p : parts) {
                long d = Long.parseLong(p.trim());
                if (d <= 0) {
                    return null;
                }
                dims.add(d);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return dims;
    }
}
