package org.netspec.exec;

import java.util.List;
import org.netspec.ops.Attributes;
import org.netspec.ops.Conv;
import org.netspec.ops.Padding;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/**
 * Fast 2-D convolution, any kind (dense, grouped, depthwise, dilated, strided, asymmetric): the
 * input goes into padded stride-phase planes, then each output row of each block of output channels
 * is one {@link ConvCore} call over the taps. Output rows are the parallel tasks; each element is
 * summed in the same order whatever the thread count.
 */
final class ConvKernel implements Kernel {
    /** Output positions per task of a 1x1 convolution: with 64 input channels, 128 KiB of input stays in cache. */
    private static final int POINTWISE_CHUNK = 512;

    private final ConvCore core;
    private final Parallel parallel;
    private final Buffers buffers;
    private final Epilogue epilogue;

    ConvKernel(ConvCore core, Parallel parallel) {
        this(core, parallel, new Buffers(0), Epilogue.NONE);
    }

    /**
     * @param buffers where the output and the padded input come from
     * @param epilogue per-channel operators applied to each output row as it is stored
     */
    ConvKernel(ConvCore core, Parallel parallel, Buffers buffers, Epilogue epilogue) {
        this.core = core;
        this.parallel = parallel;
        this.buffers = buffers;
        this.epilogue = epilogue;
    }

    /** The sizes a convolution works with, from its input shape and attributes. */
    private record Geometry(int kh, int kw, int sh, int sw, int dh, int dw, int top, int left, int oh, int ow,
            int rows, int columns) {
        static Geometry of(Attributes a, Shape in, int slack) {
            int kh = (int) a.get(Conv.KERNEL).h();
            int kw = (int) a.get(Conv.KERNEL).w();
            int sh = (int) a.get(Conv.STRIDE).h();
            int sw = (int) a.get(Conv.STRIDE).w();
            int dh = (int) a.get(Conv.DILATION).h();
            int dw = (int) a.get(Conv.DILATION).w();
            Padding p = a.get(Conv.PADDING);
            int extH = dh * (kh - 1) + 1;
            int extW = dw * (kw - 1) + 1;
            int paddedH = (int) (in.h() + p.before(true, extH) + p.after(true, extH));
            int paddedW = (int) (in.w() + p.before(false, extW) + p.after(false, extW));
            int oh = (paddedH - extH) / sh + 1;
            int ow = (paddedW - extW) / sw + 1;
            int rows = (paddedH + sh - 1) / sh;
            int columns = Math.max((paddedW + sw - 1) / sw, ow + (kw - 1) * dw / sw) + slack;
            return new Geometry(kh, kw, sh, sw, dh, dw, (int) p.before(true, extH), (int) p.before(false, extW), oh, ow,
                    rows, columns);
        }

        /** A 1x1 convolution without stride or padding, which reads its input in place. */
        boolean pointwise(Shape in) {
            return kh == 1 && kw == 1 && sh == 1 && sw == 1 && oh == in.h() && ow == in.w() && top == 0 && left == 0;
        }
    }

    /**
     * Bytes of the padded planes this kernel allocates for an input: none for a 1x1 convolution that
     * reads in place, one plane per thread for a depthwise one, all of them otherwise.
     */
    static long scratchBytes(Attributes a, Shape in) {
        Geometry g = Geometry.of(a, in, 64);
        if (g.pointwise(in)) {
            return 0;
        }
        long planes = in.c() == a.get(Conv.GROUPS) ? Runtime.getRuntime().availableProcessors() : in.n() * in.c();
        return PaddedPlanes.bytes(planes, (long) g.sh * g.sw, g.rows, g.columns);
    }

    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        int n = x.dim(0);
        int cin = x.dim(1);
        int cout = Math.toIntExact(a.get(Conv.OUT));
        int groups = Math.toIntExact(a.get(Conv.GROUPS));
        int inPerGroup = cin / groups;
        Geometry g = Geometry.of(a, x.shape(), core.slack());
        int taps = g.kh * g.kw;
        int[] offsets = new int[taps];
        for (int i = 0; i < g.kh; i++) {
            for (int j = 0; j < g.kw; j++) {
                int phase = (i * g.dh % g.sh) * g.sw + j * g.dw % g.sw;
                offsets[i * g.kw + j] = (phase * g.rows + i * g.dh / g.sh) * g.columns + j * g.dw / g.sw;
            }
        }
        float[] kernel = weights.get(0);
        PackedWeights packed = new PackedWeights(groups, cout / groups, inPerGroup, taps,
                (out, in, t) -> kernel[(out * inPerGroup + in) * taps + t]);
        float[] bias = weights.size() > 1 ? weights.get(1) : new float[cout];
        // every output element is written below
        Tensor y = buffers.tensor(Shape.nchw(n, cout, g.oh, g.ow));
        float[] out = y.data();
        int rowLength = g.ow + core.slack();
        if (g.pointwise(x.shape())) {
            pointwise(x, inPerGroup, packed, bias, y);
            return y;
        }
        if (inPerGroup == 1) {
            depthwise(x, g, offsets, packed, bias, y);
            return y;
        }
        PaddedPlanes planes = new PaddedPlanes(x, g.sh, g.sw, g.top, g.left, g.rows, g.columns, parallel, buffers);
        int channelStride = planes.channelStride();
        int[] terms = ConvCore.terms(inPerGroup, channelStride, offsets);
        parallel.forEach(n * g.oh, task -> {
            int image = task / g.oh;
            int oy = task % g.oh;
            float[] row = new float[ConvCore.BLOCK * rowLength];
            for (int b = 0; b < packed.blocks(); b++) {
                int base = (image * cin + packed.group[b] * inPerGroup) * channelStride + oy * g.columns;
                core.row(planes.values, base, terms, terms.length, packed.values, packed.at[b], packed.size[b], row,
                        rowLength, g.ow);
                store(row, rowLength, packed, b, bias, out, (image * cout * g.oh + oy) * g.ow, g.oh * g.ow, g.ow);
            }
        });
        buffers.giveWorkingCopy(planes.values);
        return y;
    }

    /**
     * 1x1 convolutions without stride or padding read the input in place: a whole plane is one row,
     * cut into chunks that are the parallel tasks. The last chunk of a plane leaves its final
     * partial vector to the scalar core (same summation order), so no read runs past the input.
     */
    private void pointwise(Tensor x, int inPerGroup, PackedWeights packed, float[] bias, Tensor y) {
        int cin = x.dim(1);
        int cout = y.dim(1);
        int plane = x.dim(2) * x.dim(3);
        int[] terms = ConvCore.terms(inPerGroup, plane, new int[] {0});
        int chunks = (plane + POINTWISE_CHUNK - 1) / POINTWISE_CHUNK;
        int rowLength = POINTWISE_CHUNK + core.slack();
        ConvCore tailCore = new ScalarConvCore();
        parallel.forEach(x.dim(0) * chunks, task -> {
            int image = task / chunks;
            int start = task % chunks * POINTWISE_CHUNK;
            int width = Math.min(POINTWISE_CHUNK, plane - start);
            int vectorWidth = start + width < plane || core.slack() == 0 ? width : width / core.slack() * core.slack();
            float[] row = new float[ConvCore.BLOCK * rowLength];
            for (int b = 0; b < packed.blocks(); b++) {
                int base = (image * cin + packed.group[b] * inPerGroup) * plane + start;
                int rowStart = image * cout * plane + start;
                if (vectorWidth > 0) {
                    core.row(x.data(), base, terms, terms.length, packed.values, packed.at[b], packed.size[b], row,
                            rowLength, vectorWidth);
                    store(row, rowLength, packed, b, bias, y.data(), rowStart, plane, vectorWidth);
                }
                if (vectorWidth < width) {
                    tailCore.row(x.data(), base + vectorWidth, terms, terms.length, packed.values, packed.at[b],
                            packed.size[b], row, rowLength, width - vectorWidth);
                    store(row, rowLength, packed, b, bias, y.data(), rowStart + vectorWidth, plane, width - vectorWidth);
                }
            }
        });
    }

    /**
     * Convolutions whose groups read one input channel each (depthwise): one task per input plane,
     * whose padded copy is small enough to stay in cache while all its output rows are computed.
     */
    private void depthwise(Tensor x, Geometry g, int[] offsets, PackedWeights packed, float[] bias, Tensor y) {
        int groups = x.dim(1);
        int cout = y.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int rowLength = g.ow + core.slack();
        int planeFloats = g.sh * g.sw * g.rows * g.columns;
        parallel.forEach(x.dim(0) * groups, task -> {
            int image = task / groups;
            int group = task % groups;
            float[] plane = buffers.take(planeFloats);
            PaddedPlanes.fill(x.data(), task * h * w, h, w, g.sh, g.sw, g.top, g.left, g.rows, g.columns, plane, 0);
            float[] row = new float[ConvCore.BLOCK * rowLength];
            for (int b = group * packed.blocksPerGroup; b < (group + 1) * packed.blocksPerGroup; b++) {
                for (int oy = 0; oy < g.oh; oy++) {
                    core.row(plane, oy * g.columns, offsets, offsets.length, packed.values, packed.at[b], packed.size[b],
                            row, rowLength, g.ow);
                    store(row, rowLength, packed, b, bias, y.data(), (image * cout * g.oh + oy) * g.ow, g.oh * g.ow, g.ow);
                }
            }
            buffers.giveWorkingCopy(plane);
        });
    }

    /**
     * Adds the bias to the row buffer of block {@code b}, writes it to its output channels and runs
     * the epilogue on what it wrote.
     */
    private void store(float[] row, int rowLength, PackedWeights packed, int b, float[] bias, float[] out,
            int rowStart, int channelStride, int width) {
        for (int cb = 0; cb < packed.size[b]; cb++) {
            int co = packed.firstOut[b] + cb;
            int to = rowStart + co * channelStride;
            float shift = bias[co];
            for (int j = 0; j < width; j++) {
                out[to + j] = row[cb * rowLength + j] + shift;
            }
            epilogue.apply(co, out, to, width);
        }
    }
}
