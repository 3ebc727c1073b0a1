package org.netspec.exec;

import java.util.List;
import org.netspec.ops.Attributes;
import org.netspec.ops.Conv;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/**
 * Fast 2-D convolution, any kind (dense, grouped, depthwise, dilated, strided, asymmetric): the
 * input goes into padded stride-phase planes, then each output row of each block of output channels
 * is one {@link ConvCore} call over the taps. Output rows are the parallel tasks; each element is
 * summed in the same order whatever the thread count. 1x1 convolutions without stride or padding
 * ({@link PointwiseConvolution}) and grouped ones whose groups are small ({@link BandedConvolution})
 * have loops of their own.
 */
final class ConvKernel implements Kernel {
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

    /**
     * Bytes of the input copies this kernel allocates for an input: one chunk or band per thread
     * for a 1x1 convolution or a grouped one that runs by bands, all padded planes otherwise.
     */
    static long scratchBytes(Attributes a, Shape in) {
        ConvGeometry g = ConvGeometry.of(a, in, 64);
        int groups = Math.toIntExact(a.get(Conv.GROUPS));
        int inPerGroup = Math.toIntExact(in.c() / groups);
        if (g.pointwise(in)) {
            return 4L * Runtime.getRuntime().availableProcessors() * PointwiseConvolution.copyFloats(inPerGroup, 64);
        }
        if (BandedConvolution.suits(g, inPerGroup, groups)) {
            return 4L * Runtime.getRuntime().availableProcessors() * BandedConvolution.bandFloats(g, inPerGroup);
        }
        return PaddedPlanes.bytes(in.n() * in.c(), g.phases(), g.rows(), g.columns());
    }

    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        int n = x.dim(0);
        int cin = x.dim(1);
        int cout = Math.toIntExact(a.get(Conv.OUT));
        int groups = Math.toIntExact(a.get(Conv.GROUPS));
        int inPerGroup = cin / groups;
        ConvGeometry g = ConvGeometry.of(a, x.shape(), core.slack());
        int taps = g.kh() * g.kw();
        float[] kernel = weights.get(0);
        float[] bias = weights.size() > 1 ? weights.get(1) : new float[cout];
        // every output element is written below
        Tensor y = buffers.tensor(Shape.nchw(n, cout, g.oh(), g.ow()));
        PackedWeights packed = inPerGroup == 1 && !g.pointwise(x.shape()) ? null : new PackedWeights(groups,
                cout / groups, inPerGroup, taps, (out, in, t) -> kernel[(out * inPerGroup + in) * taps + t]);
        if (g.pointwise(x.shape())) {
            new PointwiseConvolution(core, parallel, buffers, epilogue).run(x, inPerGroup, packed, bias, y);
            return y;
        }
        if (BandedConvolution.suits(g, inPerGroup, groups)) {
            new BandedConvolution(core, parallel, buffers, epilogue).run(x, g, inPerGroup, kernel, packed, bias, y);
            return y;
        }
        float[] out = y.data();
        int rowLength = g.ow() + core.slack();
        PaddedPlanes planes = new PaddedPlanes(x, g.sh(), g.sw(), g.top(), g.left(), g.rows(), g.columns(), parallel,
                buffers);
        int channelStride = planes.channelStride();
        int[] terms = ConvCore.terms(inPerGroup, channelStride, g.tapOffsets(g.rows() * g.columns()));
        parallel.forEach(n * g.oh(), task -> {
            int image = task / g.oh();
            int oy = task % g.oh();
            float[] row = new float[ConvCore.BLOCK * rowLength];
            for (int b = 0; b < packed.blocks(); b++) {
                int base = (image * cin + packed.group[b] * inPerGroup) * channelStride + oy * g.columns();
                core.row(planes.values, base, terms, terms.length, packed.values, packed.at[b], packed.size[b], row,
                        rowLength, g.ow());
                store(core, epilogue, row, rowLength, packed, b, bias, out, (image * cout * g.oh() + oy) * g.ow(), g.oh() * g.ow(),
                        g.ow());
            }
        });
        buffers.giveWorkingCopy(planes.values);
        return y;
    }

    /**
     * Adds the bias to the row buffer of block {@code b}, writes it to its output channels and runs
     * the epilogue on what it wrote.
     */
    static void store(ConvCore core, Epilogue epilogue, float[] row, int rowLength, PackedWeights packed, int b,
            float[] bias, float[] out, int rowStart, int channelStride, int width) {
        for (int cb = 0; cb < packed.size[b]; cb++) {
            int co = packed.firstOut[b] + cb;
            int to = rowStart + co * channelStride;
            core.store(row, cb * rowLength, bias[co], out, to, width);
            epilogue.apply(co, out, to, width);
        }
    }
}
