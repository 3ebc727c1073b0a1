package org.netspec.analysis;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.util.ArithmeticUtils;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.AxisMap;
import org.netspec.ops.ChannelFlow;

/**
 * Gridding (receptive-field-and-gridding.md, section 4): for every block instance with a layer
 * whose taps skip input positions (a dilated convolution), the footprint of its nodes over the
 * block's input: the input offsets reachable through non-zero taps, counted by paths (every tap
 * weighs 1), per group of channels that share a footprint, and their union. Coverage is the
 * share of the bounding box (the receptive field) the footprint fills; gridding is coverage below
 * 1. Also the HDC rule of Wang et al. and the exact statements that correct it (section 4.1,
 * 4.2) for the chains of windows on the block's paths.
 *
 * <p>Blocks are those of {@link Grouping#BLOCK}: the instances written in the network file, and
 * any node outside them on its own. Footprints are relative to the block's input on the infinite
 * plane, so their size is bounded by the block's receptive field, not by the image. Channel
 * groups follow the operators' {@link ChannelFlow}: a dense layer sums its input groups (each
 * counts once, as one representative channel of the group: the note's ESP numbers count so), a
 * grouped or depthwise one keeps them apart, concatenation appends, sums and products refine the
 * groups to common boundaries, zero channels read nothing, global operators mark a group global
 * (listed, excluded from coverage). A pure function of the network.
 */
public final class Gridding {
    /**
     * Union coverage below which a block is reported. The paper's own example of gridding (one
     * 3x3 kernel at rate 2) fills 9/25 = 36 % of its window and the common-factor lattice of
     * rates 2, 4, 8 fills 26.75 %, while rates that pass HDC or the contiguity test fill 100 % and
     * ESPNetv2's EESP branches (rates 1, 1, 2, 3) fill 25/49 = 51 %. One half separates the
     * sampling patterns that leave most of the field unseen from those that are merely sparse at
     * the edge; ESP modules (41/1089 = 3.76 %) and ASPP fall far below it.
     */
    public static final BigFraction WARNING_COVERAGE = BigFraction.ONE_HALF;

    /**
     * Footprint cells one block may hold over all its nodes, groups and phases (8 bytes each, so
     * 32 MiB). ESP's largest module holds about 50 000, ASPP with rates up to 36 about 20 000 per
     * node; a block beyond the budget is listed as not measured instead of exhausting memory.
     */
    public static final long MAX_CELLS = 1L << 22;

    /**
     * Cell additions one block may take (a fraction of a second): wide windows such as adaptive
     * pooling bins add a shifted copy of the input footprint per tap.
     */
    public static final long MAX_WORK = 1L << 27;

    /** Phases (height times width) one node may have: resampling inside a dilated block is rare. */
    public static final int MAX_PHASES = 256;

    /** Distinct window sequences kept per node when the block's paths are enumerated. */
    private static final int MAX_CHAINS = 64;

    /** A ring of the path-count map: the cells at one Chebyshev distance from the box centre. */
    public record Ring(double radius, long mass, double share) {
    }

    /**
     * The footprint of one output position over the source: on the bounding box whose top-left
     * source position is ({@code top}, {@code left}), the number of paths reaching each cell (0 for
     * a hole). The empty footprint (0 x 0) stands for an output that reads nothing of the source.
     */
    public static final class Footprint {
        public static final Footprint EMPTY = new Footprint(0, 0, 0, 0, new long[0]);
        /** The source itself: one path to offset (0, 0). */
        static final Footprint POINT = new Footprint(0, 0, 1, 1, new long[] {1});

        private final long top;
        private final long left;
        private final int rows;
        private final int cols;
        private final long[] counts;

        Footprint(long top, long left, int rows, int cols, long[] counts) {
            this.top = top;
            this.left = left;
            this.rows = rows;
            this.cols = cols;
            this.counts = counts;
        }

        public boolean isEmpty() {
            return rows == 0;
        }

        public long top() {
            return top;
        }

        public long left() {
            return left;
        }

        public int rows() {
            return rows;
        }

        public int cols() {
            return cols;
        }

        /** Paths to source position ({@code row}, {@code col}), 0 outside the box. */
        public long count(long row, long col) {
            long r = row - top;
            long c = col - left;
            return r < 0 || c < 0 || r >= rows || c >= cols ? 0 : counts[(int) (r * cols + c)];
        }

        /** The path-count map over the box, row by row: chart data. */
        public long[][] pathCounts() {
            long[][] out = new long[rows][];
            for (int r = 0; r < rows; r++) {
                out[r] = Arrays.copyOfRange(counts, r * cols, (r + 1) * cols);
            }
            return out;
        }

        public long area() {
            return (long) rows * cols;
        }

        /** Cells reached by at least one path. */
        public long support() {
            long n = 0;
            for (long c : counts) {
                if (c != 0) {
                    n++;
                }
            }
            return n;
        }

        public long holes() {
            return area() - support();
        }

        /** support / area; undefined (an error) for the empty footprint. */
        public BigFraction coverage() {
            return new BigFraction(support(), area());
        }

        /** All paths: the total of the path-count map. */
        public long mass() {
            long m = 0;
            for (long c : counts) {
                m = Math.addExact(m, c);
            }
            return m;
        }

        /** Paths to the centre cell of the box; 0 when the box has an even side (no centre cell). */
        public long centreCount() {
            return rows % 2 == 0 || cols % 2 == 0 ? 0 : counts[(rows / 2) * cols + cols / 2];
        }

        /**
         * The non-empty rings of the path-count map around the box centre, innermost first, with
         * their share of all paths: how the mass spreads over the dilation rings.
         */
        public List<Ring> rings() {
            TreeMap<Long, Long> byTwiceRadius = new TreeMap<>();
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    long v = counts[r * cols + c];
                    if (v != 0) {
                        long twice = Math.max(Math.abs(2L * r - (rows - 1)), Math.abs(2L * c - (cols - 1)));
                        byTwiceRadius.merge(twice, v, Long::sum);
                    }
                }
            }
            double total = mass();
            List<Ring> out = new ArrayList<>();
            byTwiceRadius.forEach((twice, m) -> out.add(new Ring(twice / 2.0, m, m / total)));
            return out;
        }

        /** The half-width of the smallest centred box holding {@code share} of the paths (the note uses 0.95). */
        public double massRadius(double share) {
            double need = share * mass();
            double held = 0;
            for (Ring ring : rings()) {
                held += ring.mass();
                if (held >= need) {
                    return ring.radius();
                }
            }
            throw new IllegalStateException("the rings hold all the mass");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Footprint f && f.top == top && f.left == left && f.rows == rows && f.cols == cols
                    && Arrays.equals(f.counts, counts);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(counts) * 31 + Long.hashCode(top * 7 + left);
        }
    }

    /**
     * Channels {@code [firstChannel, firstChannel + channels)} of a node, which share one footprint
     * per output phase (height phase major). A global group depends on every source position
     * through a global operator; its phases hold only the paths that avoid it (empty for a branch
     * after global pooling), so coverage leaves the global paths out.
     */
    public record Group(long firstChannel, long channels, boolean global, List<Footprint> phases) {
        /** The smallest coverage over the phases that read the source; null when none does. */
        public BigFraction coverage() {
            return smallestCoverage(phases);
        }
    }

    /**
     * The footprint of a node over its block's input.
     *
     * @param periodHeight output phases along the height (1 without up-sampling)
     * @param groups the channel groups, in channel order, that depend on the source
     * @param union per phase, the sum over the groups of their local paths: what a following dense
     *     1x1 sees (a global group adds only the paths that avoid its global operator)
     * @param dilatedPath some path from the block input to the node goes through a layer that skips positions
     */
    public record NodeFootprint(Node node, int periodHeight, int periodWidth, List<Group> groups, List<Footprint> union,
            boolean dilatedPath) {
        /** Union coverage, the smallest over the phases; null when no local group reads the source. */
        public BigFraction coverage() {
            return smallestCoverage(union);
        }

        /** The union footprint of output phase (phaseHeight, phaseWidth). */
        public Footprint union(int phaseHeight, int phaseWidth) {
            return union.get(phaseHeight * periodWidth + phaseWidth);
        }
    }

    /**
     * The HDC rule (section 4.1) on rates sorted ascending, with its corrections.
     *
     * @param rates the dilation rates, ascending (the rule depends on order; the support does not)
     * @param maxDistances M_1 ... M_n of the paper's recursion, M_n = r_n
     * @param firstRateIsOne r_1 == 1, the condition the literal goal M_2 <= K leaves out
     * @param pass {@code r_1 == 1 && M_2 <= K}
     * @param gcd the rates' greatest common divisor: above 1 the support lies on that lattice
     * @param contiguous the greedy test of section 4.2: each r_{i+1} <= 2 E_i + 1 with E_i the sum
     *     of the rates so far, and r_1 = 1 (sufficient for a hole-free support)
     */
    public record Hdc(List<Long> rates, long kernel, List<Long> maxDistances, boolean firstRateIsOne, boolean pass,
            long gcd, boolean contiguous) {
    }

    /**
     * A chain of windows on a path from the block input to its output.
     *
     * @param layers the nodes whose maps are not the identity, in path order
     * @param contiguousHeight the greedy test along the height (strides included): every layer's
     *     tap spacing times the effective stride is at most the field so far; true proves the
     *     support hole-free along that axis, false proves nothing; null when a layer resamples
     * @param hdc the HDC rule when every layer is a K x K stride-1 window with equal rates on both
     *     axes; null otherwise
     */
    public record Chain(List<Node> layers, Boolean contiguousHeight, Boolean contiguousWidth, Hdc hdc) {
    }

    /** A block whose union coverage is below {@link #WARNING_COVERAGE}. */
    public record Warning(String block, BigFraction coverage, int rows, int cols, BigFraction lowestGroupCoverage) {
        public String message() {
            return String.format(java.util.Locale.ROOT, "`%s` sees %.2f %% of its %dx%d receptive field over its input (dilation gridding); "
                    + "its sparsest channel group %.2f %%", block, 100 * coverage.doubleValue(), rows, cols,
                    100 * lowestGroupCoverage.doubleValue());
        }
    }

    /**
     * One block with a dilated layer.
     *
     * @param source the block's input the footprints are measured over
     * @param output the node the block hands on
     * @param footprint the output's footprint; null when {@code unmeasured} says why not
     * @param chains the distinct window chains with a dilated layer, on paths from source to output
     * @param commonFactor per axis [h, w], the gcd of every tap offset when the block is a stride-1
     *     sub-network (section 4.2): the support lies on that lattice (0: every tap is 0); null otherwise
     * @param latticeBound the coverage the lattice allows in the output's box (phase 0), an upper
     *     bound on the coverage that tends to 1/g per axis; null with {@code commonFactor}
     * @param unmeasured why the footprint was not computed (budget, strides that differ); null when it was
     */
    public record Block(String name, Node source, Node output, List<Node> nodes, NodeFootprint footprint,
            List<Chain> chains, List<Long> commonFactor, BigFraction latticeBound, String unmeasured) {
        /** The output's union coverage; null when not measured. */
        public BigFraction coverage() {
            return footprint == null ? null : footprint.coverage();
        }
    }

    /** JSON-ready per-node values for {@code gridding}: the union coverage over the block input, 0..1. */
    public record Json(double coverage) {
    }

    private final Network network;
    private final List<Block> blocks = new ArrayList<>();
    private final Map<Node, NodeFootprint> footprints = new HashMap<>();
    private final List<Warning> warnings = new ArrayList<>();
    private final Map<Node, AxisMap[][]> maps = new HashMap<>();

    private Gridding(Network network) {
        this.network = network;
        for (Map.Entry<String, List<Node>> e : Grouping.BLOCK.groups(network).entrySet()) {
            List<Node> nodes = e.getValue();
            if (nodes.stream().anyMatch(this::skipsPositions)) {
                measure(e.getKey(), nodes);
            }
        }
    }

    public static Gridding of(Network network) {
        return new Gridding(network);
    }

    public Network network() {
        return network;
    }

    /** The blocks with a dilated layer, in network order. */
    public List<Block> blocks() {
        return Collections.unmodifiableList(blocks);
    }

    /** The footprint of a node of a measured block. */
    public Optional<NodeFootprint> footprint(Node node) {
        return Optional.ofNullable(footprints.get(node));
    }

    /** The node's {@code gridding} value; empty where no dilated path from its block input reaches it. */
    public Optional<Json> json(Node node) {
        NodeFootprint f = footprints.get(node);
        if (f == null || !f.dilatedPath() || f.coverage() == null) {
            return Optional.empty();
        }
        return Optional.of(new Json(f.coverage().doubleValue()));
    }

    public List<Warning> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /**
     * HDC (Wang et al. 2018) for a chain of K x K kernels: M_n = r_n,
     * M_i = max(M_{i+1} - 2 r_i, M_{i+1} - 2 (M_{i+1} - r_i), r_i), on the rates sorted ascending.
     */
    public static Hdc hdc(List<Long> rates, long kernel) {
        if (rates.isEmpty()) {
            throw new IllegalArgumentException("HDC needs at least one rate");
        }
        List<Long> sorted = rates.stream().sorted().toList();
        int n = sorted.size();
        Long[] m = new Long[n];
        m[n - 1] = sorted.get(n - 1);
        for (int i = n - 2; i >= 0; i--) {
            long r = sorted.get(i);
            m[i] = Math.max(Math.max(m[i + 1] - 2 * r, m[i + 1] - 2 * (m[i + 1] - r)), r);
        }
        boolean firstIsOne = sorted.get(0) == 1;
        boolean goal = n < 2 || m[1] <= kernel;
        long gcd = 0;
        long sum = 0;
        boolean contiguous = firstIsOne;
        for (long r : sorted) {
            gcd = ArithmeticUtils.gcd(gcd, r);
            contiguous &= r <= 2 * sum + 1;
            sum += r;
        }
        return new Hdc(sorted, kernel, List.of(m), firstIsOne, firstIsOne && goal, gcd, contiguous);
    }

    // ---- blocks ----

    private boolean skipsPositions(Node n) {
        for (int port = 0; port < n.inputs().size(); port++) {
            for (boolean heightAxis : new boolean[] {true, false}) {
                if (map(n, port, heightAxis).skipsPositions()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The node's map of a port along an axis, built once: resampling tables are not free. */
    private AxisMap map(Node n, int port, boolean heightAxis) {
        AxisMap[][] byPort = maps.computeIfAbsent(n, k -> new AxisMap[k.inputs().size()][2]);
        int axis = heightAxis ? 0 : 1;
        if (byPort[port][axis] == null) {
            byPort[port][axis] = n.op().axisMap(n.attributes(), n.inputShapes(), n.shape(), port, heightAxis);
        }
        return byPort[port][axis];
    }

    /** Ports whose values the node reads. */
    private List<Integer> dataPorts(Node n) {
        List<Integer> ports = new ArrayList<>();
        for (int port = 0; port < n.inputs().size(); port++) {
            if (map(n, port, true).kind() != AxisMap.Kind.UNREAD) {
                ports.add(port);
            }
        }
        return ports;
    }

    private void measure(String name, List<Node> nodes) {
        Set<Node> inside = new LinkedHashSet<>(nodes);
        Node source = source(nodes, inside);
        Node output = output(nodes, inside);
        if (source == null || !source.shape().isFeatureMap()) {
            blocks.add(new Block(name, source, output, nodes, null, List.of(), null, null,
                    "no dilated layer reads a feature map entering the block"));
            return;
        }
        Map<Node, Layout> layouts = new LinkedHashMap<>();
        Map<Node, Boolean> dilated = new HashMap<>();
        layouts.put(source, Layout.source(channels(source)));
        dilated.put(source, false);
        String unmeasured = null;
        Budget budget = new Budget();
        try {
            for (Node n : nodes) {
                Layout l = layout(n, layouts, budget);
                if (l != null) {
                    layouts.put(n, l);
                    boolean d = skipsPositions(n);
                    for (int port : dataPorts(n)) {
                        d |= dilated.getOrDefault(n.inputs().get(port), false);
                    }
                    dilated.put(n, d);
                }
            }
        } catch (Unmeasurable x) {
            unmeasured = x.getMessage();
        }
        NodeFootprint outputFootprint = null;
        if (unmeasured == null) {
            for (Node n : nodes) {
                Layout l = layouts.get(n);
                if (l != null) {
                    footprints.put(n, l.footprint(n, dilated.get(n)));
                }
            }
            outputFootprint = footprints.get(output);
        }
        List<Long> factor = unmeasured == null ? commonFactor(nodes, layouts.keySet()) : null;
        BigFraction bound = factor == null || outputFootprint == null || outputFootprint.union(0, 0).isEmpty() ? null
                : latticeBound(outputFootprint.union(0, 0), factor);
        Block block = new Block(name, source, output, List.copyOf(nodes), outputFootprint,
                chains(source, output, nodes), factor, bound, unmeasured);
        blocks.add(block);
        BigFraction coverage = block.coverage();
        if (coverage != null && coverage.compareTo(WARNING_COVERAGE) < 0) {
            Footprint box = outputFootprint.union(0, 0);
            BigFraction lowest = outputFootprint.groups().stream().map(Group::coverage).filter(c -> c != null)
                    .min(BigFraction::compareTo).orElse(coverage);
            warnings.add(new Warning(name, coverage, box.rows(), box.cols(), lowest));
        }
    }

    /** The first node outside the block that the block reads and from which a dilated layer is reached. */
    private Node source(List<Node> nodes, Set<Node> inside) {
        List<Node> entering = new ArrayList<>();
        for (Node n : nodes) {
            for (Node in : n.inputs()) {
                if (!inside.contains(in) && !entering.contains(in)) {
                    entering.add(in);
                }
            }
        }
        for (Node candidate : entering) {
            Set<Node> reached = new LinkedHashSet<>(List.of(candidate));
            for (Node n : nodes) {
                for (int port : dataPorts(n)) {
                    if (reached.contains(n.inputs().get(port))) {
                        reached.add(n);
                        if (skipsPositions(n)) {
                            return candidate;
                        }
                        break;
                    }
                }
            }
        }
        return null;
    }

    /** The last node of the block that a node outside reads or that is a network output. */
    private Node output(List<Node> nodes, Set<Node> inside) {
        Node out = nodes.get(nodes.size() - 1);
        for (Node n : nodes) {
            boolean leaves = network.outputs().contains(n)
                    || network.graph().outgoingEdgesOf(n).stream().anyMatch(e -> !inside.contains(e.target()));
            if (leaves) {
                out = n;
            }
        }
        return out;
    }

    /** Channels of a feature map, features of a flattened tensor. */
    private static long channels(Node n) {
        return n.shape().dim(1);
    }

    // ---- chains and the common factor ----

    /** Whether the node is a layer of a chain: a map other than the identity on its data input. */
    private boolean isChainLayer(Node n) {
        List<Integer> ports = dataPorts(n);
        return ports.size() == 1
                && !(map(n, ports.get(0), true).isIdentity() && map(n, ports.get(0), false).isIdentity());
    }

    private List<Chain> chains(Node source, Node output, List<Node> nodes) {
        Map<Node, Set<List<Node>>> paths = new HashMap<>();
        paths.put(source, Set.of(List.of()));
        for (Node n : nodes) {
            Set<List<Node>> here = new LinkedHashSet<>();
            for (int port : dataPorts(n)) {
                for (List<Node> p : paths.getOrDefault(n.inputs().get(port), Set.of())) {
                    if (here.size() == MAX_CHAINS) {
                        break;
                    }
                    List<Node> extended = new ArrayList<>(p);
                    if (isChainLayer(n)) {
                        extended.add(n);
                    }
                    here.add(List.copyOf(extended));
                }
            }
            if (!here.isEmpty()) {
                paths.put(n, here);
            }
        }
        List<Chain> out = new ArrayList<>();
        for (List<Node> layers : paths.getOrDefault(output, Set.of())) {
            if (layers.stream().anyMatch(this::skipsPositions)) {
                out.add(new Chain(layers, contiguous(layers, true), contiguous(layers, false), hdcOf(layers)));
            }
        }
        return out;
    }

    /**
     * Section 4.2's greedy test along one axis: a layer keeps the support contiguous iff its tap
     * spacing times the effective stride is at most the field so far. Stride-1 windows commute
     * (the support is a Minkowski sum), so they are taken densest first; with strides, in path order.
     */
    private Boolean contiguous(List<Node> layers, boolean heightAxis) {
        List<long[]> taps = new ArrayList<>();
        List<Long> strides = new ArrayList<>();
        for (Node n : layers) {
            AxisMap m = map(n, dataPorts(n).get(0), heightAxis);
            if (!m.isLocal() || m.period() != 1) {
                return null;
            }
            taps.add(m.taps(0));
            strides.add(m.advance());
        }
        if (strides.stream().allMatch(s -> s == 1)) {
            taps.sort(Comparator.comparingLong(Gridding::largestGap));
        }
        long r = 1;
        long j = 1;
        boolean ok = true;
        for (int i = 0; i < taps.size(); i++) {
            long[] t = taps.get(i);
            ok &= largestGap(t) * j <= r;
            r += (t[t.length - 1] - t[0]) * j;
            j *= strides.get(i);
        }
        return ok;
    }

    private static long largestGap(long[] taps) {
        long gap = 0;
        for (int i = 1; i < taps.length; i++) {
            gap = Math.max(gap, taps[i] - taps[i - 1]);
        }
        return gap;
    }

    /** HDC when every layer is a K x K stride-1 window, evenly spaced, with the same rate on both axes. */
    private Hdc hdcOf(List<Node> layers) {
        List<Long> rates = new ArrayList<>();
        long kernel = -1;
        for (Node n : layers) {
            int port = dataPorts(n).get(0);
            long[] h = map(n, port, true).taps(0);
            AxisMap mh = map(n, port, true);
            AxisMap mw = map(n, port, false);
            if (!mh.isLocal() || !mw.isLocal() || mh.period() != 1 || mw.period() != 1 || mh.advance() != 1
                    || mw.advance() != 1 || h.length < 2 || !Arrays.equals(mw.taps(0), h)) {
                return null;
            }
            long rate = h[1] - h[0];
            for (int i = 2; i < h.length; i++) {
                if (h[i] - h[i - 1] != rate) {
                    return null;
                }
            }
            if (kernel != -1 && kernel != h.length) {
                return null;
            }
            kernel = h.length;
            rates.add(rate);
        }
        return hdc(rates, kernel);
    }

    /**
     * The gcd of every tap offset per axis, when every map on the block's measured paths has period
     * 1 and stride 1; global and unread inputs are left out, as coverage leaves them out.
     */
    private List<Long> commonFactor(List<Node> nodes, Set<Node> measured) {
        long[] g = {0, 0};
        for (Node n : nodes) {
            if (!measured.contains(n)) {
                continue;
            }
            for (int port : dataPorts(n)) {
                if (!measured.contains(n.inputs().get(port))) {
                    continue;
                }
                for (int axis = 0; axis < 2; axis++) {
                    AxisMap m = map(n, port, axis == 0);
                    if (m.kind() == AxisMap.Kind.GLOBAL) {
                        continue;
                    }
                    if (m.period() != 1 || m.advance() != 1) {
                        return null;
                    }
                    for (long t : m.taps(0)) {
                        g[axis] = ArithmeticUtils.gcd(g[axis], t);
                    }
                }
            }
        }
        return List.of(g[0], g[1]);
    }

    /** The share of the box's cells on the lattice g_h Z x g_w Z. */
    private static BigFraction latticeBound(Footprint box, List<Long> factor) {
        long rows = multiples(box.top(), box.top() + box.rows() - 1, factor.get(0));
        long cols = multiples(box.left(), box.left() + box.cols() - 1, factor.get(1));
        return new BigFraction(rows * cols, box.area());
    }

    /** Multiples of g in [from, to]; for g = 0 (every tap 0) only position 0 counts. */
    private static long multiples(long from, long to, long g) {
        if (g == 0) {
            return from <= 0 && 0 <= to ? 1 : 0;
        }
        return Math.floorDiv(to, g) - Math.floorDiv(from - 1, g);
    }

    private static BigFraction smallestCoverage(List<Footprint> phases) {
        BigFraction smallest = null;
        for (Footprint f : phases) {
            if (!f.isEmpty() && (smallest == null || f.coverage().compareTo(smallest) < 0)) {
                smallest = f.coverage();
            }
        }
        return smallest;
    }

    // ---- footprints ----

    /** Why a block's footprint is not computed. */
    private static final class Unmeasurable extends RuntimeException {
        Unmeasurable(String message) {
            super(message, null, false, false);
        }
    }

    /** Cells allocated and added so far in one block. */
    private static final class Budget {
        private long cells;
        private long work;

        void allocate(long n) {
            cells += n;
            if (cells > MAX_CELLS) {
                throw new Unmeasurable("its footprints need more than " + MAX_CELLS + " cells");
            }
        }

        void add(long n) {
            work += n;
            if (work > MAX_WORK) {
                throw new Unmeasurable("its footprints take more than " + MAX_WORK + " additions");
            }
        }
    }

    /** A run of channels sharing a footprint per phase. */
    private record Segment(long channels, boolean global, Footprint[] phases) {
        boolean reached() {
            if (global) {
                return true;
            }
            for (Footprint f : phases) {
                if (!f.isEmpty()) {
                    return true;
                }
            }
            return false;
        }

        Segment withChannels(long c) {
            return new Segment(c, global, phases);
        }

        boolean sameFootprint(Segment o) {
            return global == o.global && Arrays.equals(phases, o.phases);
        }
    }

    /**
     * A node's channel groups with their footprints per phase: output {@code y = k*period + phi}
     * of a group reads its phase-phi footprint moved by {@code k*shift} source positions (per axis).
     */
    private record Layout(int periodH, int periodW, long shiftH, long shiftW, List<Segment> segments) {
        static Layout source(long channels) {
            return new Layout(1, 1, 1, 1, List.of(new Segment(channels, false, new Footprint[] {Footprint.POINT})));
        }

        /** A tensor that does not depend on the source. */
        static Layout unreached(long channels) {
            return new Layout(1, 1, 0, 0, List.of(new Segment(channels, false, new Footprint[] {Footprint.EMPTY})));
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
                out.add(new Segment(s.channels(), s.global(), new Footprint[] {Footprint.EMPTY}));
            }
            return new Layout(1, 1, 0, 0, out);
        }

        long channels() {
            return segments.stream().mapToLong(Segment::channels).sum();
        }

        BigFraction strideH() {
            return new BigFraction(shiftH, (long) periodH);
        }

        BigFraction strideW() {
            return new BigFraction(shiftW, (long) periodW);
        }

        NodeFootprint footprint(Node n, boolean dilatedPath) {
            List<Group> groups = new ArrayList<>();
            long first = 0;
            int phases = periodH * periodW;
            List<Footprint> union = new ArrayList<>();
            for (int phi = 0; phi < phases; phi++) {
                List<Placed> parts = new ArrayList<>();
                for (Segment s : segments) {
                    parts.add(new Placed(s.phases()[phi], 0, 0));
                }
                union.add(sum(parts, null));
            }
            for (Segment s : segments) {
                if (s.reached()) {
                    groups.add(new Group(first, s.channels(), s.global(), List.of(s.phases())));
                }
                first += s.channels();
            }
            return new NodeFootprint(n, periodH, periodW, List.copyOf(groups), List.copyOf(union), dilatedPath);
        }
    }

    /** A footprint moved by (dy, dx) source positions. */
    private record Placed(Footprint footprint, long dy, long dx) {
    }

    /** The sum of moved footprints: the union of their supports, with path counts added. */
    private static Footprint sum(List<Placed> parts, Budget budget) {
        long top = Long.MAX_VALUE;
        long left = Long.MAX_VALUE;
        long bottom = Long.MIN_VALUE;
        long right = Long.MIN_VALUE;
        for (Placed p : parts) {
            Footprint f = p.footprint();
            if (!f.isEmpty()) {
                top = Math.min(top, f.top + p.dy());
                left = Math.min(left, f.left + p.dx());
                bottom = Math.max(bottom, f.top + p.dy() + f.rows - 1);
                right = Math.max(right, f.left + p.dx() + f.cols - 1);
            }
        }
        if (top == Long.MAX_VALUE) {
            return Footprint.EMPTY;
        }
        long area = (bottom - top + 1) * (right - left + 1);
        if (budget != null) {
            budget.allocate(area);
            for (Placed p : parts) {
                budget.add(p.footprint().area());
            }
        }
        int rows = Math.toIntExact(bottom - top + 1);
        int cols = Math.toIntExact(right - left + 1);
        long[] counts = new long[Math.toIntExact(area)];
        for (Placed p : parts) {
            Footprint f = p.footprint();
            int r0 = (int) (f.top + p.dy() - top);
            int c0 = (int) (f.left + p.dx() - left);
            for (int r = 0; r < f.rows; r++) {
                int at = (r0 + r) * cols + c0;
                for (int c = 0; c < f.cols; c++) {
                    counts[at + c] = Math.addExact(counts[at + c], f.counts[r * f.cols + c]);
                }
            }
        }
        return new Footprint(top, left, rows, cols, counts);
    }

    /** The layout of a node from its inputs'; null when it reads nothing that depends on the source. */
    private Layout layout(Node n, Map<Node, Layout> layouts, Budget budget) {
        List<Layout> data = new ArrayList<>();
        boolean reached = false;
        for (int port : dataPorts(n)) {
            Node input = n.inputs().get(port);
            Layout in = layouts.get(input);
            reached |= in != null;
            Layout l = in == null ? Layout.unreached(channels(input)) : in;
            data.add(through(l, map(n, port, true), map(n, port, false), budget));
        }
        if (!reached) {
            return null;
        }
        data = commonPeriods(data, budget);
        Layout first = data.get(0);
        for (Layout l : data) {
            if (l.local()) {
                first = l;
                break;
            }
        }
        List<Segment> segments = flow(n.op().channelFlow(n.attributes(), n.inputShapes(), n.shape()), data,
                channels(n), budget);
        return new Layout(first.periodH(), first.periodW(), first.shiftH(), first.shiftW(), merged(segments));
    }

    /** Every segment read through the maps of one input port (section 4.3's forward step). */
    private static Layout through(Layout in, AxisMap mh, AxisMap mw, Budget budget) {
        if (mh.kind() == AxisMap.Kind.GLOBAL || mw.kind() == AxisMap.Kind.GLOBAL) {
            List<Segment> out = new ArrayList<>();
            for (Segment s : in.segments()) {
                out.add(new Segment(s.channels(), s.reached(), new Footprint[] {Footprint.EMPTY}));
            }
            return new Layout(1, 1, 0, 0, out);
        }
        if (!in.local()) {
            return in.withoutFootprints();
        }
        long cyclesH = in.periodH() / ArithmeticUtils.gcd(mh.advance(), in.periodH());
        long cyclesW = in.periodW() / ArithmeticUtils.gcd(mw.advance(), in.periodW());
        long ph = cyclesH * mh.period();
        long pw = cyclesW * mw.period();
        if (ph * pw > MAX_PHASES) {
            throw new Unmeasurable("a node has more than " + MAX_PHASES + " phases");
        }
        List<Segment> out = new ArrayList<>();
        for (Segment s : in.segments()) {
            Footprint[] phases = new Footprint[(int) (ph * pw)];
            for (int a = 0; a < ph; a++) {
                for (int b = 0; b < pw; b++) {
                    List<Placed> parts = new ArrayList<>();
                    for (long th : mh.taps(a % mh.period())) {
                        long x = a / mh.period() * mh.advance() + th;
                        int rowPhase = (int) Math.floorMod(x, (long) in.periodH());
                        long dy = Math.floorDiv(x, (long) in.periodH()) * in.shiftH();
                        for (long tw : mw.taps(b % mw.period())) {
                            long z = b / mw.period() * mw.advance() + tw;
                            int colPhase = (int) Math.floorMod(z, (long) in.periodW());
                            long dx = Math.floorDiv(z, (long) in.periodW()) * in.shiftW();
                            parts.add(new Placed(s.phases()[rowPhase * in.periodW() + colPhase], dy, dx));
                        }
                    }
                    phases[a * (int) pw + b] = sum(parts, budget);
                }
            }
            out.add(new Segment(s.channels(), s.global(), phases));
        }
        long shiftH = in.shiftH() * mh.advance() * cyclesH / in.periodH();
        long shiftW = in.shiftW() * mw.advance() * cyclesW / in.periodW();
        return new Layout((int) ph, (int) pw, shiftH, shiftW, out);
    }

    /** The inputs written with common periods (the lcm); their strides must agree for one table to hold them. */
    private static List<Layout> commonPeriods(List<Layout> data, Budget budget) {
        long ph = 1;
        long pw = 1;
        BigFraction jh = null;
        BigFraction jw = null;
        for (Layout l : data) {
            if (!l.local()) {
                continue;
            }
            if (jh == null) {
                jh = l.strideH();
                jw = l.strideW();
            } else if (!jh.equals(l.strideH()) || !jw.equals(l.strideW())) {
                throw new Unmeasurable("paths with different strides meet inside it");
            }
            ph = ArithmeticUtils.lcm(ph, l.periodH());
            pw = ArithmeticUtils.lcm(pw, l.periodW());
        }
        if (ph * pw > MAX_PHASES) {
            throw new Unmeasurable("a node has more than " + MAX_PHASES + " phases");
        }
        List<Layout> out = new ArrayList<>();
        for (Layout l : data) {
            out.add(expanded(l, (int) ph, (int) pw, jh, jw, budget));
        }
        return out;
    }

    private static Layout expanded(Layout l, int ph, int pw, BigFraction jh, BigFraction jw, Budget budget) {
        long shiftH = jh == null ? 0 : jh.multiply(ph).longValue();
        long shiftW = jw == null ? 0 : jw.multiply(pw).longValue();
        if (!l.local() && (l.periodH() != ph || l.periodW() != pw)) {
            List<Segment> out = new ArrayList<>();
            for (Segment s : l.segments()) {
                Footprint[] empty = new Footprint[ph * pw];
                Arrays.fill(empty, Footprint.EMPTY);
                out.add(new Segment(s.channels(), s.global(), empty));
            }
            return new Layout(ph, pw, shiftH, shiftW, out);
        }
        if (l.periodH() == ph && l.periodW() == pw) {
            return new Layout(ph, pw, shiftH, shiftW, l.segments());
        }
        List<Segment> out = new ArrayList<>();
        for (Segment s : l.segments()) {
            Footprint[] phases = new Footprint[ph * pw];
            for (int a = 0; a < ph; a++) {
                for (int b = 0; b < pw; b++) {
                    Footprint f = s.phases()[(a % l.periodH()) * l.periodW() + b % l.periodW()];
                    phases[a * pw + b] = sum(List.of(new Placed(f, (long) (a / l.periodH()) * l.shiftH(),
                            (long) (b / l.periodW()) * l.shiftW())), budget);
                }
            }
            out.add(new Segment(s.channels(), s.global(), phases));
        }
        return new Layout(ph, pw, shiftH, shiftW, out);
    }

    /** The output segments of a channel flow over inputs with common periods. */
    private static List<Segment> flow(ChannelFlow flow, List<Layout> data, long outChannels, Budget budget) {
        if (flow instanceof ChannelFlow.PerChannel) {
            return data.get(0).segments();
        }
        if (flow instanceof ChannelFlow.Grouped g) {
            return grouped(data.get(0).segments(), g.groups(), outChannels, budget);
        }
        if (flow instanceof ChannelFlow.Concatenated) {
            List<Segment> out = new ArrayList<>();
            data.forEach(l -> out.addAll(l.segments()));
            return out;
        }
        if (flow instanceof ChannelFlow.Selected s) {
            return cut(data.get(0).segments(), s.start(), s.start() + s.count());
        }
        if (flow instanceof ChannelFlow.Interleaved i) {
            return interleaved(data.get(0).segments(), i.groups());
        }
        if (flow instanceof ChannelFlow.ZeroExtended z) {
            if (z.zeros() == 0) {
                return data.get(0).segments();
            }
            List<Segment> out = new ArrayList<>(data.get(0).segments());
            int phases = out.get(0).phases().length;
            Footprint[] empty = new Footprint[phases];
            Arrays.fill(empty, Footprint.EMPTY);
            out.add(new Segment(z.zeros(), false, empty));
            return out;
        }
        return elementwise(data, outChannels, budget);
    }

    /** Output group i reads input group i; a run of whole groups inside one segment stays one segment. */
    private static List<Segment> grouped(List<Segment> in, long groups, long outChannels, Budget budget) {
        long inChannels = in.stream().mapToLong(Segment::channels).sum();
        long perIn = inChannels / groups;
        long perOut = outChannels / groups;
        List<Segment> out = new ArrayList<>();
        int si = 0;
        long segStart = 0;
        long group = 0;
        while (group < groups) {
            long lo = group * perIn;
            long hi = lo + perIn;
            while (segStart + in.get(si).channels() <= lo) {
                segStart += in.get(si).channels();
                si++;
            }
            long segEnd = segStart + in.get(si).channels();
            if (segEnd >= hi) {
                long runEnd = Math.min(groups, segEnd / perIn);
                out.add(in.get(si).withChannels((runEnd - group) * perOut));
                group = runEnd;
            } else {
                List<Segment> mixed = new ArrayList<>();
                long start = segStart;
                for (int k = si; k < in.size() && start < hi; k++) {
                    mixed.add(in.get(k));
                    start += in.get(k).channels();
                }
                out.add(added(mixed, perOut, budget));
                group++;
            }
        }
        return out;
    }

    /** Segments summed into one of {@code channels} channels: the union of their footprints. */
    private static Segment added(List<Segment> parts, long channels, Budget budget) {
        int phases = parts.get(0).phases().length;
        Footprint[] out = new Footprint[phases];
        boolean global = false;
        for (int phi = 0; phi < phases; phi++) {
            List<Placed> placed = new ArrayList<>();
            for (Segment s : parts) {
                placed.add(new Placed(s.phases()[phi], 0, 0));
            }
            out[phi] = parts.size() == 1 ? parts.get(0).phases()[phi] : sum(placed, budget);
        }
        for (Segment s : parts) {
            global |= s.global();
        }
        return new Segment(channels, global, out);
    }

    /** Channels [from, to) of a layout. */
    private static List<Segment> cut(List<Segment> in, long from, long to) {
        List<Segment> out = new ArrayList<>();
        long start = 0;
        for (Segment s : in) {
            long lo = Math.max(from, start);
            long hi = Math.min(to, start + s.channels());
            if (lo < hi) {
                out.add(s.withChannels(hi - lo));
            }
            start += s.channels();
        }
        return out;
    }

    /** ShuffleNet's shuffle, channel by channel, joining runs that come from one segment. */
    private static List<Segment> interleaved(List<Segment> in, long groups) {
        long total = in.stream().mapToLong(Segment::channels).sum();
        long per = total / groups;
        long[] ends = new long[in.size()];
        long end = 0;
        for (int i = 0; i < in.size(); i++) {
            end += in.get(i).channels();
            ends[i] = end;
        }
        List<Segment> out = new ArrayList<>();
        int previous = -1;
        long run = 0;
        for (long o = 0; o < total; o++) {
            long c = (o % groups) * per + o / groups;
            int at = Arrays.binarySearch(ends, c + 1);
            int segment = at >= 0 ? at : -at - 1;
            if (segment != previous && run > 0) {
                out.add(in.get(previous).withChannels(run));
                run = 0;
            }
            previous = segment;
            run++;
        }
        out.add(in.get(previous).withChannels(run));
        return out;
    }

    /** Sums and products: every input's layout cut at the boundaries of all, then added piece by piece. */
    private static List<Segment> elementwise(List<Layout> data, long outChannels, Budget budget) {
        List<List<Segment>> inputs = new ArrayList<>();
        Set<Long> bounds = new TreeSet<>(List.of(0L, outChannels));
        for (Layout l : data) {
            // A one-channel input is broadcast to every channel.
            List<Segment> segs = l.channels() == 1 && outChannels > 1
                    ? List.of(l.segments().get(0).withChannels(outChannels)) : l.segments();
            inputs.add(segs);
            long at = 0;
            for (Segment s : segs) {
                at += s.channels();
                bounds.add(at);
            }
        }
        List<Long> cuts = new ArrayList<>(bounds);
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.size(); i++) {
            List<Segment> parts = new ArrayList<>();
            for (List<Segment> segs : inputs) {
                parts.addAll(cut(segs, cuts.get(i), cuts.get(i + 1)));
            }
            out.add(added(parts, cuts.get(i + 1) - cuts.get(i), budget));
        }
        return out;
    }

    /** Adjacent segments with the same footprint are one group. */
    private static List<Segment> merged(List<Segment> in) {
        List<Segment> out = new ArrayList<>();
        for (Segment s : in) {
            Segment last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.sameFootprint(s)) {
                out.set(out.size() - 1, last.withChannels(last.channels() + s.channels()));
            } else {
                out.add(s);
            }
        }
        return out;
    }
}
