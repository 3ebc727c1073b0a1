package org.netspec.sweep;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Profile;
import org.netspec.analysis.gridding.BlockCache;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.graph.Network;
import org.netspec.graph.NetworkBuilder;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.Expressions;
import org.netspec.spec.Limits;
import org.netspec.spec.NetworkSpec;
import org.netspec.spec.Overrides;
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
    private final Overrides base;
    private final Limits limits;
    private final Profile profile;
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
        this.sweep = sweep;
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
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        this.base = sweep.input() == null ? Overrides.NONE : Overrides.NONE.withInput("", sweep.input());
    }

    public Outcome evaluate(long index, Map<String, Object> values) {
        Map<String, String> texts = new LinkedHashMap<>(base.params());
        values.forEach((k, v) -> {
            if (!sweepOnly.contains(k)) {
                texts.put(k, text(v));
            }
        });
        Overrides overrides = new Overrides(texts, base.inputs());
        NetworkBuilder.Result built;
        try {
            built = NetworkBuilder.build(spec, overrides, limits, expressions.withFreshBudget());
        } catch (SpecException e) {
            return new Outcome(index, values, Map.of(), null, e.diagnostics().get(0).message());
        }
        if (built.hasErrors() || built.network().isEmpty()) {
            String why = built.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::message).findFirst()
                    .orElse("the network did not build");
            return new Outcome(index, values, Map.of(), null, why);
        }
        Network network = built.network().get();
        Map<String, Double> figures = new LinkedHashMap<>();
        try {
            Analyses a = Analyses.of(network, profile, 4, limits.maxAnalysisSteps());
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
