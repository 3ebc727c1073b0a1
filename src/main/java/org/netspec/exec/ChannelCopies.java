package org.netspec.exec;

import org.netspec.ops.ChannelShuffle;
import org.netspec.ops.Tensor;

/**
 * Operators that only move whole channel planes (concatenation, channel shuffle), one output plane
 * per task: a copy of the plane the reference kernel copies there, then the epilogue of the
 * per-channel nodes fused after it while the plane is in cache. The values are copies, so the bits
 * are the reference kernels'. Tensors that are not feature maps go to the reference kernel.
 */
final class ChannelCopies {
    private final Parallel parallel;
    private final Buffers buffers;

    /** @param buffers where outputs come from: every element is written */
    ChannelCopies(Parallel parallel, Buffers buffers) {
        this.parallel = parallel;
        this.buffers = buffers;
    }

    /** Concatenation along the channels, in input order. */
    Kernel concat(Kernel reference, Epilogue epilogue) {
        return (a, inputs, weights) -> {
            for (Tensor t : inputs) {
                if (!t.shape().isFeatureMap()) {
                    return PlaneKernels.applied(parallel, reference.compute(a, inputs, weights), epilogue);
                }
            }
            Tensor first = inputs.get(0);
            int n = first.dim(0);
            int plane = first.dim(2) * first.dim(3);
            int channels = 0;
            for (Tensor t : inputs) {
                channels += t.dim(1);
            }
            // the input and its channel that each output channel copies
            int[] source = new int[channels];
            int[] channel = new int[channels];
            for (int i = 0, c = 0; i < inputs.size(); i++) {
                for (int k = 0; k < inputs.get(i).dim(1); k++, c++) {
                    source[c] = i;
                    channel[c] = k;
                }
            }
            Tensor y = buffers.tensor(first.shape().withChannels(channels));
            int total = channels;
            parallel.forEach(n * channels, p -> {
                int image = p / total;
                int c = p % total;
                Tensor from = inputs.get(source[c]);
                System.arraycopy(from.data(), (image * from.dim(1) + channel[c]) * plane, y.data(), p * plane, plane);
                epilogue.apply(c, y.data(), p * plane, plane);
            });
            return y;
        };
    }

    /** Channel shuffle: output channel k * g + group is input channel group * (C / g) + k. */
    Kernel shuffle(Kernel reference, Epilogue epilogue) {
        return (a, inputs, weights) -> {
            Tensor x = inputs.get(0);
            if (!x.shape().isFeatureMap()) {
                return PlaneKernels.applied(parallel, reference.compute(a, inputs, weights), epilogue);
            }
            int c = x.dim(1);
            int g = Math.toIntExact(a.get(ChannelShuffle.GROUPS));
            int plane = x.dim(2) * x.dim(3);
            Tensor y = buffers.tensor(x.shape());
            parallel.forEach(x.dim(0) * c, p -> {
                int image = p / c;
                int to = p % c;
                int from = to % g * (c / g) + to / g;
                System.arraycopy(x.data(), (image * c + from) * plane, y.data(), p * plane, plane);
                epilogue.apply(to, y.data(), p * plane, plane);
            });
            return y;
        };
    }
}
