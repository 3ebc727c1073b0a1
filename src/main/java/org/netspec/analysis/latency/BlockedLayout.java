package org.netspec.analysis.latency;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.netspec.device.KernelClass;
import org.netspec.graph.Edge;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.AdaptivePool;
import org.netspec.ops.BatchNorm;
import org.netspec.ops.Category;
import org.netspec.ops.Conv;
import org.netspec.ops.GlobalPool;
import org.netspec.ops.Pair;
import org.netspec.ops.Shape;
import org.netspec.ops.Upsample;

/**
 * Where a runtime that runs convolutions in a blocked channel layout (NCHWc, {@code block} channels
 * a block, as ONNX Runtime's CPU provider does on x86) must reorder tensors: the operators that can
 * follow a blocked convolution in that layout stay in it, the others read and write plain NCHW, and
 * every tensor crossing between the two is copied once into the other layout (ONNX Runtime's
 * ReorderInput and ReorderOutput kernels). The rules follow ONNX Runtime's NCHWc transformer:
 * <ul>
 * <li>a dense convolution runs blocked when its input channels are fewer than a block (read as NCHW
 * directly, a blocked input reordered for it) or a multiple of {@value #CHANNEL_ALIGNMENT}, in either
 * layout, whatever its output channels (the transformer pads them to a whole block); otherwise in
 * NCHW, even after a blocked convolution; a grouped one when its output channels are a multiple of the block
 * and it is depthwise (one input channel and one output channel per group) or has a multiple of
 * the block of input and of output channels per group; transposed convolutions do not;</li>
 * <li>max and average pooling over windows run blocked on a multiple of the block of channels,
 * whatever their input's layout, except a max pooling that also produces its arg-max indices (for
 * a max-unpooling); global pooling when its input is blocked or is the network's input (the
 * transformer takes a node with no producer for one whose inputs it already converted: ONNX Runtime
 * 1.29 reordered a block's input for a global average pooling);</li>
 * <li>batch norm, up-sampling by a whole factor (nearest or bilinear), ReLU, sigmoid and tanh (and any activation
 * fused into a convolution) stay blocked when their input is; a sum or a product when all its
 * inputs are and have one shape; a concatenation when all its inputs are and each has a multiple
 * of the block of channels; views are what their input is;</li>
 * <li>everything else (up-sampling by other factors, max-unpooling, PReLU and the other activations,
 * broadcast products, layer and group norm, slices, shuffles, linear layers) runs in NCHW.</li>
 * </ul>
 * A convolution outside the blocked layout runs as im2col and a matrix product, moving its column
 * matrix besides its tensors ({@link #columnElements}).
 */
final class BlockedLayout {
    /** The activations the transformer runs blocked (ONNX Relu, Sigmoid, Tanh; SiLU is a Sigmoid and a Mul). */
    private static final Set<String> BLOCKED_ACTIVATIONS = Set.of("relu", "sigmoid", "tanh", "silu");

    /**
     * The input channels a dense convolution of a block or more runs blocked at a multiple of. Measured
     * through ONNX Runtime 1.29's profiler (AVX-512, block 16): 20, 24, 28, 36 and 40 input channels ran
     * blocked, from a plain input or a blocked one; 18, 19, 25, 35 and 131 ran in NCHW, from either.
     */
    private static final long CHANNEL_ALIGNMENT = 4;

    private final Network network;
    private final long block;
    private final Predicate<Node> fused;
    private final Map<Node, Boolean> blocked = new HashMap<>();

    private BlockedLayout(Network network, long block, Predicate<Node> fused) {
        this.network = network;
        this.block = block;
        this.fused = fused;
    }

    /** @param fused whether the runtime runs a node inside its producer's kernel (an activation after a convolution) */
    static BlockedLayout of(Network network, long block, Predicate<Node> fused) {
        BlockedLayout layout = new BlockedLayout(network, block, fused);
        network.nodes().forEach(layout::blocked); // in topological order, so no decision recurses deeply
        return layout;
    }

    /**
     * The tensors reordered, each as the node that produces it mapped to the node charged with the
     * copy: a consumer that reads it in the other layout (or the producer, for a blocked output).
     */
    Map<Node, Node> reorders() {
        Map<Node, Node> out = new LinkedHashMap<>();
        for (Node p : network.nodes()) {
            if (network.isUnused(p) || p.op().category() == Category.PASS_THROUGH) {
                continue;
            }
            boolean from = blocked(p);
            for (Node c : consumers(network, p)) {
                if (network.isUnused(c) || readsBlocked(c) == from) {
                    continue;
                }
                out.putIfAbsent(p, c);
            }
            if (from && network.outputs().contains(p)) {
                out.putIfAbsent(p, p);
            }
        }
        return out;
    }

    /**
     * The elements of the column matrix a convolution outside the blocked layout builds (im2col,
     * then a matrix product): {@code Cin x kh x kw x Hout x Wout}, written and read once more; none
     * for a blocked one or a 1x1 convolution at stride 1, which reads its input as it is.
     */
    long columnElements(Node n) {
        if (n.op().category() != Category.CONVOLUTION || blocked(n)) {
            return 0;
        }
        Pair k = n.attributes().get(Conv.KERNEL);
        Pair s = n.attributes().get(Conv.STRIDE);
        if (k.equals(Pair.square(1)) && s.equals(Pair.square(1))) {
            return 0;
        }
        return n.inputShapes().get(0).c() * k.h() * k.w() * n.shape().spatial() * n.shape().n();
    }

    /**
     * Whether a node runs outside the blocked layout with a plain kernel slower than the blocked one of
     * its kind: a convolution (as im2col and a matrix product), a pooling that does not write its
     * indices, or a bilinear up-sampling (ONNX Runtime 1.29 at one thread, per element: pooling 1.9-2.7x
     * and bilinear up-sampling 2.9x the blocked kernels' time; a nearest one in NCHW is a copy, 0.1 ns
     * an element, as fast as a blocked one).
     */
    boolean unblocked(Node n) {
        Category c = n.op().category();
        boolean slowerPlain = c == Category.CONVOLUTION || (c == Category.POOLING && !withIndices(n))
                || (n.op() instanceof Upsample && n.attributes().get(Upsample.MODE).equals("bilinear"));
        return slowerPlain && !blocked(n);
    }

    /**
     * A node's floating-point operations as the runtime does them: a blocked dense convolution computes
     * whole blocks of output channels (the transformer pads its filters) from whole blocks of a blocked
     * input (whose padded channels read as zeros, multiplied all the same), so 20 output channels cost
     * what 32 do; anything else does its own FLOPs.
     */
    double flops(Node n) {
        double own = Latency.flops(n);
        if (n.op().category() != Category.CONVOLUTION || !blocked(n) || n.attributes().get(Conv.GROUPS) != 1) {
            return own;
        }
        long cin = n.inputShapes().get(0).c();
        long cout = n.shape().c();
        double in = readsBlocked(n) ? (double) wholeBlocks(cin) / cin : 1;
        return own * in * wholeBlocks(cout) / cout;
    }

    private long wholeBlocks(long channels) {
        return (channels + block - 1) / block * block;
    }

    /** The consumers of a node's tensor, looking through views. */
    private static List<Node> consumers(Network network, Node p) {
        return network.graph().outgoingEdgesOf(p).stream().map(Edge::target).distinct()
                .flatMap(c -> c.op().category() == Category.PASS_THROUGH ? consumers(network, c).stream() : List.of(c).stream())
                .toList();
    }

    /**
     * Whether a node reads its input in the blocked layout: every blocked node but a convolution of
     * fewer input channels than a block, which reads NCHW directly, so a blocked input is reordered
     * for it (ONNX Runtime 1.29's profiler showed the ReorderOutput before such a convolution).
     */
    private boolean readsBlocked(Node c) {
        return blocked(c) && !(c.op().category() == Category.CONVOLUTION && c.inputShapes().get(0).c() < block);
    }

    boolean blocked(Node n) {
        Boolean known = blocked.get(n);
        if (known == null) {
            known = decide(n);
            blocked.put(n, known);
        }
        return known;
    }

    private boolean decide(Node n) {
        List<Node> in = n.inputs();
        return switch (n.op().category()) {
            case INPUT, TRANSPOSED_CONVOLUTION, LINEAR -> false;
            case PASS_THROUGH -> blocked(in.get(0));
            case CONVOLUTION -> convolution(n);
            case POOLING -> n.inputShapes().get(0).c() % block == 0 && !withIndices(n)
                    && (windowed(n) || (n.op() instanceof GlobalPool
                            && (blocked(in.get(0)) || in.get(0).op().category() == Category.INPUT)));
            case NORMALISATION -> n.op() instanceof BatchNorm && blocked(in.get(0));
            case RESAMPLING -> byWholeFactor(n) && blocked(in.get(0));
            case ACTIVATION -> (BLOCKED_ACTIVATIONS.contains(n.op().name()) || fused.test(n)) && blocked(in.get(0));
            case ELEMENT_WISE -> (n.op().name().equals("add") || n.op().name().equals("mul"))
                    && in.stream().allMatch(this::blocked) && n.inputShapes().stream().distinct().count() == 1;
            case DATA_MOVEMENT -> n.op().name().equals("concat") && in.stream().allMatch(this::blocked)
                    && n.inputShapes().stream().allMatch(s -> s.c() % block == 0);
        };
    }

    /**
     * A max or average pooling over windows, as ONNX's MaxPool or AveragePool, which the transformer
     * runs blocked from either layout; an adaptive pooling is one when its bins divide the input.
     */
    private static boolean windowed(Node n) {
        if (n.op() instanceof AdaptivePool) {
            return AdaptivePool.equalWindows(n.attributes(), n.inputShapes().get(0));
        }
        return !(n.op() instanceof GlobalPool);
    }

    /**
     * An up-sampling by a whole factor in height and width, nearest or bilinear, given as a scale or
     * a size (ONNX Resize, whose scales the transformer takes from constant sizes too): the resizes
     * ONNX Runtime 1.29 runs blocked (measured through its profiler: x2 and x4 by scale or size, in
     * either mode and coordinate convention, ran as NCHWc Upsample; x1.5 as Resize in NCHW).
     */
    private static boolean byWholeFactor(Node n) {
        Shape in = n.inputShapes().get(0);
        return n.op() instanceof Upsample && n.shape().h() % in.h() == 0 && n.shape().w() % in.w() == 0;
    }

    /** A max pooling that also writes its arg-max indices: ONNX Runtime's transformer leaves it in NCHW. */
    private static boolean withIndices(Node n) {
        return Latency.kernelClassOf(n).orElse(null) == KernelClass.POOLING_INDICES;
    }

    private boolean convolution(Node n) {
        long cin = n.inputShapes().get(0).c();
        long cout = n.shape().c();
        long groups = n.attributes().get(Conv.GROUPS);
        if (groups == 1) {
            return cin < block || cin % CHANNEL_ALIGNMENT == 0;
        }
        boolean depthwise = cin == groups && cout == groups;
        return cout % block == 0 && (depthwise || (cin / groups % block == 0 && cout / groups % block == 0));
    }
}
