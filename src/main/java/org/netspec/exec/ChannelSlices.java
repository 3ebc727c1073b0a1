package org.netspec.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.netspec.graph.Node;
import org.netspec.ops.Operator;
import org.netspec.ops.Tensor;

/**
 * Runs the reference kernel of an operator that treats every channel plane on its own (pooling,
 * up-sampling) on slices of the channels in parallel, and joins the slices. The slices are fixed
 * by the channel count, not the thread count, and planes do not interact, so the result is the
 * reference kernel's, bit for bit.
 */
final class ChannelSlices {
    private static final int SLICES = 16;

    private final Parallel parallel;

    ChannelSlices(Parallel parallel) {
        this.parallel = parallel;
    }

    /** The copies of the input and output slices a sliced kernel holds besides its output. */
    static long scratchBytes(Node node) {
        return 4 * (node.inputShapes().get(0).elements() + node.shape().elements())
                + 8 * node.op().indexElements(node.attributes(), node.shape());
    }

    Kernel of(Operator op) {
        return (a, inputs, weights) -> {
            Tensor x = inputs.get(0);
            int c = x.dim(1);
            if (x.dim(0) != 1 || c < 2) {
                return op.compute(a, inputs, weights);
            }
            int slices = Math.min(c, SLICES);
            int plane = x.data().length / c;
            Tensor[] parts = new Tensor[slices];
            parallel.forEach(slices, s -> {
                int c0 = s * c / slices;
                int c1 = (s + 1) * c / slices;
                List<Tensor> in = new ArrayList<>(inputs);
                in.set(0, Tensor.of(x.shape().withChannels(c1 - c0), Arrays.copyOfRange(x.data(), c0 * plane, c1 * plane)));
                parts[s] = op.compute(a, in, weights);
            });
            Tensor first = parts[0];
            int outPlane = first.data().length / first.dim(1);
            float[] data = new float[Tensor.checkedSize(first.shape().withChannels(c))];
            long[] indices = first.indices() == null ? null : new long[data.length];
            for (int s = 0; s < slices; s++) {
                int at = s * c / slices * outPlane;
                System.arraycopy(parts[s].data(), 0, data, at, parts[s].data().length);
                if (indices != null) {
                    System.arraycopy(parts[s].indices(), 0, indices, at, parts[s].indices().length);
                }
            }
            return new Tensor(first.shape().withChannels(c), data, indices);
        };
    }
}
