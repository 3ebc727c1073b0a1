package org.netspec.exec;

import org.netspec.ops.Tensor;

/**
 * Convolutions whose groups read one input channel each (depthwise, with any channel multiplier):
 * one output channel at a time, each output row one {@link ConvCore#depthwiseRow} call straight
 * into the output. A plane is cut into bands of output rows, each band's padded input rows copied
 * into a working array small enough to stay in the core's cache; (plane, band) pairs are the
 * parallel tasks, so both threads work when planes are few or large. Every output element is the
 * same sum whatever the bands and threads.
 */
final class DepthwiseConvolution {
    /** Floats of a band's padded input rows (128 KiB): they stay in a core's second-level cache. */
    private static final int BAND_FLOATS = 32 * 1024;

    private final ConvCore core;
    private final Parallel parallel;
    private final Buffers buffers;
    private final Epilogue epilogue;

    DepthwiseConvolution(ConvCore core, Parallel parallel, Buffers buffers, Epilogue epilogue) {
        this.core = core;
        this.parallel = parallel;
        this.buffers = buffers;
        this.epilogue = epilogue;
    }

    /** Output rows of one band: as many as fit the band's floats with the rows their taps reach below, at least one. */
    static int bandRows(ConvGeometry g) {
        return Math.min(g.oh(), Math.max(1, BAND_FLOATS / (g.phases() * g.columns()) - g.reach()));
    }

    /** Floats of one band's working array: every phase of its rows. */
    static int bandFloats(ConvGeometry g) {
        return Math.multiplyExact(g.phases(), Math.multiplyExact(bandRows(g) + g.reach(), g.columns()));
    }

    /**
     * Computes {@code y} from {@code x}: output channel {@code co} reads input channel
     * {@code co / multiplier} with taps {@code kernel[co * taps ..]}.
     */
    void run(Tensor x, ConvGeometry g, float[] kernel, float[] bias, Tensor y) {
        int channels = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int cout = y.dim(1);
        int multiplier = cout / channels;
        int bandRows = bandRows(g);
        int bands = (g.oh() + bandRows - 1) / bandRows;
        int phaseStride = (bandRows + g.reach()) * g.columns();
        int[] offsets = g.tapOffsets(phaseStride);
        int taps = offsets.length;
        int bandFloats = bandFloats(g);
        float[] out = y.data();
        parallel.forEach(x.dim(0) * channels * bands, task -> {
            int plane = task / bands;
            int image = plane / channels;
            int first = task % bands * bandRows;
            int last = Math.min(g.oh(), first + bandRows);
            float[] band = buffers.take(bandFloats);
            PaddedPlanes.fill(x.data(), plane * h * w, h, w, g.sh(), g.sw(), g.top(), g.left(), first,
                    last - first + g.reach(), g.columns(), phaseStride, band, 0);
            for (int m = 0; m < multiplier; m++) {
                int co = plane % channels * multiplier + m;
                for (int oy = first; oy < last; oy++) {
                    int to = ((image * cout + co) * g.oh() + oy) * g.ow();
                    core.depthwiseRow(band, (oy - first) * g.columns(), offsets, kernel, co * taps, bias[co], out, to,
                            g.ow());
                    epilogue.apply(co, out, to, g.ow());
                }
            }
            buffers.giveWorkingCopy(band);
        });
    }
}
