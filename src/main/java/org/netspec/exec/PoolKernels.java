package org.netspec.exec;

import java.util.Arrays;
import java.util.List;
import org.netspec.ops.AdaptivePool;
import org.netspec.ops.AvgPool;
import org.netspec.ops.Attributes;
import org.netspec.ops.GlobalPool;
import org.netspec.ops.Pair;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/**
 * Average and adaptive pooling, a band of output rows of one (image, channel) plane per task, with
 * each window's rows and columns inside the input and its divisor worked out once per axis instead
 * of tested per tap.
 * Each window is summed in the reference kernels' order (rows, then columns, only the values
 * inside the input) and divided by the same count, so the bits are the reference kernels'.
 */
final class PoolKernels {
    private final Parallel parallel;
    private final Buffers buffers;

    /** @param buffers where outputs come from: every output element is written */
    PoolKernels(Parallel parallel, Buffers buffers) {
        this.parallel = parallel;
        this.buffers = buffers;
    }

    /** One axis of a pooling: window o reads [from[o], to[o]) and counts {@code counted[o]} positions. */
    private record Axis(int[] from, int[] to, int[] counted) {
        /** A sliding window of {@code k} every {@code s} over n values padded by p on each side. */
        static Axis sliding(int n, int k, int s, int p, int windows, boolean includePad) {
            int[] from = new int[windows];
            int[] to = new int[windows];
            int[] counted = new int[windows];
            for (int o = 0; o < windows; o++) {
                int start = o * s - p;
                from[o] = Math.max(0, start);
                to[o] = Math.min(n, start + k);
                // the reference counts taps before n + p (padding included) or inside [0, n)
                counted[o] = includePad ? Math.min(n + p, start + k) - start : to[o] - from[o];
            }
            return new Axis(from, to, counted);
        }

        /** PyTorch's adaptive bins: [floor(o * n / b), ceil((o + 1) * n / b)). */
        static Axis adaptive(int n, int bins) {
            int[] from = new int[bins];
            int[] to = new int[bins];
            int[] counted = new int[bins];
            for (int o = 0; o < bins; o++) {
                from[o] = Math.floorDiv(o * n, bins);
                to[o] = -Math.floorDiv(-(o + 1) * n, bins);
                counted[o] = to[o] - from[o];
            }
            return new Axis(from, to, counted);
        }

        int windows() {
            return from.length;
        }
    }

    Kernel average(AvgPool op) {
        return (a, inputs, weights) -> {
            Tensor x = inputs.get(0);
            Shape out = op.outputShape(a, List.of(x.shape()));
            Pair k = a.get(AvgPool.KERNEL);
            // no stride given: PyTorch's, the kernel size
            Pair s = a.find(AvgPool.STRIDE).orElse(k);
            Pair p = a.get(AvgPool.PADDING);
            boolean includePad = a.get(AvgPool.COUNT_INCLUDE_PAD);
            Axis rows = Axis.sliding(x.dim(2), (int) k.h(), (int) s.h(), (int) p.h(), (int) out.h(), includePad);
            Axis columns = Axis.sliding(x.dim(3), (int) k.w(), (int) s.w(), (int) p.w(), (int) out.w(), includePad);
            return pool(x, rows, columns, false);
        };
    }

    Kernel adaptive(AdaptivePool op) {
        boolean max = op.name().equals("adaptive_maxpool");
        return (a, inputs, weights) -> {
            Tensor x = inputs.get(0);
            Pair size = a.get(AdaptivePool.SIZE);
            return pool(x, Axis.adaptive(x.dim(2), (int) size.h()), Axis.adaptive(x.dim(3), (int) size.w()), max);
        };
    }

    Kernel global(GlobalPool op) {
        boolean max = op.name().equals("global_maxpool");
        return (a, inputs, weights) -> {
            Tensor x = inputs.get(0);
            return pool(x, Axis.adaptive(x.dim(2), 1), Axis.adaptive(x.dim(3), 1), max);
        };
    }

    private Tensor pool(Tensor x, Axis rows, Axis columns, boolean max) {
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = rows.windows();
        int ow = columns.windows();
        Tensor y = buffers.tensor(Shape.nchw(x.dim(0), x.dim(1), oh, ow));
        float[] in = x.data();
        float[] out = y.data();
        parallel.forEachBand(x.dim(0) * x.dim(1), oh, (plane, first, end) -> {
            float[] window = new float[ow];
            for (int oy = first; oy < end; oy++) {
                Arrays.fill(window, max ? Float.NEGATIVE_INFINITY : 0);
                // row by row of the windows, each window's sum (or maximum) in the reference order;
                // the windows of a row are independent chains the processor overlaps
                for (int iy = rows.from[oy]; iy < rows.to[oy]; iy++) {
                    int row = (plane * h + iy) * w;
                    for (int ox = 0; ox < ow; ox++) {
                        float v = window[ox];
                        for (int ix = row + columns.from[ox]; ix < row + columns.to[ox]; ix++) {
                            v = max ? Math.max(v, in[ix]) : v + in[ix];
                        }
                        window[ox] = v;
                    }
                }
                int to = (plane * oh + oy) * ow;
                for (int ox = 0; ox < ow; ox++) {
                    out[to + ox] = max ? window[ox] : window[ox] / (rows.counted[oy] * columns.counted[ox]);
                }
            }
        });
        return y;
    }
}
