package org.netspec.sweep;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The evaluated variants of a sweep (all of them, or a shard's share), with what the summary and
 * the report show: the count rejected by each constraint and the Pareto front.
 *
 * @param manifest what the sweep asked for, identical across its shards
 * @param outcomes by variant index
 */
public record SweepResult(Manifest manifest, List<Outcome> outcomes) {
    public SweepResult {
        outcomes = List.copyOf(outcomes);
    }

    /**
     * What a sweep asked for, as its results record it.
     *
     * @param variants the number of variants of the whole sweep
     * @param constraints constraint labels in check order
     * @param device the device profile latencies were estimated on, or null when none was given: a
     *     run resumed or merged with another profile would mix estimates
     */
    public record Manifest(String name, long variants, List<String> params, List<String> figures, List<String> constraints,
            List<Objective> objectives, String device) {
        public static Manifest of(SweepSpec sweep, long variants, String device) {
            return new Manifest(sweep.name(), variants, sweep.params().stream().map(Parameter::name).toList(),
                    sweep.figures().stream().map(Figure::label).toList(),
                    sweep.checkOrder().stream().map(Constraint::label).toList(), sweep.objectives(), device);
        }
    }

    /** Constraint label to the number of variants it rejected first, in check order. */
    public Map<String, Long> rejected() {
        Map<String, Long> counts = new LinkedHashMap<>();
        manifest.constraints().forEach(c -> counts.put(c, 0L));
        outcomes.stream().filter(o -> o.failed() != null).forEach(o -> counts.merge(o.failed(), 1L, Long::sum));
        return counts;
    }

    public long passed() {
        return outcomes.stream().filter(Outcome::passed).count();
    }

    public long errors() {
        return outcomes.stream().filter(o -> o.error() != null).count();
    }

    /**
     * The values of a figure over the variants that passed every constraint, ascending: the points
     * of its empirical distribution function.
     */
    public double[] distribution(String figure) {
        return outcomes.stream().filter(Outcome::passed).map(o -> o.figures().get(figure)).filter(v -> v != null)
                .mapToDouble(Double::doubleValue).sorted().toArray();
    }

    public List<Outcome> front() {
        return Pareto.front(outcomes, manifest.objectives());
    }
}
