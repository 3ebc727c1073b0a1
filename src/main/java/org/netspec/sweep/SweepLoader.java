package org.netspec.sweep;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.Expressions;
import org.netspec.spec.Limits;
import org.netspec.spec.SourceLocation;
import org.netspec.spec.SpecException;
import org.netspec.spec.Suggestions;
import org.netspec.spec.YamlNode;
import org.netspec.spec.YamlReader;

/**
 * Reads a sweep file, every mistake reported at its line and column:
 *
 * <pre>
 * sweep: esp-rates
 * spec: esp-rates.yaml            # relative to this file
 * input: 1x64x128x256             # optional
 * params:
 *   K: [3, 4, 5]                                # a list
 *   out: {from: 32, to: 128, step: 32}          # a range (floats when a bound or step is)
 *   width: {random: [0.5, 2.0], count: 8, seed: 1}
 *   dilations: {increasing: K, from: [1, 2, 3, 4, 6, 8]}
 * constraints:
 *   - {quantity: params, max: 50000}
 *   - {quantity: receptive_field, at: esp.act, min: 33}
 * objectives:
 *   - {minimise: params}
 *   - {maximise: coverage}
 * </pre>
 */
public final class SweepLoader {
    private static final Set<String> TOP = Set.of("sweep", "spec", "input", "device", "params", "constraints", "objectives");
    private static final Set<String> CONSTRAINT = Set.of("quantity", "at", "min", "max");
    private static final Set<String> OBJECTIVE = Set.of("minimise", "maximise", "at");
    private static final Set<String> RANGE = Set.of("from", "to", "step");
    private static final Set<String> RANDOM = Set.of("random", "count", "seed");
    private static final Set<String> INCREASING = Set.of("increasing", "from");
    /** Values one range or random domain may list. */
    private static final long MAX_DOMAIN = 1_000_000;

    private final List<Diagnostic> problems = new ArrayList<>();
    /** Where the file first names latency_ms, which needs a device profile; null when it does not. */
    private SourceLocation latencyAt;
    /** Evaluates the conditions of conditional domains. */
    private final Expressions expressions;

    private SweepLoader(Limits limits) {
        this.expressions = new Expressions(limits);
    }

    /** @throws SpecException with every problem found, each at its line */
    public static SweepSpec load(Path file, Limits limits) throws SpecException {
        Path path = file.toAbsolutePath().normalize();
        YamlNode root = new YamlReader(limits).read(path);
        return new SweepLoader(limits).sweep(path, root);
    }

    private SweepSpec sweep(Path file, YamlNode root) throws SpecException {
        if (!(root instanceof YamlNode.Mapping top)) {
            throw new SpecException(Diagnostic.error(root.location(), "a sweep file holds a mapping (`sweep: NAME`, `spec:`, "
                    + "`params:`, ...), not " + root.kind()));
        }
        checkKeys(top, TOP);
        String name = text(top, "sweep", true);
        String spec = text(top, "spec", true);
        String input = text(top, "input", false);
        String device = text(top, "device", false);
        SourceLocation deviceAt = top.get("device").map(YamlNode::location).orElse(null);
        List<Parameter> params = params(top);
        List<Constraint> constraints = new ArrayList<>();
        for (YamlNode item : items(top, "constraints")) {
            Constraint c = constraint(item);
            if (c != null) {
                constraints.add(c);
            }
        }
        List<Objective> objectives = new ArrayList<>();
        for (YamlNode item : items(top, "objectives")) {
            Objective o = objective(item);
            if (o != null) {
                objectives.add(o);
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return new SweepSpec(name, file, file.getParent().resolve(spec).normalize(), input, params, constraints, objectives,
                device, deviceAt, latencyAt);
    }

    private List<Parameter> params(YamlNode.Mapping top) {
        List<Parameter> out = new ArrayList<>();
        YamlNode node = top.get("params").orElse(null);
        if (node == null) {
            problems.add(Diagnostic.error(top.location(), "a sweep needs `params:`, the parameters to vary and their values"));
            return out;
        }
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.add(Diagnostic.error(node.location(), "`params` maps parameter names to their values, not " + node.kind()));
            return out;
        }
        List<String> earlier = new ArrayList<>();
        for (YamlNode.Mapping.Entry e : m.entries().values()) {
            Domain d = domain(e.key(), e.value(), earlier);
            if (d != null) {
                try {
                    if (d.dependsOn().isEmpty() && d.size(Map.of()) == 0) {
                        problems.add(Diagnostic.error(e.value().location(), "parameter `" + e.key() + "` has no values: an "
                                + "empty domain leaves nothing to sweep"));
                    }
                } catch (Domain.Invalid x) {
                    problems.add(x.diagnostic());
                }
                out.add(new Parameter(e.key(), d, e.keyLocation()));
            }
            earlier.add(e.key());
        }
        return out;
    }

    private Domain domain(String name, YamlNode node, List<String> earlier) {
        if (node instanceof YamlNode.Sequence s) {
            List<Object> values = new ArrayList<>();
            for (YamlNode item : s.items()) {
                Object v = value(item);
                if (v == null) {
                    return null;
                }
                values.add(v);
            }
            return new Domain.Fixed(values);
        }
        if (node instanceof YamlNode.Scalar sc && sc.value() != null) {
            return new Domain.Fixed(List.of(sc.value()));
        }
        if (!(node instanceof YamlNode.Mapping m)) {
            problems.add(Diagnostic.error(node.location(), "parameter `" + name + "`: expected a value, a list, a range "
                    + "{from, to, step}, {random: [lo, hi], count, seed}, {increasing: K, from: [...]} or {when: CONDITION, values: "
                    + "[...]}, not " + node.kind()));
            return null;
        }
        if (m.has("when")) {
            return conditional(name, m, earlier);
        }
        return mapped(name, m, earlier, Set.of());
    }

    /**
     * {@code {when: CONDITION, values: [...]}}, or {@code when:} beside the keys of a range, a
     * random sample or an increasing list.
     */
    private Domain conditional(String name, YamlNode.Mapping m, List<String> earlier) {
        YamlNode when = m.get("when").get();
        String condition = when instanceof YamlNode.Scalar sc && sc.value() instanceof String t ? t : null;
        if (condition == null || condition.isBlank()) {
            problems.add(Diagnostic.error(when.location(), "`when` is a condition over the parameters above, such as "
                    + "\"kind == 'esp'\", not " + when.kind()));
            return null;
        }
        Domain then;
        if (m.has("values")) {
            checkKeys(m, Set.of("when", "values"));
            then = domain(name, m.get("values").get(), earlier);
        } else {
            then = mapped(name, m, earlier, Set.of("when"));
        }
        return then == null ? null : new Domain.When(condition, when.location(), earlier, then, expressions);
    }

    private Domain mapped(String name, YamlNode.Mapping m, List<String> earlier, Set<String> also) {
        if (m.has("increasing")) {
            checkKeys(m, union(INCREASING, also));
            String count = m.get("increasing").get().text();
            if (!earlier.contains(count)) {
                problems.add(Diagnostic.error(m.get("increasing").get().location(), "`increasing: " + count
                        + "` names the parameter that gives the list's length, which must be declared above `" + name + "`"
                        + Suggestions.hint(count, earlier)));
                return null;
            }
            List<Long> pool = integers(m, "from");
            return pool == null ? null : new Domain.Increasing(count, pool);
        }
        if (m.has("random")) {
            checkKeys(m, union(RANDOM, also));
            return random(m);
        }
        checkKeys(m, union(RANGE, also));
        return range(name, m);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }

    private Domain range(String name, YamlNode.Mapping m) {
        BigDecimal from = decimal(m, "from", null);
        BigDecimal to = decimal(m, "to", null);
        BigDecimal step = decimal(m, "step", BigDecimal.ONE);
        if (from == null || to == null || step == null) {
            return null;
        }
        if (step.signum() <= 0) {
            problems.add(Diagnostic.error(m.get("step").get().location(), "`step` must be positive"));
            return null;
        }
        boolean integers = isInteger(m, "from") && isInteger(m, "to") && (!m.has("step") || isInteger(m, "step"));
        long count = to.compareTo(from) < 0 ? 0 : to.subtract(from).divideToIntegralValue(step).longValueExact() + 1;
        if (count > MAX_DOMAIN) {
            problems.add(Diagnostic.error(m.location(), "parameter `" + name + "`: the range has " + count + " values, more than "
                    + MAX_DOMAIN));
            return null;
        }
        List<Object> values = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            BigDecimal v = from.add(step.multiply(BigDecimal.valueOf(i)));
            values.add(integers ? (Object) v.longValueExact() : (Object) v.doubleValue());
        }
        return new Domain.Fixed(values);
    }

    private Domain random(YamlNode.Mapping m) {
        YamlNode bounds = m.get("random").get();
        if (!(bounds instanceof YamlNode.Sequence s) || s.items().size() != 2) {
            problems.add(Diagnostic.error(bounds.location(), "`random` takes [low, high]"));
            return null;
        }
        Object lo = value(s.items().get(0));
        Object hi = value(s.items().get(1));
        if (!(lo instanceof Number) || !(hi instanceof Number)) {
            problems.add(Diagnostic.error(bounds.location(), "`random` takes two numbers [low, high]"));
            return null;
        }
        Long count = integer(m, "count", null);
        Long seed = integer(m, "seed", 0L);
        if (count == null || seed == null) {
            return null;
        }
        if (count < 0 || count > MAX_DOMAIN) {
            problems.add(Diagnostic.error(m.get("count").get().location(), "`count` must be between 0 and " + MAX_DOMAIN));
            return null;
        }
        Random random = new Random(seed);
        List<Object> values = new ArrayList<>();
        for (long i = 0; i < count; i++) {
            if (lo instanceof Long l && hi instanceof Long h) {
                values.add(l + (long) Math.floor(random.nextDouble() * (h - l + 1)));
            } else {
                double l = ((Number) lo).doubleValue();
                values.add(l + random.nextDouble() * (((Number) hi).doubleValue() - l));
            }
        }
        return new Domain.Fixed(values);
    }

    private Constraint constraint(YamlNode item) {
        if (!(item instanceof YamlNode.Mapping m)) {
            problems.add(Diagnostic.error(item.location(), "a constraint is a mapping such as {quantity: params, max: 50000}, not "
                    + item.kind()));
            return null;
        }
        checkKeys(m, CONSTRAINT);
        Figure f = figure(m, "quantity");
        BigDecimal min = decimal(m, "min", null);
        BigDecimal max = decimal(m, "max", null);
        if (f == null) {
            return null;
        }
        if (min == null && max == null) {
            if (!m.has("min") && !m.has("max")) {
                problems.add(Diagnostic.error(m.location(), "constraint on `" + f.label() + "` needs `min:`, `max:` or both"));
            }
            return null;
        }
        return new Constraint(f, min == null ? null : min.doubleValue(), max == null ? null : max.doubleValue(), m.location());
    }

    private Objective objective(YamlNode item) {
        if (!(item instanceof YamlNode.Mapping m)) {
            problems.add(Diagnostic.error(item.location(), "an objective is a mapping such as {minimise: params}, not " + item.kind()));
            return null;
        }
        checkKeys(m, OBJECTIVE);
        boolean maximise = m.has("maximise");
        if (maximise == m.has("minimise")) {
            problems.add(Diagnostic.error(m.location(), "an objective says either `minimise: QUANTITY` or `maximise: QUANTITY`"));
            return null;
        }
        Figure f = figure(m, maximise ? "maximise" : "minimise");
        return f == null ? null : new Objective(f, maximise);
    }

    private Figure figure(YamlNode.Mapping m, String key) {
        YamlNode q = m.get(key).orElse(null);
        if (q == null) {
            problems.add(Diagnostic.error(m.location(), "missing `" + key + ":` (one of " + quantities() + ")"));
            return null;
        }
        Quantity quantity = Quantity.named(q.text()).orElse(null);
        if (quantity == null) {
            List<String> names = List.of(Quantity.values()).stream().map(Quantity::key).toList();
            problems.add(Diagnostic.error(q.location(), "unknown quantity `" + q.text() + "`" + Suggestions.hint(q.text(), names)
                    + " (quantities: " + quantities() + ")"));
            return null;
        }
        String at = text(m, "at", false);
        if (at != null && !quantity.takesAt()) {
            problems.add(Diagnostic.error(m.get("at").get().location(), "`at:` applies to receptive_field (a node) and coverage "
                    + "(a block), not to " + quantity.key()));
            return null;
        }
        if (quantity == Quantity.LATENCY_MS && latencyAt == null) {
            latencyAt = q.location();
        }
        return new Figure(quantity, at);
    }

    private static String quantities() {
        return String.join(", ", List.of(Quantity.values()).stream().map(Quantity::key).toList());
    }

    private List<YamlNode> items(YamlNode.Mapping top, String key) {
        YamlNode node = top.get(key).orElse(null);
        if (node == null) {
            return List.of();
        }
        if (node instanceof YamlNode.Sequence s) {
            return s.items();
        }
        problems.add(Diagnostic.error(node.location(), "`" + key + "` is a list, not " + node.kind()));
        return List.of();
    }

    private Object value(YamlNode item) {
        if (item instanceof YamlNode.Scalar s && s.value() != null) {
            return s.value();
        }
        if (item instanceof YamlNode.Sequence s) {
            List<Object> list = new ArrayList<>();
            for (YamlNode i : s.items()) {
                Object v = value(i);
                if (v == null) {
                    return null;
                }
                list.add(v);
            }
            return List.copyOf(list);
        }
        problems.add(Diagnostic.error(item.location(), "expected a value or a list of values, not " + item.kind()));
        return null;
    }

    private List<Long> integers(YamlNode.Mapping m, String key) {
        YamlNode node = m.get(key).orElse(null);
        if (!(node instanceof YamlNode.Sequence s) || s.items().isEmpty()) {
            problems.add(Diagnostic.error(node == null ? m.location() : node.location(), "`" + key
                    + "` lists the candidate values, at least one"));
            return null;
        }
        List<Long> out = new ArrayList<>();
        for (YamlNode i : s.items()) {
            if (!(i instanceof YamlNode.Scalar sc && sc.value() instanceof Long l)) {
                problems.add(Diagnostic.error(i.location(), "expected an integer, not " + i.kind()));
                return null;
            }
            out.add(l);
        }
        return out;
    }

    private boolean isInteger(YamlNode.Mapping m, String key) {
        return m.get(key).filter(n -> n instanceof YamlNode.Scalar s && s.value() instanceof Long).isPresent();
    }

    private BigDecimal decimal(YamlNode.Mapping m, String key, BigDecimal absent) {
        YamlNode node = m.get(key).orElse(null);
        if (node == null) {
            if (absent == null && !key.equals("min") && !key.equals("max")) {
                problems.add(Diagnostic.error(m.location(), "missing `" + key + ":`"));
            }
            return absent;
        }
        if (node instanceof YamlNode.Scalar s && (s.value() instanceof Long || s.value() instanceof Double)) {
            return new BigDecimal(s.value().toString());
        }
        problems.add(Diagnostic.error(node.location(), "`" + key + "` is a number, not " + node.kind()));
        return null;
    }

    private Long integer(YamlNode.Mapping m, String key, Long absent) {
        YamlNode node = m.get(key).orElse(null);
        if (node == null) {
            if (absent == null) {
                problems.add(Diagnostic.error(m.location(), "missing `" + key + ":`"));
            }
            return absent;
        }
        if (node instanceof YamlNode.Scalar s && s.value() instanceof Long l) {
            return l;
        }
        problems.add(Diagnostic.error(node.location(), "`" + key + "` is an integer, not " + node.kind()));
        return null;
    }

    private String text(YamlNode.Mapping m, String key, boolean required) {
        YamlNode node = m.get(key).orElse(null);
        if (node == null) {
            if (required) {
                problems.add(Diagnostic.error(m.location(), "a sweep file needs `" + key + ":`"));
            }
            return null;
        }
        if (node instanceof YamlNode.Scalar s && s.value() != null && !(s.value() instanceof Boolean)) {
            return s.value().toString();
        }
        problems.add(Diagnostic.error(node.location(), "`" + key + "` is a word, not " + node.kind()));
        return null;
    }

    private void checkKeys(YamlNode.Mapping m, Set<String> allowed) {
        for (YamlNode.Mapping.Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                problems.add(Diagnostic.error(e.keyLocation(), "unknown key `" + e.key() + "`" + Suggestions.hint(e.key(), allowed)
                        + " (expected " + String.join(", ", allowed.stream().sorted().toList()) + ")"));
            }
        }
    }
}
