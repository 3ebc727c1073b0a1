package org.netspec.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.netspec.graph.Edge;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.Category;
import org.netspec.ops.Conv;
import org.netspec.ops.Pair;
import org.netspec.ops.Shape;

/**
 * The four practical guidelines of ShuffleNet V2 (Ma et al., ECCV 2018, Section 2) as design-review
 * findings with their numbers. A pure function of the network and its memory access cost.
 *
 * <ul>
 *   <li>G1: a 1x1 convolution with unequal input and output widths accesses more memory than the
 *       minimum {@code 2 sqrt(hw B) + B / hw} for its B MACs (equal widths reach it). Judged at
 *       the resolution it reads: a strided 1x1 (ResNet's down-sampling shortcut) is measured as
 *       the same convolution at stride 1, so its stride is not mistaken for unequal widths.
 *       Not G1 material, so no finding: a 1x1 convolution on a 1x1 map (squeeze-excitation, where
 *       the weights dominate and no width choice reaches the minimum) and the final classifier,
 *       a 1x1 convolution from which a network output is reached through no other layer with MACs
 *       (the class count sets its width, not the designer). A block file's sample is one block
 *       instance and has no classifier: its last 1x1 is the block's projection and is judged.
 *   <li>G2: a grouped (not depthwise) convolution accesses more memory than a dense one with the
 *       same MACs: {@code hw c1 + B g / c1 + B / hw}.
 *   <li>G3: a block that runs many small operators in parallel is fragmented.
 *   <li>G4: element-wise operators take a large share of the memory access.
 * </ul>
 */
public final class Guidelines {
    /**
     * G1 fires at 25% above the minimum: a width ratio of 4 or more at large maps
     * ((1 + 4) / (2 sqrt 4) = 1.25); ShuffleNet V2's Table 1 loses about a third of its speed there.
     */
    public static final double G1_EXCESS = 1.25;
    /**
     * G2 fires at 25% above a dense convolution with the same MACs, the G1 threshold: ShuffleNet
     * V2's Table 2 already loses 30% of its GPU speed from 1 to 2 groups.
     */
    public static final double G2_EXCESS = 1.25;
    /** G3 fires at 4 parallel branches, the most fragmented structure of ShuffleNet V2's Table 3. */
    public static final int G3_BRANCHES = 4;
    /** G4 fires when element-wise operators take a third of the memory access or more. */
    public static final double G4_SHARE = 1.0 / 3;

    /**
     * One finding: the guideline, the node, block or network it concerns, its number (the access
     * ratio for G1 and G2, the branches for G3, the share for G4), whether it crosses the threshold,
     * and for G1 and G2 the convolution's input and output channels and groups (0 otherwise).
     */
    public record Finding(String guideline, String subject, double value, boolean warning, long inChannels,
            long outChannels, long groups) {
    }

    private Guidelines() {
    }

    public static List<Finding> of(Network network, MemoryAccessCost access) {
        List<Finding> out = new ArrayList<>();
        Set<Node> classifiers = isBlockSample(network) ? Set.of() : finalProducts(network);
        for (Node n : network.nodes()) {
            if (network.isUnused(n) || n.op().category() != Category.CONVOLUTION) {
                continue;
            }
            pointwise(n, access, classifiers).ifPresent(out::add);
            grouped(n, access).ifPresent(out::add);
        }
        for (Map.Entry<String, List<Node>> block : Grouping.BLOCK.groups(network).entrySet()) {
            if (block.getValue().size() > 1) {
                fragmentation(network, block.getKey(), block.getValue()).ifPresent(out::add);
            }
        }
        out.add(elementWiseShare(network, access));
        return out;
    }

    private static Optional<Finding> pointwise(Node n, MemoryAccessCost access, Set<Node> classifiers) {
        Pair k = n.attributes().get(Conv.KERNEL);
        Shape in = n.inputs().get(0).shape();
        long c1 = in.c();
        long c2 = n.shape().c();
        if (k.h() != 1 || k.w() != 1 || connectivity(n) != Conv.Connectivity.DENSE || c1 == c2 || in.spatial() == 1
                || classifiers.contains(n)) {
            return Optional.empty();
        }
        // At the resolution it reads: a strided 1x1 writes as many positions as it reads at stride 1.
        MemoryAccessCost.Access a = access.of(n);
        double hw = (double) in.n() * in.spatial();
        double written = (double) a.written() * in.spatial() / n.shape().spatial();
        double macs = hw * c1 * c2;
        double minimum = 2 * Math.sqrt(hw * macs) + macs / hw;
        double ratio = (a.read() + written + a.weights()) / minimum;
        return Optional.of(new Finding("G1", n.name(), ratio, ratio >= G1_EXCESS, c1, c2, 1));
    }

    /** The layers with MACs that a network output reads through layers without them. */
    private static Set<Node> finalProducts(Network network) {
        Set<Node> products = new HashSet<>();
        Set<Node> seen = new HashSet<>();
        Deque<Node> pending = new ArrayDeque<>(network.outputs());
        while (!pending.isEmpty()) {
            Node n = pending.pop();
            if (!seen.add(n)) {
                continue;
            }
            if (PRODUCTS.contains(n.op().category())) {
                products.add(n);
            } else {
                pending.addAll(n.inputs());
            }
        }
        return products;
    }

    private static final Set<Category> PRODUCTS = Set.of(Category.CONVOLUTION, Category.TRANSPOSED_CONVOLUTION,
            Category.LINEAR);

    /** Whether every layer belongs to one block instance: the sample network of a block file. */
    private static boolean isBlockSample(Network network) {
        Set<String> instances = new HashSet<>();
        for (Node n : network.nodes()) {
            if (n.op().category() != Category.INPUT) {
                instances.add(n.chain().isEmpty() ? "" : n.chain().get(0).instance());
            }
        }
        return instances.size() == 1 && !instances.contains("");
    }

    private static Optional<Finding> grouped(Node n, MemoryAccessCost access) {
        if (connectivity(n) != Conv.Connectivity.GROUPED) {
            return Optional.empty();
        }
        long g = n.attributes().get(Conv.GROUPS);
        long c1 = n.inputs().get(0).shape().c();
        // A dense convolution with the same input, kernel and MACs has c2 / g output channels.
        long c2 = n.shape().c();
        long hwOut = n.shape().n() * n.shape().spatial();
        long weightsDense = (c2 / g) * c1 * n.attributes().get(Conv.KERNEL).h() * n.attributes().get(Conv.KERNEL).w();
        double dense = (double) n.inputs().get(0).shape().elements() + hwOut * (c2 / g) + weightsDense;
        double ratio = access.of(n).total() / dense;
        return Optional.of(new Finding("G2", n.name(), ratio, ratio >= G2_EXCESS, c1, c2, g));
    }

    private static Conv.Connectivity connectivity(Node conv) {
        return Conv.connectivity(conv.attributes(), conv.inputs().get(0).shape());
    }

    /** The widest fork or join inside a block: how many branches run side by side. */
    private static Optional<Finding> fragmentation(Network network, String block, List<Node> nodes) {
        Set<Node> inside = new HashSet<>(nodes);
        int widest = 1;
        for (Node n : nodes) {
            int fanOut = 0;
            for (Edge e : network.graph().outgoingEdgesOf(n)) {
                if (inside.contains(e.target()) && !network.isUnused(e.target())) {
                    fanOut++;
                }
            }
            int fanIn = (int) n.inputs().stream().filter(inside::contains).distinct().count();
            widest = Math.max(widest, Math.max(fanOut, n.op().name().equals("concat") ? n.inputs().size() : fanIn));
        }
        if (widest < 2) {
            return Optional.empty();
        }
        return Optional.of(new Finding("G3", block, widest, widest >= G3_BRANCHES, 0, 0, 0));
    }

    private static Finding elementWiseShare(Network network, MemoryAccessCost access) {
        long elementWise = 0;
        for (Node n : network.nodes()) {
            if (n.op().isElementWise()) {
                elementWise += access.of(n).total();
            }
        }
        long total = access.total().total();
        double share = total == 0 ? 0 : (double) elementWise / total;
        return new Finding("G4", network.name(), share, share >= G4_SHARE, 0, 0, 0);
    }
}
