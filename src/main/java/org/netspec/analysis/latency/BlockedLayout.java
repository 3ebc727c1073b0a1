package org.netspec.analysis.latency;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netspec.device.KernelClass;
import org.netspec.graph.Edge;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.Category;
import org.netspec.ops.Conv;
import org.netspec.ops.MaxUnpool;
import org.netspec.ops.Pair;

/**
 * Where a runtime that runs convolutions in a blocked channel layout (NCHWc, {@code block} channels
 * a block, as ONNX Runtime's CPU provider does on x86) must reorder tensors: the operators that can
 * follow a blocked convolution in that layout stay in it, the others read and write plain NCHW, and
 * every tensor crossing between the two is copied once into the other layout (ONNX Runtime's
 * ReorderInput and ReorderOutput kernels). The rules follow ONNX Runtime's NCHWc transformer:
 * <ul>
 * <li>a convolution runs blocked when its output channels are a multiple of the block and it is
 * dense with input channels a multiple of the block (or fewer than one block, read as NCHW
 * directly), or depthwise on a multiple of the block; grouped and transposed convolutions do not;</li>
 * <li>pooling runs blocked on a multiple of the block of channels, whatever its input's layout,
 * except a max pooling that also produces its arg-max indices (for a max-unpooling);</li>
 * <li>batch norm, up-sampling and activations other than PReLU and softmax stay blocked when their
 * input is (max-unpooling, which the transformer does not know, never is); a sum when all its inputs are and have one shape; a concatenation when all its
 * inputs are and each has a multiple of the block of channels; views are what their input is;</li>
 * <li>everything else (PReLU, products, slices, shuffles, linear layers) runs in NCHW.</li>
 * </ul>
 * A convolution outside the blocked layout runs as im2col and a matrix product, moving its column
 * matrix besides its tensors ({@link #columnElements}).
 */
final class BlockedLayout {
    private final Network network;
    private final long block;
    private final Map<Node, Boolean> blocked = new HashMap<>();

    private BlockedLayout(Network network, long block) {
        this.network = network;
        this.block = block;
    }

    static BlockedLayout of(Network network, long block) {
        BlockedLayout layout = new BlockedLayout(network, block);
        network.nodes().forEach(layout::blocked); // in topological order, so no decision recurses deeply
        return layout;
    }

    /**
     * The tensors reordered, each as the node that produces it mapped to the node charged with the
     * copy: a plain consumer (for a blocked tensor) or a blocked convolution (for a plain one).
     */
    Map<Node, Node> reorders() {
        Map<Node, Node> out = new LinkedHashMap<>();
        for (Node p : network.nodes()) {
            if (network.isUnused(p) || p.op().category() == Category.PASS_THROUGH) {
                continue;
            }
            boolean from = blocked(p);
            for (Node c : consumers(network, p)) {
                if (network.isUnused(c) || blocked(c) == from || (!from && !readsReordered(c))) {
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

    /** The consumers of a node's tensor, looking through views. */
    private static List<Node> consumers(Network network, Node p) {
        return network.graph().outgoingEdgesOf(p).stream().map(Edge::target).distinct()
                .flatMap(c -> c.op().category() == Category.PASS_THROUGH ? consumers(network, c).stream() : List.of(c).stream())
                .toList();
    }

    /**
     * A blocked convolution reading a plain tensor reorders it, unless it reads fewer channels than
     * a block; so does a blocked pooling.
     */
    private boolean readsReordered(Node c) {
        return c.op().category() == Category.POOLING || (c.op().category() == Category.CONVOLUTION
                && c.inputShapes().get(0).c() >= block);
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
            case POOLING -> n.inputShapes().get(0).c() % block == 0 && !withIndices(n);
            case NORMALISATION -> blocked(in.get(0));
            case RESAMPLING -> !(n.op() instanceof MaxUnpool) && blocked(in.get(0));
            case ACTIVATION -> !n.op().name().equals("prelu") && !n.op().name().equals("softmax") && blocked(in.get(0));
            case ELEMENT_WISE -> n.op().name().equals("add") && in.stream().allMatch(this::blocked)
                    && n.inputShapes().stream().distinct().count() == 1;
            case DATA_MOVEMENT -> n.op().name().equals("concat") && in.stream().allMatch(this::blocked)
                    && n.inputShapes().stream().allMatch(s -> s.c() % block == 0);
        };
    }

    /** A max pooling that also writes its arg-max indices: ONNX Runtime's transformer leaves it in NCHW. */
    private static boolean withIndices(Node n) {
        return Latency.kernelClassOf(n).orElse(null) == KernelClass.POOLING_INDICES;
    }

    private boolean convolution(Node n) {
        long cin = n.inputShapes().get(0).c();
        if (n.shape().c() % block != 0) {
            return false;
        }
        return switch (Conv.connectivity(n.attributes(), n.inputShapes().get(0))) {
            case DENSE -> cin % block == 0 || cin < block;
            case DEPTHWISE -> cin % block == 0 && n.shape().c() == cin;
            case GROUPED -> false;
        };
    }
}
