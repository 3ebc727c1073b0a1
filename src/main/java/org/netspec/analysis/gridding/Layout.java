package org.netspec.analysis.gridding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.netspec.analysis.Periodicity;
import org.netspec.graph.Node;

/**
 * A node's channel groups with their footprints per phase: output {@code y = k*period + phi} of a
 * group reads its phase-phi footprint moved by {@code k*shift} source positions, per axis
 * ({@link Periodicity}); phases are height phase major.
 */
record Layout(Periodicity height, Periodicity width, List<Segment> segments) {
    /** The periodicity of a layout with no local footprint. */
    static final Periodicity FLAT = new Periodicity(1, 0);

    static Layout source(long channels) {
        return new Layout(Periodicity.SOURCE, Periodicity.SOURCE,
                List.of(new Segment(channels, false, new Footprint[] {Footprint.POINT})));
    }

    /** A tensor that does not depend on the source. */
    static Layout unreached(long channels) {
        return new Layout(FLAT, FLAT, List.of(new Segment(channels, false, Segment.empty(1))));
    }

    int phases() {
        return height.period() * width.period();
    }

    boolean reached() {
        return segments.stream().anyMatch(Segment::reached);
    }

    /** Whether some group has a local footprint (not only global or empty ones). */
    boolean local() {
        return segments.stream().anyMatch(s -> Arrays.stream(s.phases()).anyMatch(f -> !f.isEmpty()));
    }

    /** The same groups with no local footprint: what a global operator leaves, at period 1. */
    Layout withoutFootprints() {
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments) {
            out.add(new Segment(s.channels(), s.global(), Segment.empty(1)));
        }
        return new Layout(FLAT, FLAT, out);
    }

    long channels() {
        return segments.stream().mapToLong(Segment::channels).sum();
    }

    /** The node's footprint: its reached groups and, per phase, their union. */
    NodeFootprint footprint(Node n, boolean dilatedPath) {
        List<NodeFootprint.Group> groups = new ArrayList<>();
        long first = 0;
        List<Footprint> union = new ArrayList<>();
        for (int phi = 0; phi < phases(); phi++) {
            List<Footprint.Placed> parts = new ArrayList<>();
            for (Segment s : segments) {
                parts.add(new Footprint.Placed(s.phases()[phi], 0, 0));
            }
            union.add(Footprint.sum(parts, null));
        }
        for (Segment s : segments) {
            if (s.reached()) {
                groups.add(new NodeFootprint.Group(first, s.channels(), s.global(), List.of(s.phases())));
            }
            first += s.channels();
        }
        return new NodeFootprint(n, height.period(), width.period(), List.copyOf(groups), List.copyOf(union),
                dilatedPath);
    }
}
