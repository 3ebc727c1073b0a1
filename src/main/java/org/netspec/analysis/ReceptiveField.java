package org.netspec.analysis;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.util.ArithmeticUtils;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.AxisMap;

/**
 * The receptive field of every node with respect to a source node (the network input, or any
 * node such as a block's input), per axis, as receptive-field-and-gridding.md sections 1 to 3
 * define it: the first and last source positions u(y), v(y) each output position y depends on,
 * on the infinite plane (padding taps count, borders are ignored).
 *
 * <p>Every operator's {@link AxisMap} is composed forward in topological order. A node's field
 * on an axis is a union of periodic tables, one per effective stride J: {@code u(y + P) = u(y) +
 * J*P}, reduced to the shortest period P after each step. Paths that agree in J merge into one
 * table (the union of their intervals, phase by phase); paths with different J (a size-dependent
 * resize beside an identity) stay separate and their union is evaluated over the node's real
 * positions; tables beyond {@link #MAX_PERIOD} and more than {@link #MAX_STRIDES} strides become
 * conservative bands, marked inexact. Global operators (global pooling, one-bin adaptive
 * pooling, flatten, linear) set a flag that propagates with OR; the local field is the union over
 * the paths that avoid them. The minimal-path field follows, at every merge, the input with the
 * smallest field. A pure function of the network and the source; the work per node is bounded by
 * the two limits and the node's size, not by the depth of the network.
 */
public final class ReceptiveField {
    /**
     * Largest period kept as an exact table. Ordinary layers keep period 1, an up-sampling by f
     * period f, an align_corners resize from n to m rows (m - 1) / gcd(n - 1, m - 1), and adaptive
     * pooling its bins, so 4096 keeps every resize of maps up to 4097 pixels exact while a table
     * stays a few kilobytes. A composition that would exceed it (two coprime resizes in a row)
     * falls back to a band: rational bounds on u(y) - J*y and v(y) - J*y, which still contain the
     * true interval of every position, so sizes are upper bounds and the field is marked inexact.
     */
    public static final int MAX_PERIOD = 4096;

    /**
     * Most distinct strides kept apart in one field. A union of strides is walked position by
     * position in the report, and the strides multiply through cascaded pyramids (ESPNetv2's
     * decoder: five pooling scales per pyramid, three pyramids, 139 strides by the last); a
     * single pyramid beside an identity (Fast-SCNN's PPM: five) stays exact. Beyond 8 the
     * components collapse into one band around the middle stride, widened by the drift between
     * the strides over the node's positions, so it holds for every real position.
     */
    public static final int MAX_STRIDES = 8;

    /**
     * The field of a node on one axis.
     *
     * @param size the largest field over the node's positions (r_max); a global path adds the whole
     *     source axis to every position's field; an upper bound when not {@code exact}
     * @param minSize the smallest field over the node's positions (r_min), likewise
     * @param localSize r_max of the union over the paths that avoid global operators; null if none
     * @param minPathSize r_max along the minimal path, which follows the smallest input at every
     *     merge; null if every path is global
     * @param stride the effective stride J in source positions per output position; null when the
     *     paths have different strides (or none is local)
     * @param offset the centre of output position 0 of the local field, (u(0) + v(0)) / 2; null
     *     when output 0 reads nothing local
     * @param effectivePadding -u(0) of the local field: how far before the source output 0's field
     *     starts; null when unknown (no local path, output 0 reads nothing, or not exact)
     * @param period P of the exact table; null when the field is not one table
     * @param global some path goes through a global operator
     * @param aligned every pair of paths from the source agrees in stride and centre
     * @param centreShift the largest difference between the centres of the paths merging at this
     *     node (0 at a node that merges nothing or whose paths agree); null when their strides
     *     differ or cannot be compared
     * @param strideMismatch paths with different strides meet in this field
     * @param exact false when a band stands for a table longer than {@link #MAX_PERIOD}
     */
    public record Axis(long size, long minSize, Long localSize, Long minPathSize, BigFraction stride,
            BigFraction offset, Long effectivePadding, Integer period, boolean global, boolean aligned,
            BigFraction centreShift, boolean strideMismatch, boolean exact) {
    }

    /** The field of one node on both axes. */
    public record Field(Node node, Axis height, Axis width) {
        public boolean global() {
            return height.global() || width.global();
        }

        public boolean aligned() {
            return height.aligned() && width.aligned();
        }

        public boolean exact() {
            return height.exact() && width.exact();
        }

        /** The values the JSON output carries, [h, w] each. */
        public Json json() {
            return new Json(List.of(height.size(), width.size()), decimals(height.stride(), width.stride()),
                    decimals(height.offset(), width.offset()), List.of(height.minSize(), width.minSize()),
                    Arrays.asList(height.minPathSize(), width.minPathSize()), global(), aligned(), exact());
        }

        private static List<Double> decimals(BigFraction h, BigFraction w) {
            return Arrays.asList(h == null ? null : h.doubleValue(), w == null ? null : w.doubleValue());
        }
    }

    /**
     * JSON-ready per-node values, [h, w] each, for {@code receptive_field}: {@code size},
     * {@code stride} and {@code offset} as decimals (null entries where undefined),
     * {@code min_size}, {@code min_path_size}, {@code global}, {@code aligned}, {@code exact}.
     */
    public record Json(List<Long> size, List<Double> stride, List<Double> offset, List<Long> minSize,
            List<Long> minPathSize, boolean global, boolean aligned, boolean exact) {
    }

    private final Network network;
    private final Node source;
    private final Map<Node, Field> fields = new LinkedHashMap<>();

    private ReceptiveField(Network network, Node source) {
        if (!source.shape().isFeatureMap()) {
            throw new IllegalArgumentException("a receptive field is measured on a feature map, but `" + source.name()
                    + "` is " + source.shape());
        }
        this.network = network;
        this.source = source;
        Map<Node, NodeState> states = new HashMap<>();
        for (Node n : network.nodes()) {
            NodeState state = n.equals(source) ? NodeState.SOURCE : compose(n, states);
            if (state == null) {
                continue;
            }
            states.put(n, state);
            fields.put(n, new Field(n, report(state.height(), length(n, true), source.shape().h()),
                    report(state.width(), length(n, false), source.shape().w())));
        }
    }

    /** Fields with respect to the network's first input (the image in every network spec). */
    public static ReceptiveField of(Network network) {
        return new ReceptiveField(network, network.inputs().get(0));
    }

    /** Fields with respect to any node of the network, such as a block's input. */
    public static ReceptiveField from(Network network, Node source) {
        if (network.node(source.name()).isEmpty()) {
            throw new IllegalArgumentException("`" + source.name() + "` is not a node of " + network.name());
        }
        return new ReceptiveField(network, source);
    }

    public Network network() {
        return network;
    }

    public Node source() {
        return source;
    }

    /** The field of a node; empty when the node does not depend on the source. */
    public Optional<Field> field(Node node) {
        return Optional.ofNullable(fields.get(node));
    }

    /** The fields of the nodes that depend on the source, in node order. */
    public List<Field> fields() {
        return List.copyOf(fields.values());
    }

    private static long length(Node n, boolean heightAxis) {
        if (!n.shape().isFeatureMap()) {
            return 1;
        }
        return heightAxis ? n.shape().h() : n.shape().w();
    }

    // ---- composition ----

    private record NodeState(AxisState height, AxisState width) {
        static final NodeState SOURCE = new NodeState(AxisState.SOURCE, AxisState.SOURCE);

        AxisState axis(boolean heightAxis) {
            return heightAxis ? height : width;
        }
    }

    /**
     * One axis of a node: the local field as one component per stride, the global flag, the
     * minimal path, whether all paths so far agree, and the centre shift among the paths merging here.
     */
    private record AxisState(List<Component> local, boolean global, Component minPath, boolean aligned,
            BigFraction centreShift) {
        static final AxisState SOURCE = new AxisState(List.of(Periodic.SOURCE), false, Periodic.SOURCE, true,
                BigFraction.ZERO);

        boolean reached() {
            return global || !local.isEmpty();
        }
    }

    private static NodeState compose(Node n, Map<Node, NodeState> states) {
        AxisState h = compose(n, true, states);
        AxisState w = h == null ? null : compose(n, false, states);
        return w == null ? null : new NodeState(h, w);
    }

    /** The axis state of a node from its inputs', or null when no input it reads depends on the source. */
    private static AxisState compose(Node n, boolean heightAxis, Map<Node, NodeState> states) {
        long length = length(n, heightAxis);
        List<AxisState> ports = new ArrayList<>();
        for (int port = 0; port < n.inputs().size(); port++) {
            NodeState in = states.get(n.inputs().get(port));
            if (in == null) {
                continue;
            }
            AxisMap map = n.op().axisMap(n.attributes(), n.inputShapes(), n.shape(), port, heightAxis);
            AxisState s = in.axis(heightAxis);
            switch (map.kind()) {
                case UNREAD -> {
                }
                case GLOBAL -> ports.add(new AxisState(List.of(), true, null, s.aligned(), BigFraction.ZERO));
                case LOCAL -> ports.add(new AxisState(through(s.local(), map, length), s.global(),
                        s.minPath() == null || map.isIdentity() ? s.minPath() : s.minPath().through(map), s.aligned(),
                        BigFraction.ZERO));
            }
        }
        ports.removeIf(p -> !p.reached());
        if (ports.isEmpty()) {
            return null;
        }
        return ports.size() == 1 ? ports.get(0) : merge(ports, length);
    }

    private static List<Component> through(List<Component> local, AxisMap map, long length) {
        if (map.isIdentity()) {
            return local;
        }
        List<Component> out = new ArrayList<>();
        for (Component c : local) {
            Component next = c.through(map);
            if (next != null) {
                out.add(next);
            }
        }
        // A map that reads one position (broadcast) sends every stride to 0.
        return byStride(out, length);
    }

    /** Merges components of equal stride into one (the union of their intervals), and too many strides into a band. */
    private static List<Component> byStride(List<Component> components, long length) {
        Map<BigFraction, Component> merged = new LinkedHashMap<>();
        for (Component c : components) {
            merged.merge(c.stride(), c, Component::union);
        }
        if (merged.size() > MAX_STRIDES) {
            return List.of(collapse(merged.values(), length));
        }
        return List.copyOf(merged.values());
    }

    /**
     * One band around the middle stride for components of several strides: over positions
     * 0..length-1 a component drifts from it by at most (J_c - J_mid) * (length - 1). Taps beyond
     * the map (padding) read the band's linear extension: for mixed strides the infinite plane
     * has no other meaning there.
     */
    private static Band collapse(Collection<Component> components, long length) {
        BigFraction low = null;
        BigFraction high = null;
        for (Component c : components) {
            low = low == null ? c.stride() : min(low, c.stride());
            high = high == null ? c.stride() : max(high, c.stride());
        }
        BigFraction middle = low.add(high).divide(2);
        Band all = null;
        for (Component c : components) {
            Band b = c.band();
            BigFraction drift = b.stride.subtract(middle).multiply(length - 1);
            BigFraction down = min(BigFraction.ZERO, drift);
            BigFraction up = max(BigFraction.ZERO, drift);
            Band moved = new Band(middle, b.firstLow.add(down), b.firstHigh.add(up), b.lastLow.add(down),
                    b.lastHigh.add(up), true);
            all = all == null ? moved : all.union(moved);
        }
        return all;
    }

    /** The union of the fields of several inputs, with the alignment check of section 2. */
    private static AxisState merge(List<AxisState> ports, long length) {
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
        BigFraction shift = severalStrides ? null : centreShift(all);
        aligned &= shift != null && shift.equals(BigFraction.ZERO);
        return new AxisState(byStride(all, length), global, minPath, aligned, shift);
    }

    /**
     * The largest centre difference between the paths, over every phase both read; null when
     * their strides differ or a band hides the centres.
     */
    private static BigFraction centreShift(List<Component> paths) {
        if (paths.size() < 2) {
            return BigFraction.ZERO;
        }
        long period = 1;
        for (Component c : paths) {
            if (!(c instanceof Periodic p) || !c.stride().equals(paths.get(0).stride())) {
                return null;
            }
            period = ArithmeticUtils.lcm(period, p.period);
        }
        if (period > MAX_PERIOD) {
            return null;
        }
        long largest = 0;
        Periodic base = ((Periodic) paths.get(0)).expanded((int) period);
        for (Component c : paths.subList(1, paths.size())) {
            Periodic other = ((Periodic) c).expanded((int) period);
            for (int phi = 0; phi < period; phi++) {
                if (base.first[phi] != Periodic.NONE && other.first[phi] != Periodic.NONE) {
                    long twice = Math.abs(base.first[phi] + base.last[phi] - other.first[phi] - other.last[phi]);
                    largest = Math.max(largest, twice);
                }
            }
        }
        return new BigFraction(largest, 2L);
    }

    // ---- report ----

    /** Bounds on the first and last source positions of one output position (equal pairs when exact). */
    private record Reach(long firstLow, long firstHigh, long lastLow, long lastHigh) {
        Reach union(Reach o) {
            return o == null ? this : new Reach(Math.min(firstLow, o.firstLow), Math.min(firstHigh, o.firstHigh),
                    Math.max(lastLow, o.lastLow), Math.max(lastHigh, o.lastHigh));
        }

        long largest() {
            return lastHigh - firstLow + 1;
        }

        long smallest() {
            return Math.max(1, lastLow - firstHigh + 1);
        }
    }

    /** Largest and smallest field over the real positions, and the reach of position 0. */
    private record Extremes(long largest, long smallest, Reach origin) {
        /**
         * @param everywhere the reach every position has through a global path, or null
         */
        static Extremes of(List<Component> components, long length, Reach everywhere) {
            // One table repeats after its period; a union of strides, or with the fixed global
            // reach, must be walked over the map.
            long positions = everywhere == null && components.size() == 1 && components.get(0) instanceof Periodic p
                    ? Math.min(p.period, length) : length;
            long largest = 0;
            long smallest = Long.MAX_VALUE;
            Reach origin = null;
            for (long y = 0; y < positions; y++) {
                Reach r = everywhere;
                for (Component c : components) {
                    Reach at = c.at(y);
                    r = at == null ? r : at.union(r);
                }
                if (r == null) {
                    continue;
                }
                largest = Math.max(largest, r.largest());
                smallest = Math.min(smallest, r.smallest());
                if (y == 0) {
                    origin = r;
                }
            }
            if (largest == 0) {
                // No real position reads the source (a phase the map never shows): the tables still bound it.
                largest = components.stream().mapToLong(Component::largest).max().orElseThrow();
                smallest = largest;
            }
            return new Extremes(largest, smallest, origin);
        }
    }

    private static Axis report(AxisState s, long length, long sourceLength) {
        if (s.local().isEmpty()) {
            return new Axis(sourceLength, sourceLength, null, null, null, null, null, null, true, s.aligned(),
                    s.centreShift(), false, true);
        }
        Extremes local = Extremes.of(s.local(), length, null);
        // A global path reads the whole source axis, 0 .. n-1, at every position.
        Extremes all = s.global() ? Extremes.of(s.local(), length, new Reach(0, 0, sourceLength - 1, sourceLength - 1))
                : local;
        boolean exact = s.local().stream().allMatch(Component::exact);
        Long minPath = s.minPath() == null ? null : Extremes.of(List.of(s.minPath()), length, null).largest();
        boolean severalStrides = s.local().size() > 1 || s.local().get(0) instanceof Band b && b.mixed;
        Component only = severalStrides ? null : s.local().get(0);
        Reach o = local.origin();
        BigFraction offset = o == null ? null : new BigFraction(o.firstLow + o.firstHigh + o.lastLow + o.lastHigh, 4L);
        Long padding = o == null || !exact ? null : -o.firstLow;
        return new Axis(all.largest(), all.smallest(), local.largest(), minPath, only == null ? null : only.stride(),
                offset, padding, only instanceof Periodic p ? p.period : null, s.global(), s.aligned(),
                s.centreShift(), severalStrides, exact);
    }

    // ---- components ----

    /** The local field of one stride: an exact periodic table or a conservative band. */
    private sealed interface Component permits Periodic, Band {
        BigFraction stride();

        /** The field after a layer reads this one through {@code map}; null when no output reaches the source. */
        Component through(AxisMap map);

        Band band();

        /** Bounds for output position y; null when y reads nothing of the source. */
        Reach at(long y);

        /** The largest field over all phases (an upper bound for a band). */
        long largest();

        boolean exact();

        /** The union with a component of the same stride. */
        default Component union(Component other) {
            if (this instanceof Periodic a && other instanceof Periodic b) {
                return a.union(b);
            }
            return band().union(other.band());
        }
    }

    /**
     * An exact table: output {@code y = k*period + phi} reads source positions
     * {@code first[phi] + k*shift} to {@code last[phi] + k*shift}, with {@code shift = stride * period}
     * an integer; {@link #NONE} marks a phase that reads nothing of the source.
     */
    private static final class Periodic implements Component {
        static final long NONE = Long.MAX_VALUE;
        static final Periodic SOURCE = new Periodic(1, BigFraction.ONE, 1, new long[] {0}, new long[] {0});

        final int period;
        final BigFraction stride;
        final long shift;
        final long[] first;
        final long[] last;

        Periodic(int period, BigFraction stride, long shift, long[] first, long[] last) {
            this.period = period;
            this.stride = stride;
            this.shift = shift;
            this.first = first;
            this.last = last;
        }

        @Override
        public BigFraction stride() {
            return stride;
        }

        @Override
        public boolean exact() {
            return true;
        }

        /** Section 1's forward composition: M = P / gcd(Q, P) layer periods before the phase repeats. */
        @Override
        public Component through(AxisMap map) {
            long advance = map.advance();
            int mapPeriod = map.period();
            long cycles = period / ArithmeticUtils.gcd(advance, period);
            long outPeriod = cycles * mapPeriod;
            if (outPeriod > MAX_PERIOD) {
                return band().through(map);
            }
            int n = (int) outPeriod;
            long[] f = new long[n];
            long[] l = new long[n];
            boolean reached = false;
            for (int phi = 0; phi < n; phi++) {
                long m = phi / mapPeriod;
                long lo = NONE;
                long hi = Long.MIN_VALUE;
                for (long t : relevant(map.taps(phi % mapPeriod))) {
                    long x = m * advance + t;
                    int ph = (int) Math.floorMod(x, (long) period);
                    if (first[ph] != NONE) {
                        long k = Math.floorDiv(x, (long) period) * shift;
                        lo = Math.min(lo, first[ph] + k);
                        hi = Math.max(hi, last[ph] + k);
                    }
                }
                f[phi] = lo;
                l[phi] = lo == NONE ? NONE : hi;
                reached |= lo != NONE;
            }
            if (!reached) {
                return null;
            }
            // J_out * P_out = J * Q * M, an integer because J * P is.
            long outShift = shift * advance * cycles / period;
            return new Periodic(n, stride.multiply(advance).divide(mapPeriod), outShift, f, l).reduced();
        }

        /**
         * The taps that can hold the extremes: u grows by shift every period, so over a long run of
         * adjacent taps (an adaptive bin) the first P hold the smallest u and the last P the largest v.
         */
        private long[] relevant(long[] taps) {
            int n = taps.length;
            if (n <= 2 * period || taps[n - 1] - taps[0] != n - 1) {
                return taps;
            }
            long[] ends = new long[2 * period];
            System.arraycopy(taps, 0, ends, 0, period);
            System.arraycopy(taps, n - period, ends, period, period);
            return ends;
        }

        /** The same field with the shortest period d that still satisfies u(y + d) = u(y) + J*d. */
        Periodic reduced() {
            for (int d = 1; d < period; d++) {
                if (period % d != 0) {
                    continue;
                }
                BigFraction step = stride.multiply(d);
                if (!step.getDenominator().equals(BigInteger.ONE)) {
                    continue;
                }
                long s = step.longValue();
                if (repeatsAfter(d, s)) {
                    return new Periodic(d, stride, s, Arrays.copyOf(first, d), Arrays.copyOf(last, d));
                }
            }
            return this;
        }

        private boolean repeatsAfter(int d, long s) {
            for (int phi = 0; phi + d < period; phi++) {
                boolean none = first[phi] == NONE;
                if (none != (first[phi + d] == NONE)) {
                    return false;
                }
                if (!none && (first[phi + d] != first[phi] + s || last[phi + d] != last[phi] + s)) {
                    return false;
                }
            }
            return true;
        }

        /** The same field written with a period that is a multiple of this one. */
        Periodic expanded(int p) {
            long[] f = new long[p];
            long[] l = new long[p];
            for (int phi = 0; phi < p; phi++) {
                int base = phi % period;
                long k = (long) (phi / period) * shift;
                f[phi] = first[base] == NONE ? NONE : first[base] + k;
                l[phi] = first[base] == NONE ? NONE : last[base] + k;
            }
            return new Periodic(p, stride, shift * (p / period), f, l);
        }

        Component union(Periodic o) {
            long p = ArithmeticUtils.lcm((long) period, (long) o.period);
            if (p > MAX_PERIOD) {
                return band().union(o.band());
            }
            Periodic a = expanded((int) p);
            Periodic b = o.expanded((int) p);
            long[] f = new long[(int) p];
            long[] l = new long[(int) p];
            for (int phi = 0; phi < p; phi++) {
                if (a.first[phi] == NONE || b.first[phi] == NONE) {
                    Periodic one = a.first[phi] == NONE ? b : a;
                    f[phi] = one.first[phi];
                    l[phi] = one.last[phi];
                } else {
                    f[phi] = Math.min(a.first[phi], b.first[phi]);
                    l[phi] = Math.max(a.last[phi], b.last[phi]);
                }
            }
            return new Periodic((int) p, stride, a.shift, f, l).reduced();
        }

        /** With J = n/d (d divides P), u(y) - J*y at phase phi is (first*d - n*phi) / d. */
        @Override
        public Band band() {
            long n = stride.getNumeratorAsLong();
            long d = stride.getDenominatorAsLong();
            long[] u = {Long.MAX_VALUE, Long.MIN_VALUE};
            long[] v = {Long.MAX_VALUE, Long.MIN_VALUE};
            for (int phi = 0; phi < period; phi++) {
                if (first[phi] != NONE) {
                    Band.widen(u, first[phi] * d - n * phi);
                    Band.widen(v, last[phi] * d - n * phi);
                }
            }
            return new Band(stride, new BigFraction(u[0], d), new BigFraction(u[1], d), new BigFraction(v[0], d),
                    new BigFraction(v[1], d), false);
        }

        @Override
        public Reach at(long y) {
            int phi = (int) Math.floorMod(y, (long) period);
            if (first[phi] == NONE) {
                return null;
            }
            long k = Math.floorDiv(y, (long) period) * shift;
            return new Reach(first[phi] + k, first[phi] + k, last[phi] + k, last[phi] + k);
        }

        @Override
        public long largest() {
            long r = 0;
            for (int phi = 0; phi < period; phi++) {
                if (first[phi] != NONE) {
                    r = Math.max(r, last[phi] - first[phi] + 1);
                }
            }
            return r;
        }
    }

    /**
     * A conservative field for tables beyond {@link #MAX_PERIOD}: for every output y,
     * {@code firstLow <= u(y) - J*y <= firstHigh} and {@code lastLow <= v(y) - J*y <= lastHigh}.
     * The bounds are rounded outward to multiples of 2^-20 after each layer, which keeps them
     * short at a cost below a millionth of a position per layer.
     */
    private static final class Band implements Component {
        private static final BigInteger GRID = BigInteger.ONE.shiftLeft(20);
        /** Slack for the floating-point evaluation of the bounds, far above its rounding error. */
        private static final double SLACK = 1e-6;

        final BigFraction stride;
        final BigFraction firstLow;
        final BigFraction firstHigh;
        final BigFraction lastLow;
        final BigFraction lastHigh;
        /** Stands for paths of several strides; {@code stride} is then only the reference of the bounds. */
        final boolean mixed;
        private final double[] approximate;

        Band(BigFraction stride, BigFraction firstLow, BigFraction firstHigh, BigFraction lastLow, BigFraction lastHigh,
                boolean mixed) {
            this.stride = stride;
            this.mixed = mixed;
            this.firstLow = outward(firstLow, false);
            this.firstHigh = outward(firstHigh, true);
            this.lastLow = outward(lastLow, false);
            this.lastHigh = outward(lastHigh, true);
            this.approximate = new double[] {stride.doubleValue(), this.firstLow.doubleValue(),
                    this.firstHigh.doubleValue(), this.lastLow.doubleValue(), this.lastHigh.doubleValue()};
        }

        private static BigFraction outward(BigFraction x, boolean up) {
            BigInteger scaled = x.getNumerator().multiply(GRID);
            BigInteger[] qr = scaled.divideAndRemainder(x.getDenominator());
            BigInteger q = qr[0];
            // divideAndRemainder truncates toward zero; step away from x's side.
            if (qr[1].signum() != 0 && (qr[1].signum() > 0) == up) {
                q = q.add(up ? BigInteger.ONE : BigInteger.ONE.negate());
            }
            return new BigFraction(q, GRID);
        }

        @Override
        public BigFraction stride() {
            return stride;
        }

        @Override
        public boolean exact() {
            return false;
        }

        /**
         * Output y = m*P + psi reads m*Q + t, and J*(m*Q + t) = J_out*y + J*(t - psi*Q/P), so the
         * bounds move by J/P times the extremes of t_min*P - psi*Q (for u) and t_max*P - psi*Q (for v).
         */
        @Override
        public Component through(AxisMap map) {
            long p = map.period();
            long q = map.advance();
            long[] u = {Long.MAX_VALUE, Long.MIN_VALUE};
            long[] v = {Long.MAX_VALUE, Long.MIN_VALUE};
            for (int psi = 0; psi < p; psi++) {
                long[] taps = map.taps(psi);
                if (taps.length > 0) {
                    widen(u, taps[0] * p - psi * q);
                    widen(v, taps[taps.length - 1] * p - psi * q);
                }
            }
            if (u[0] == Long.MAX_VALUE) {
                return null;
            }
            BigFraction scale = stride.divide(p);
            return new Band(stride.multiply(q).divide(p), firstLow.add(scale.multiply(u[0])),
                    firstHigh.add(scale.multiply(u[1])), lastLow.add(scale.multiply(v[0])),
                    lastHigh.add(scale.multiply(v[1])), mixed);
        }

        private static void widen(long[] range, long x) {
            range[0] = Math.min(range[0], x);
            range[1] = Math.max(range[1], x);
        }

        @Override
        public Band band() {
            return this;
        }

        Band union(Band o) {
            return new Band(stride, min(firstLow, o.firstLow), min(firstHigh, o.firstHigh), max(lastLow, o.lastLow),
                    max(lastHigh, o.lastHigh), mixed || o.mixed);
        }

        /** Evaluated in floating point with a slack that only widens the bounds. */
        @Override
        public Reach at(long y) {
            double along = approximate[0] * y;
            return new Reach((long) Math.ceil(along + approximate[1] - SLACK),
                    (long) Math.floor(along + approximate[2] + SLACK), (long) Math.ceil(along + approximate[3] - SLACK),
                    (long) Math.floor(along + approximate[4] + SLACK));
        }

        @Override
        public long largest() {
            return floor(lastHigh.subtract(firstLow)) + 1;
        }
    }

    /** Widens the interval {@code [range[0], range[1]]} to hold {@code x}. */
    private static void widen(BigFraction[] range, BigFraction x) {
        range[0] = range[0] == null ? x : min(range[0], x);
        range[1] = range[1] == null ? x : max(range[1], x);
    }

    private static BigFraction min(BigFraction a, BigFraction b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static BigFraction max(BigFraction a, BigFraction b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static long floor(BigFraction x) {
        BigInteger d = x.getDenominator();
        return x.getNumerator().subtract(x.getNumerator().mod(d)).divide(d).longValueExact();
    }

}
