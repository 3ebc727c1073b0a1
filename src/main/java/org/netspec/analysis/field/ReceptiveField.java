package org.netspec.analysis.field;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.fraction.BigFraction;
import org.netspec.analysis.StepBudget;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.AxisMap;
import org.netspec.spec.Limits;

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
 * the two limits and the node's size, not by the depth of the network, and the work of all nodes
 * together by a {@link StepBudget} (table entries, taps and positions walked), beyond which the
 * analysis stops with {@link StepsExceeded}.
 *
 * <p>The pieces: {@link AxisState} composes and merges the paths of one axis and sums them up as an
 * {@link Axis}; a path's field of one stride is a {@link Component}, an exact {@link Periodic}
 * table or a conservative {@link Band}.
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
    }

    /** Both axes of a node while the fields are composed. */
    private record NodeState(AxisState height, AxisState width) {
        static final NodeState SOURCE = new NodeState(AxisState.SOURCE, AxisState.SOURCE);
    }

    private final Network network;
    private final Node source;
    private final Map<Node, Field> fields = new LinkedHashMap<>();

    /**
     * The steps of a network's fields ran out ({@code --max-analysis-steps}) while composing
     * {@code node}'s: the network is too large an argument for this analysis (a sweep rejects
     * such a variant as it rejects one whose counts overflow).
     */
    public static final class StepsExceeded extends IllegalArgumentException {
        private final transient Node node;
        private final long maxSteps;

        StepsExceeded(Node node, long maxSteps) {
            super("the receptive fields up to `" + node.name() + "` take more than " + maxSteps + " steps");
            this.node = node;
            this.maxSteps = maxSteps;
        }

        public Node node() {
            return node;
        }

        public long maxSteps() {
            return maxSteps;
        }
    }

    private ReceptiveField(Network network, Node source, long maxSteps) {
        this.network = network;
        this.source = source;
        if (!source.shape().isFeatureMap()) {
            return; // a vector (an imported classifier head's input) has no positions: no field to measure
        }
        Steps steps = new Steps(new StepBudget(maxSteps));
        Map<Node, NodeState> states = new HashMap<>();
        for (Node n : network.nodes()) {
            steps.at(n);
            NodeState state = n.equals(source) ? NodeState.SOURCE : compose(n, states, steps);
            if (state == null) {
                continue;
            }
            states.put(n, state);
            fields.put(n, new Field(n, state.height().axis(length(n, true), source.shape().h(), steps),
                    state.width().axis(length(n, false), source.shape().w(), steps)));
        }
    }

    /**
     * Fields with respect to the network's first input (the image in every network spec); none when
     * that input is not a feature map. Within the default steps ({@link Limits#DEFAULT}).
     */
    public static ReceptiveField of(Network network) {
        return of(network, Limits.DEFAULT.maxAnalysisSteps());
    }

    /**
     * @param maxSteps the steps the fields of all nodes together may take
     * @throws StepsExceeded when they take more
     */
    public static ReceptiveField of(Network network, long maxSteps) {
        return new ReceptiveField(network, network.inputs().get(0), maxSteps);
    }

    /** Fields with respect to any node of the network, such as a block's input, within the default steps. */
    public static ReceptiveField from(Network network, Node source) {
        return from(network, source, Limits.DEFAULT.maxAnalysisSteps());
    }

    /**
     * Fields with respect to any node of the network, such as a block's input.
     *
     * @param maxSteps the steps the fields of all nodes together may take
     * @throws StepsExceeded when they take more
     */
    public static ReceptiveField from(Network network, Node source, long maxSteps) {
        if (network.node(source.name()).isEmpty()) {
            throw new IllegalArgumentException("`" + source.name() + "` is not a node of " + network.name());
        }
        if (!source.shape().isFeatureMap()) {
            throw new IllegalArgumentException("a receptive field is measured on a feature map, but `" + source.name()
                    + "` is " + source.shape());
        }
        return new ReceptiveField(network, source, maxSteps);
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

    /** Positions of a node along an axis: 1 for a tensor that is not a feature map. */
    static long length(Node n, boolean heightAxis) {
        if (!n.shape().isFeatureMap()) {
            return 1;
        }
        return heightAxis ? n.shape().h() : n.shape().w();
    }

    private static NodeState compose(Node n, Map<Node, NodeState> states, Steps steps) {
        AxisState h = AxisState.compose(n, true, in -> states.containsKey(in) ? states.get(in).height() : null, steps);
        AxisState w = h == null ? null
                : AxisState.compose(n, false, in -> states.containsKey(in) ? states.get(in).width() : null, steps);
        return w == null ? null : new NodeState(h, w);
    }
}
