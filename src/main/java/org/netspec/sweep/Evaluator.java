package org.netspec.sweep;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Profile;
import org.netspec.analysis.gridding.BlockCache;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.device.DeviceProfile;
import org.netspec.graph.Network;
import org.netspec.graph.NetworkBuilder;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.Expressions;
import org.netspec.spec.Limits;
import org.netspec.spec.NetworkSpec;
import org.netspec.spec.Overrides;
import org.netspec.spec.ParamSpec;
import org.netspec.spec.SpecException;

/**
 * Evaluates variants of one loaded spec: the spec is parsed once and re-expanded with each
 * variant's values; the constraints are checked cheapest first and the first one failed stops the
 * work, so a variant over its parameter budget never has its receptive field or gridding
 * computed. The objectives are measured for every variant that built, so the charts can place
 * rejected variants too. A sweep parameter the spec lacks may size another domain ({@code K} of
 * {@code increasing: K}); it is recorded but not passed to the spec. Safe to call from several threads.
 */
public final class Evaluator {
    private final SweepSpec sweep;
    private final NetworkSpec spec;
    /** The sweep's input shapes, checked once. */
    private final Inputs inputs;
    /**
     * Each parameter value checked once by name and text: reading a number through the
     * expression compiler costs more than building a small module.
     */
    private final Map<List<String>, Read> typed = new ConcurrentHashMap<>();
    private final Limits limits;
    private final Profile profile;
    /** The profile of {@code latency_ms}, or null. */
    private final DeviceProfile device;
    private final List<Constraint> checks;
    /** Parsed and compiled once for every variant; each variant gets its own cost budget. */
    private final Expressions expressions;
    /** Parameters the spec does not have that only size another domain ({@code increasing: K}). */
    private final Set<String> sweepOnly;
    /** Blocks measured by earlier variants: most variants repeat most blocks of the others. */
    private final BlockCache blocks = new BlockCache();

    /**
     * @throws SpecException when a swept parameter is not one of the spec's, at the sweep file's line
     */
    public Evaluator(SweepSpec sweep, NetworkSpec spec, Limits limits, Profile profile) throws SpecException {
        this(sweep, spec, limits, profile, null);
    }

    /**
     * @param device the profile of {@code latency_ms}; null when no figure is a latency
     * @throws SpecException when a swept parameter is not one of the spec's, or {@code latency_ms}
     *     has no device, at the sweep file's line
     */
    public Evaluator(SweepSpec sweep, NetworkSpec spec, Limits limits, Profile profile, DeviceProfile device)
            throws SpecException {
        this.sweep = sweep;
        this.device = device;
        this.spec = spec;
        this.limits = limits;
        this.profile = profile;
        this.checks = sweep.checkOrder();
        this.expressions = new Expressions(limits);
        Set<String> read = sweep.params().stream().flatMap(p -> p.domain().dependsOn().stream()).collect(Collectors.toSet());
        this.sweepOnly = read.stream().filter(n -> !spec.params().containsKey(n)).collect(Collectors.toSet());
        List<Diagnostic> problems = new ArrayList<>();
        for (Parameter p : sweep.params()) {
            if (!spec.params().containsKey(p.name()) && !sweepOnly.contains(p.name())) {
                problems.add(Diagnostic.error(p.location(), "the spec " + spec.file().getFileName() + " has no parameter `"
                        + p.name() + "` (parameters: " + String.join(", ", spec.params().keySet()) + ")"));
            }
        }
        if (sweep.latencyAt() != null && device == null) {
            problems.add(Diagnostic.error(sweep.latencyAt(), "latency_ms needs a device profile: `device: NAME` in the sweep "
                    + "file or --device NAME (a profile file, or a name in specs/devices/ such as h200-pytorch-fp32)"));
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        Overrides base = sweep.input() == null ? Overrides.NONE : Overrides.NONE.withInput("", sweep.input());
        Inputs resolved;
        try {
            resolved = new Inputs(base.resolve(spec, expressions.withFreshBudget()).inputs(), null);
        } catch (SpecException e) {
            resolved = new Inputs(Map.of(), e.diagnostics().get(0).message());
        }
        this.inputs = resolved;
    }

    /** The sweep's input shapes checked against the spec, or why they do not fit it. */
    private record Inputs(Map<String, List<Long>> shapes, String error) {
    }

    /** One parameter value checked against the spec as {@code --set} checks it, or why it does not fit. */
    private record Read(Object value, String error) {
    }

    /**
     * A number, truth value or list of them taken as the expression its text is would give it,
     * when it fits the parameter; null otherwise (a word, a value that does not fit: read as
     * {@code --set} reads it, for the same message).
     */
    private Read direct(String name, Object value) {
        ParamSpec p = spec.params().get(name);
        if (p == null || p.type() == ParamSpec.Type.STRING || !literal(value)) {
            return null;
        }
        Object raw = value instanceof List<?> list ? new ArrayList<>(list) : value;
        return p.problem(raw).isPresent() ? null : new Read(p.coerce(raw).orElseThrow(), null);
    }

    private static boolean literal(Object v) {
        return v instanceof Long || v instanceof Boolean || v instanceof Double d && Double.isFinite(d)
                || v instanceof List<?> list && list.stream().allMatch(i -> i instanceof Long || i instanceof Boolean
                        || i instanceof Double d && Double.isFinite(d));
    }

    private Read read(String name, String text) {
        try {
            return new Read(new Overrides(Map.of(name, text), Map.of()).resolve(spec, expressions.withFreshBudget()).params()
                    .get(name), null);
        } catch (SpecException e) {
            return new Read(null, e.diagnostics().get(0).message());
        }
    }

    public Outcome evaluate(long index, Map<String, Object> values) {
        if (inputs.error() != null) {
            return new Outcome(index, values, Map.of(), null, inputs.error());
        }
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : values.entrySet()) {
            if (!sweepOnly.contains(e.getKey())) {
                Read r = direct(e.getKey(), e.getValue());
                if (r == null) {
                    r = typed.computeIfAbsent(List.of(e.getKey(), text(e.getValue())), k -> read(k.get(0), k.get(1)));
                }
                if (r.error() != null) {
                    return new Outcome(index, values, Map.of(), null, r.error());
                }
                params.put(e.getKey(), r.value());
            }
        }
        NetworkBuilder.Result built = NetworkBuilder.build(spec, new Overrides.Resolved(params, inputs.shapes()), limits,
                expressions.withFreshBudget());
        if (built.hasErrors() || built.network().isEmpty()) {
            String why = built.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::message).findFirst()
                    .orElse("the network did not build");
            return new Outcome(index, values, Map.of(), null, why);
        }
        Network network = built.network().get();
        Map<String, Double> figures = new LinkedHashMap<>();
        try {
            Analyses counted = Analyses.of(network, profile, 4, limits.maxAnalysisSteps());
            Analyses a = device == null ? counted : counted.withDevice(device);
            Supplier<Gridding> gridding = new Supplier<>() {
                private Gridding known;

                @Override
                public Gridding get() {
                    if (known == null) {
                        known = Gridding.of(network, limits.maxAnalysisSteps(), blocks);
                    }
                    return known;
                }
            };
            int warnings = built.warnings().size();
            String failed = null;
            for (Constraint c : checks) {
                double v = measure(a, gridding, c.figure(), warnings, figures);
                if (!c.admits(v)) {
                    failed = c.label();
                    break;
                }
            }
            for (Objective o : sweep.objectives()) {
                measure(a, gridding, o.figure(), warnings, figures);
            }
            return new Outcome(index, values, figures, failed, null);
        } catch (Costs.OverflowException | IllegalArgumentException e) {
            return new Outcome(index, values, figures, null, e.getMessage());
        }
    }

    private static double measure(Analyses a, Supplier<Gridding> gridding, Figure f, int warnings, Map<String, Double> figures) {
        Double known = figures.get(f.label());
        if (known != null) {
            return known;
        }
        double v = f.quantity().measure(a, gridding, f.at(), warnings);
        figures.put(f.label(), v);
        return v;
    }

    /** A value as {@code --set} reads it: an expression literal, or the word itself for text. */
    static String text(Object v) {
        if (v instanceof Double d) {
            String plain = BigDecimal.valueOf(d).toPlainString();
            return plain.contains(".") ? plain : plain + ".0";
        }
        if (v instanceof List<?> list) {
            return list.stream().map(i -> i instanceof String s ? "'" + s + "'" : text(i)).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(v);
    }
}
