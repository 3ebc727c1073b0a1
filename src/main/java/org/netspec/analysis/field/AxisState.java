package org.netspec.analysis.field;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.util.ArithmeticUtils;
import org.netspec.analysis.field.ReceptiveField.Axis;
import org.netspec.graph.Node;
import org.netspec.ops.AxisMap;

/**
 * One axis of a node while the fields are composed: the local field as one component per stride,
 * the global flag, the minimal path, whether all paths so far agree, and the centre shift among
 * the paths merging here.
 */
record AxisState(List<Component> local, boolean global, Component minPath, boolean aligned,
        BigFraction centreShift) {
    static final AxisState SOURCE = new AxisState(List.of(Periodic.SOURCE), false, Periodic.SOURCE, true,
            BigFraction.ZERO);

    boolean reached() {
        return global || !local.isEmpty();
    }

    /**
     * The axis state of a node from its inputs' ({@code inputs} gives null for an input that does
     * not depend on the source), or null when no input it reads depends on the source.
     */
    static AxisState compose(Node n, boolean heightAxis, Function<Node, AxisState> inputs, Steps steps) {
        long length = ReceptiveField.length(n, heightAxis);
        List<AxisState> ports = new ArrayList<>();
        for (int port = 0; port < n.inputs().size(); port++) {
            AxisState s = inputs.apply(n.inputs().get(port));
            if (s == null) {
                continue;
            }
            AxisMap map = n.op().axisMap(n.attributes(), n.inputShapes(), n.shape(), port, heightAxis);
            switch (map.kind()) {
                case UNREAD -> {
                }
                case GLOBAL -> ports.add(new AxisState(List.of(), true, null, s.aligned(), BigFraction.ZERO));
                case LOCAL -> ports.add(new AxisState(through(s.local(), map, length, steps), s.global(),
                        s.minPath() == null || map.isIdentity() ? s.minPath() : s.minPath().through(map, steps), s.aligned(),
                        BigFraction.ZERO));
            }
        }
        ports.removeIf(p -> !p.reached());
        if (ports.isEmpty()) {
            return null;
        }
        return ports.size() == 1 ? ports.get(0) : merge(ports, length, steps);
    }

    private static List<Component> through(List<Component> local, AxisMap map, long length, Steps steps) {
        if (map.isIdentity()) {
            return local;
        }
        List<Component> out = new ArrayList<>();
        for (Component c : local) {
            Component next = c.through(map, steps);
            if (next != null) {
                out.add(next);
            }
        }
        // A map that reads one position (broadcast) sends every stride to 0.
        return byStride(out, length, steps);
    }

    /** Merges components of equal stride into one (the union of their intervals), and too many strides into a band. */
    private static List<Component> byStride(List<Component> components, long length, Steps steps) {
        steps.spend(components.size());
        Map<BigFraction, Component> merged = new LinkedHashMap<>();
        for (Component c : components) {
            merged.merge(c.stride(), c, (a, b) -> a.union(b, steps));
        }
        if (merged.size() > ReceptiveField.MAX_STRIDES) {
            return List.of(Band.collapse(merged.values(), length));
        }
        return List.copyOf(merged.values());
    }

    /** The union of the fields of several inputs, with the alignment check of section 2. */
    private static AxisState merge(List<AxisState> ports, long length, Steps steps) {
        List<Component> all = new ArrayList<>();
        boolean global = false;
        boolean aligned = true;
        Component minPath = null;
        boolean severalStrides = false;
        for (AxisState p : ports) {
            all.addAll(p.local());
            global |= p.global();
            aligned &= p.aligned();
            if (p.minPath() != null && (minPath == null || p.minPath().largest() < minPath.largest())) {
                minPath = p.minPath();
            }
            severalStrides |= p.local().size() > 1;
        }
        BigFraction shift = severalStrides ? null : centreShift(all, steps);
        aligned &= shift != null && shift.equals(BigFraction.ZERO);
        return new AxisState(byStride(all, length, steps), global, minPath, aligned, shift);
    }

    /**
     * The largest centre difference between the paths, over every phase both read; null when
     * their strides differ or a band hides the centres.
     */
    private static BigFraction centreShift(List<Component> paths, Steps steps) {
        if (paths.size() < 2) {
            return BigFraction.ZERO;
        }
        long period = 1;
        for (Component c : paths) {
            if (!(c instanceof Periodic p) || !c.stride().equals(paths.get(0).stride())) {
                return null;
            }
            period = ArithmeticUtils.lcm(period, p.period());
        }
        if (period > ReceptiveField.MAX_PERIOD) {
            return null;
        }
        long largest = 0;
        Periodic base = ((Periodic) paths.get(0)).expanded((int) period, steps);
        for (Component c : paths.subList(1, paths.size())) {
            Periodic other = ((Periodic) c).expanded((int) period, steps);
            for (int phi = 0; phi < period; phi++) {
                if (base.reads(phi) && other.reads(phi)) {
                    long twice = Math.abs(base.first(phi) + base.last(phi) - other.first(phi) - other.last(phi));
                    largest = Math.max(largest, twice);
                }
            }
        }
        return new BigFraction(largest, 2L);
    }

    /** The field as the analysis reports it, over the node's {@code length} positions. */
    Axis axis(long length, long sourceLength, Steps steps) {
        if (local.isEmpty()) {
            return new Axis(sourceLength, sourceLength, null, null, null, null, null, null, true, aligned,
                    centreShift, false, true);
        }
        Extremes localExtremes = Extremes.of(local, length, null, steps);
        // A global path reads the whole source axis, 0 .. n-1, at every position.
        Extremes all = global
                ? Extremes.of(local, length, new Reach(0, 0, sourceLength - 1, sourceLength - 1), steps)
                : localExtremes;
        boolean exact = local.stream().allMatch(Component::exact);
        Long minPathSize = minPath == null ? null : Extremes.of(List.of(minPath), length, null, steps).largest();
        boolean severalStrides = local.size() > 1 || local.get(0) instanceof Band b && b.mixed();
        Component only = severalStrides ? null : local.get(0);
        Reach o = localExtremes.origin();
        BigFraction offset = o == null ? null
                : new BigFraction(o.firstLow() + o.firstHigh() + o.lastLow() + o.lastHigh(), 4L);
        Long padding = o == null || !exact ? null : -o.firstLow();
        return new Axis(all.largest(), all.smallest(), localExtremes.largest(), minPathSize,
                only == null ? null : only.stride(), offset, padding, only instanceof Periodic p ? p.period() : null,
                global, aligned, centreShift, severalStrides, exact);
    }
}
