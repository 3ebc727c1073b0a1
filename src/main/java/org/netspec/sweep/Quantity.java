package org.netspec.sweep;

import java.util.Optional;
import java.util.function.Supplier;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.field.ReceptiveField;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.graph.Network;
import org.netspec.graph.Node;

/**
 * An analysed figure a sweep constrains or optimises, in order of the work it takes: the counts
 * come with the network, receptive fields and gridding are computed only when asked for.
 */
public enum Quantity {
    PARAMS("params", 0),
    MACS("macs", 0),
    MEMORY_ACCESS("memory_access", 1),
    PEAK_ACTIVATIONS("peak_activations", 1),
    /** Estimated milliseconds on the sweep's device profile (analysis/latency). */
    LATENCY_MS("latency_ms", 1),
    RECEPTIVE_FIELD("receptive_field", 2),
    COVERAGE("coverage", 3),
    WARNINGS("warnings", 4);

    private final String key;
    private final int cost;

    Quantity(String key, int cost) {
        this.key = key;
        this.cost = cost;
    }

    public String key() {
        return key;
    }

    /** Relative work: quantities of lower cost are checked first. */
    public int cost() {
        return cost;
    }

    /** Whether {@code at:} may name a node (receptive field) or a block (coverage). */
    public boolean takesAt() {
        return this == RECEPTIVE_FIELD || this == COVERAGE;
    }

    public static Optional<Quantity> named(String key) {
        for (Quantity q : values()) {
            if (q.key.equals(key)) {
                return Optional.of(q);
            }
        }
        return Optional.empty();
    }

    /**
     * The figure for a network.
     *
     * <ul>
     * <li>receptive field: the smaller of the two axes' largest field (r_max) at node {@code at}
     *     (the network's last output when null) relative to the network input, so
     *     {@code receptive_field >= 33} means at least 33 positions on both axes;
     * <li>coverage: the lowest union coverage of the blocks with a measured footprint (only block
     *     {@code at} when given), 1 when no block has a dilated layer;
     * <li>warnings: the spec's warnings, the guideline findings over their threshold and the gridding
     *     warnings.
     * </ul>
     *
     * @param gridding the network's gridding, computed on first use (through the sweep's block cache)
     * @throws IllegalArgumentException when {@code at} names no node or block
     */
    double measure(Analyses a, Supplier<Gridding> gridding, String at, int specWarnings) {
        return switch (this) {
            case PARAMS -> a.costs().total().params();
            case MACS -> a.costs().total().macs();
            case MEMORY_ACCESS -> a.access().total().total();
            case PEAK_ACTIVATIONS -> a.memory().best().peakBytes();
            case LATENCY_MS -> a.latency().orElseThrow(() -> new IllegalStateException("latency_ms needs a device profile"))
                    .total() * 1000;
            case RECEPTIVE_FIELD -> receptiveField(a, at);
            case COVERAGE -> coverage(gridding.get(), at);
            case WARNINGS -> specWarnings + a.guidelineWarnings().size() + gridding.get().warnings().size();
        };
    }

    private static double receptiveField(Analyses a, String at) {
        Network net = a.network();
        Node node = at == null ? net.outputs().get(net.outputs().size() - 1)
                : net.node(at).orElseThrow(() -> new IllegalArgumentException("the network has no node `" + at + "`"));
        ReceptiveField.Field f = a.receptiveField().field(node)
                .orElseThrow(() -> new IllegalArgumentException("node `" + node.name() + "` has no receptive field"));
        return Math.min(f.height().size(), f.width().size());
    }

    private static double coverage(Gridding g, String at) {
        double lowest = 1;
        boolean found = at == null;
        for (Gridding.Block b : g.blocks()) {
            if (at != null && !b.name().equals(at)) {
                continue;
            }
            found = true;
            if (b.coverage() != null) {
                lowest = Math.min(lowest, b.coverage().doubleValue());
            }
        }
        if (!found) {
            throw new IllegalArgumentException("no block `" + at + "` with a dilated layer");
        }
        return lowest;
    }
}
