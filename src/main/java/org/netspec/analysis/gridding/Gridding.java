package org.netspec.analysis.gridding;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.math3.fraction.BigFraction;
import org.netspec.analysis.Grouping;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.ChannelFlow;
import org.netspec.spec.Limits;

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
 * groups follow the operators' {@link ChannelFlow} ({@link ChannelSegments}); global operators
 * mark a group global: its global path covers every offset, so a global group, and a union
 * with one (ASPP's image pooling branch beside its atrous branches), have coverage 1. The
 * footprints themselves hold only the local paths. A pure function of the network.
 *
 * <p>The pieces: {@link Footprint} (path counts over a box), {@link FootprintPropagation} (the
 * forward step through every node of a block), {@link DilationChains} with the {@link HdcRule},
 * and the {@link Lattice} of a stride-1 block.
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

    /** Why a block's footprint was not computed. */
    public enum Unmeasured {
        /** No dilated layer reads a feature map entering the block. */
        NO_FEATURE_MAP,
        /** Its footprints need more than {@link #MAX_CELLS} cells. */
        CELLS,
        /** Its footprints take more than {@link #MAX_WORK} additions. */
        WORK,
        /** A node has more than {@link #MAX_PHASES} phases. */
        PHASES,
        /** The blocks before it and its own footprints took the steps the whole network may take. */
        STEPS,
        /** Paths with different strides meet inside it. */
        STRIDES
    }

    /** A block whose union coverage is below {@link #WARNING_COVERAGE}. */
    public record Warning(String block, BigFraction coverage, int rows, int cols, BigFraction lowestGroupCoverage) {
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
     * @param unmeasured why the footprint was not computed; null when it was
     */
    public record Block(String name, Node source, Node output, List<Node> nodes, NodeFootprint footprint,
            List<Chain> chains, List<Long> commonFactor, BigFraction latticeBound, Unmeasured unmeasured) {
        /** The output's union coverage; null when not measured. */
        public BigFraction coverage() {
            return footprint == null ? null : footprint.coverage();
        }
    }

    private final Network network;
    private final List<Block> blocks = new ArrayList<>();
    private final Map<Node, NodeFootprint> footprints = new HashMap<>();
    private final List<Warning> warnings = new ArrayList<>();
    private final AxisMaps maps = new AxisMaps();
    private final long maxSteps;
    private final Budget budget;
    private final BlockCache cache;

    private Gridding(Network network, long maxSteps, BlockCache cache) {
        this.network = network;
        this.maxSteps = maxSteps;
        this.budget = new Budget(maxSteps);
        this.cache = cache;
        for (Map.Entry<String, List<Node>> e : Grouping.BLOCK.groups(network).entrySet()) {
            List<Node> nodes = e.getValue();
            if (nodes.stream().anyMatch(maps::skipsPositions)) {
                measure(e.getKey(), nodes);
            }
        }
    }

    /** The gridding of a network within the default steps ({@link Limits#DEFAULT}). */
    public static Gridding of(Network network) {
        return of(network, Limits.DEFAULT.maxAnalysisSteps());
    }

    /**
     * @param maxSteps footprint steps (cells allocated and cell additions) of all blocks together;
     *     the blocks measured after they are spent are {@link Unmeasured#STEPS}
     */
    public static Gridding of(Network network, long maxSteps) {
        return of(network, maxSteps, new BlockCache());
    }

    /**
     * The same as {@link #of(Network, long)}, taking blocks measured before from {@code cache} and
     * keeping those it measures there: for the many variants of a sweep.
     */
    public static Gridding of(Network network, long maxSteps, BlockCache cache) {
        return new Gridding(network, maxSteps, cache);
    }

    /** The steps all blocks together may take. */
    public long maxSteps() {
        return maxSteps;
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

    /**
     * The node's union coverage over its block's input; empty where no dilated path from the block
     * input reaches it, or no local group reads it.
     */
    public Optional<BigFraction> coverage(Node node) {
        NodeFootprint f = footprints.get(node);
        if (f == null || !f.dilatedPath()) {
            return Optional.empty();
        }
        return Optional.ofNullable(f.coverage());
    }

    public List<Warning> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    private void measure(String name, List<Node> nodes) {
        Set<Node> inside = new LinkedHashSet<>(nodes);
        Node source = source(nodes, inside);
        Node output = output(nodes, inside);
        if (source == null || !source.shape().isFeatureMap()) {
            blocks.add(new Block(name, source, output, nodes, null, List.of(), null, null, Unmeasured.NO_FEATURE_MAP));
            return;
        }
        BlockCache.Key key = BlockCache.Key.of(source, output, nodes);
        BlockCache.Entry known = cache.get(key);
        Map<Node, NodeFootprint> measured = Map.of();
        Unmeasured unmeasured = null;
        Charges charges = new Charges(budget);
        try {
            budget.startBlock();
            if (known != null) {
                known.charge(budget);
                measured = known.footprints(nodes);
            } else {
                measured = new FootprintPropagation(maps).footprints(source, nodes, charges);
            }
        } catch (Unmeasurable x) {
            unmeasured = x.reason();
        }
        footprints.putAll(measured);
        NodeFootprint outputFootprint = unmeasured == null ? measured.get(output) : null;
        List<Long> factor = null;
        if (known != null) {
            factor = unmeasured == null ? known.commonFactor() : null;
        } else if (unmeasured == null) {
            Set<Node> reached = new LinkedHashSet<>(measured.keySet());
            reached.add(source);
            factor = Lattice.commonFactor(maps, nodes, reached);
        }
        BigFraction bound = factor == null || outputFootprint == null || outputFootprint.union(0, 0).isEmpty() ? null
                : Lattice.bound(outputFootprint.union(0, 0), factor);
        List<Chain> chains = known != null ? known.chains(nodes) : new DilationChains(maps).of(source, output, nodes);
        Block block = new Block(name, source, output, List.copyOf(nodes), outputFootprint, chains, factor, bound, unmeasured);
        if (known == null && unmeasured == null) {
            BlockCache.Entry entry = BlockCache.Entry.of(nodes, measured, chains, factor, charges);
            if (entry != null) {
                cache.put(key, entry);
            }
        }
        blocks.add(block);
        BigFraction coverage = block.coverage();
        if (coverage != null && coverage.compareTo(WARNING_COVERAGE) < 0) {
            Footprint box = outputFootprint.union(0, 0);
            BigFraction lowest = outputFootprint.groups().stream().map(NodeFootprint.Group::coverage)
                    .filter(c -> c != null).min(BigFraction::compareTo).orElse(coverage);
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
                for (int port : maps.dataPorts(n)) {
                    if (reached.contains(n.inputs().get(port))) {
                        reached.add(n);
                        if (maps.skipsPositions(n)) {
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
}
