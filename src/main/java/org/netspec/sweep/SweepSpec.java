package org.netspec.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.netspec.spec.SourceLocation;

/**
 * A loaded sweep file: the spec to vary, its parameters' domains, the constraints every variant
 * must meet and the objectives of its Pareto front.
 *
 * @param input an input shape for the spec ({@code 1x3x512x1024}), or null for the spec's own
 * @param device the device profile of {@code latency_ms} as written (a file relative to the sweep
 *     file, or a name in specs/devices/), or null
 * @param deviceAt where {@code device:} is written; null without it
 * @param latencyAt where {@code latency_ms} is first named; null when no figure is a latency
 */
public record SweepSpec(String name, Path file, Path spec, String input, List<Parameter> params,
        List<Constraint> constraints, List<Objective> objectives, String device, SourceLocation deviceAt,
        SourceLocation latencyAt) {
    public SweepSpec {
        params = List.copyOf(params);
        constraints = List.copyOf(constraints);
        objectives = List.copyOf(objectives);
    }

    /** The constraints in the order they are checked: cheapest figure first, then as written. */
    public List<Constraint> checkOrder() {
        List<Constraint> ordered = new ArrayList<>(constraints);
        ordered.sort(Comparator.comparingInt(c -> c.figure().quantity().cost()));
        return ordered;
    }

    /** Every figure the results hold a column for: the constraints' in check order, then the objectives'. */
    public List<Figure> figures() {
        Set<Figure> all = new LinkedHashSet<>();
        checkOrder().forEach(c -> all.add(c.figure()));
        objectives.forEach(o -> all.add(o.figure()));
        return List.copyOf(all);
    }
}
