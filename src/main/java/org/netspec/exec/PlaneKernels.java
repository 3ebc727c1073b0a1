package org.netspec.exec;

import org.netspec.ops.ElementWise;
import org.netspec.ops.Pair;
import org.netspec.ops.PerChannel;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;
import org.netspec.ops.Upsample;

/**
 * Element-wise kernels split over the (image, channel) planes of their output. They do the
 * reference kernels' arithmetic in the same order, so they give the same bits; they only add
 * threads and drop the reference kernels' per-element index arithmetic.
 */
final class PlaneKernels {
    private final Parallel parallel;
    private final Buffers buffers;
    private final ChannelSlices slices;

    /** @param buffers where outputs come from: every kernel here writes each element of its output */
    PlaneKernels(Parallel parallel, Buffers buffers) {
        this.parallel = parallel;
        this.buffers = buffers;
        this.slices = new ChannelSlices(parallel);
    }

    /** Batch norm, PReLU and activations: the operator's plane arithmetic ({@link PlaneFunction}), one plane per task. */
    Kernel perChannel(PerChannel op) {
        return perChannel(op, Epilogue.NONE);
    }

    /** {@link #perChannel(PerChannel)} followed by {@code epilogue} on each plane while it is in cache. */
    Kernel perChannel(PerChannel op, Epilogue epilogue) {
        return (a, inputs, weights) -> {
            Tensor x = inputs.get(0);
            Tensor y = buffers.tensor(x.shape());
            int channels = PerChannel.channels(x.shape());
            int plane = PerChannel.planeSize(x.shape());
            PlaneFunction head = PlaneFunction.of(op, a, weights);
            parallel.forEach(PerChannel.planes(x.shape()), p -> {
                head.apply(p % channels, x.data(), y.data(), p * plane, plane);
                epilogue.apply(p % channels, y.data(), p * plane, plane);
            });
            return y;
        };
    }

    /**
     * Sums and products of feature maps whose inputs each match the output's planes or hold one
     * value per plane (attention gates), in input order, then {@code epilogue} on each plane while it
     * is in cache; other broadcasts go to the reference kernel.
     */
    Kernel elementWise(ElementWise op, Epilogue epilogue) {
        boolean sum = op.isSum();
        return (a, inputs, weights) -> {
            long n = 1;
            long c = 1;
            long h = 1;
            long w = 1;
            for (Tensor t : inputs) {
                if (!t.shape().isFeatureMap()) {
                    return applied(parallel, op.compute(a, inputs, weights), epilogue);
                }
                n = Math.max(n, t.shape().n());
                c = Math.max(c, t.shape().c());
                h = Math.max(h, t.shape().h());
                w = Math.max(w, t.shape().w());
            }
            Shape shape = Shape.nchw(n, c, h, w);
            int plane = (int) (h * w);
            for (Tensor t : inputs) {
                int p = (int) (t.shape().h() * t.shape().w());
                if (p != plane && p != 1) {
                    return applied(parallel, op.compute(a, inputs, weights), epilogue);
                }
            }
            Tensor y = buffers.tensor(shape);
            float[] out = y.data();
            int channels = (int) c;
            parallel.forEach((int) (n * c), p -> {
                int image = p / channels;
                int ch = p % channels;
                int to = p * plane;
                for (int i = 0; i < inputs.size(); i++) {
                    Tensor t = inputs.get(i);
                    float[] in = t.data();
                    int tc = t.dim(1);
                    int tPlane = t.dim(2) * t.dim(3);
                    int from = ((t.dim(0) == 1 ? 0 : image) * tc + (tc == 1 ? 0 : ch)) * tPlane;
                    if (tPlane == 1) {
                        float v = in[from];
                        for (int j = 0; j < plane; j++) {
                            out[to + j] = i == 0 ? v : sum ? out[to + j] + v : out[to + j] * v;
                        }
                    } else if (i == 0) {
                        System.arraycopy(in, from, out, to, plane);
                    } else if (sum) {
                        for (int j = 0; j < plane; j++) {
                            out[to + j] += in[from + j];
                        }
                    } else {
                        for (int j = 0; j < plane; j++) {
                            out[to + j] *= in[from + j];
                        }
                    }
                }
                epilogue.apply(ch, out, to, plane);
            });
            return y;
        };
    }

    /**
     * {@code epilogue} applied to each plane of a tensor a kernel has just made, in place: the
     * per-channel nodes fused after a node without a fused kernel of its own.
     */
    static Tensor applied(Parallel parallel, Tensor y, Epilogue epilogue) {
        if (epilogue.isEmpty()) {
            return y;
        }
        float[] data = y.data();
        int channels = PerChannel.channels(y.shape());
        int plane = PerChannel.planeSize(y.shape());
        parallel.forEach(PerChannel.planes(y.shape()), p -> epilogue.apply(p % channels, data, p * plane, plane));
        return y;
    }

    /**
     * Bilinear up-sampling with the source rows, columns and weights worked out once per axis
     * instead of per output element, a band of output rows of one plane per task. The blend is the
     * reference kernel's expression, {@code (1 - ly) * upper + ly * lower} where {@code upper} and
     * {@code lower} are the horizontal blends of the two source rows: those are computed once per
     * source row and kept while consecutive output rows read them, which gives the same values.
     */
    Kernel bilinear() {
        return (a, inputs, weights) -> {
            Tensor x = inputs.get(0);
            int h = x.dim(2);
            int w = x.dim(3);
            Pair size = Upsample.kernelSize(a, inputs);
            int oh = (int) size.h();
            int ow = (int) size.w();
            boolean corners = a.get(Upsample.ALIGN_CORNERS);
            double ratioH = Upsample.ratio(a, h, oh);
            double ratioW = Upsample.ratio(a, w, ow);
            int[] x0 = new int[ow];
            int[] x1 = new int[ow];
            float[] lx = new float[ow];
            for (int ox = 0; ox < ow; ox++) {
                float sx = Upsample.sourceCoordinate(ox, w, ow, ratioW, corners);
                x0[ox] = (int) sx;
                x1[ox] = Math.min(x0[ox] + 1, w - 1);
                lx[ox] = sx - x0[ox];
            }
            int[] y0 = new int[oh];
            int[] y1 = new int[oh];
            float[] ly = new float[oh];
            for (int oy = 0; oy < oh; oy++) {
                float sy = Upsample.sourceCoordinate(oy, h, oh, ratioH, corners);
                y0[oy] = (int) sy;
                y1[oy] = Math.min(y0[oy] + 1, h - 1);
                ly[oy] = sy - y0[oy];
            }
            Tensor y = buffers.tensor(Shape.nchw(x.dim(0), x.dim(1), oh, ow));
            float[] in = x.data();
            float[] out = y.data();
            parallel.forEachBand(x.dim(0) * x.dim(1), oh, (p, first, end) -> {
                int base = p * h * w;
                float[][] rows = {new float[ow], new float[ow]};
                int[] held = {-1, -1};
                for (int oy = first; oy < end; oy++) {
                    float[] upper = sourceRow(in, base, w, y0[oy], y1[oy], rows, held, x0, x1, lx);
                    float[] lower = sourceRow(in, base, w, y1[oy], y0[oy], rows, held, x0, x1, lx);
                    float weight = ly[oy];
                    int to = (p * oh + oy) * ow;
                    for (int ox = 0; ox < ow; ox++) {
                        out[to + ox] = (1 - weight) * upper[ox] + weight * lower[ox];
                    }
                }
            });
            return y;
        };
    }

    /**
     * The horizontal blend of source row {@code r}: one of the two rows held if it is there, else
     * computed into the slot that does not hold row {@code keep} (the other row this output row reads).
     */
    private static float[] sourceRow(float[] in, int base, int w, int r, int keep, float[][] rows, int[] held, int[] x0,
            int[] x1, float[] lx) {
        for (int i = 0; i < 2; i++) {
            if (held[i] == r) {
                return rows[i];
            }
        }
        int slot = held[0] == keep ? 1 : 0;
        held[slot] = r;
        float[] blend = rows[slot];
        int row = base + r * w;
        for (int ox = 0; ox < blend.length; ox++) {
            float l = lx[ox];
            blend[ox] = (1 - l) * in[row + x0[ox]] + l * in[row + x1[ox]];
        }
        return blend;
    }

    /** Bilinear up-sampling here, nearest on channel slices of the reference kernel. */
    Kernel upsample(Upsample op) {
        return (a, inputs, weights) -> (Upsample.isBilinear(a) ? bilinear() : slices.of(op)).compute(a, inputs, weights);
    }
}
