package org.netspec.exec;

import org.netspec.ops.Tensor;

/**
 * Grouped convolutions (depthwise ones included) by bands of output rows: a task is one group of
 * one image over one band, whose input channels' padded rows it copies into a working array small
 * enough to stay in the core's cache, so no padded copy of the whole input is made and both
 * threads work when groups are few or planes large. A depthwise group computes one output channel
 * at a time, each row one {@link ConvCore#depthwiseRow} call straight into the output (or, with a
 * column stride, every column computed and the strided ones kept); a group
 * with several input channels runs {@link ConvCore#row} on blocks of its output channels. Every
 * output element is the same sum whatever the bands and threads, and the sum the whole-plane
 * loop of {@link ConvKernel} computes.
 */
final class BandedConvolution {
    /** Floats of a band's padded input rows (128 KiB): they stay in a core's second-level cache. */
    private static final int BAND_FLOATS = 32 * 1024;
    /**
     * Fewest output rows of a band of a group with several input channels, so the rows its taps
     * reach below stay a small share of what it copies.
     */
    private static final int MIN_ROWS = 8;

    private final ConvCore core;
    private final Parallel parallel;
    private final Buffers buffers;
    private final Epilogue epilogue;

    BandedConvolution(ConvCore core, Parallel parallel, Buffers buffers, Epilogue epilogue) {
        this.core = core;
        this.parallel = parallel;
        this.buffers = buffers;
        this.epilogue = epilogue;
    }

    /** Whether a convolution runs by bands: depthwise ones always, other grouped ones when a band of enough rows fits. */
    static boolean suits(ConvGeometry g, int inPerGroup, int groups) {
        return inPerGroup == 1 || groups > 1 && rowsFitting(g, inPerGroup) >= Math.min(g.oh(), MIN_ROWS);
    }

    /**
     * The geometry of the band copies: a depthwise convolution computes every column of its output
     * rows and keeps the strided ones, which costs a few more multiply-adds and spares gathering the
     * input's column phases element by element.
     */
    static ConvGeometry working(ConvGeometry g, int inPerGroup) {
        return inPerGroup == 1 ? g.unitColumnStride() : g;
    }

    private static int rowsFitting(ConvGeometry g, int inPerGroup) {
        ConvGeometry w = working(g, inPerGroup);
        return BAND_FLOATS / (inPerGroup * w.phases() * w.columns()) - w.reach();
    }

    /** Output rows of one band: as many as fit the band's floats with the rows their taps reach below, at least one. */
    static int bandRows(ConvGeometry g, int inPerGroup) {
        return Math.min(g.oh(), Math.max(1, rowsFitting(g, inPerGroup)));
    }

    /** Floats of one band's working array: every phase of its rows, for each input channel of a group. */
    static int bandFloats(ConvGeometry g, int inPerGroup) {
        ConvGeometry w = working(g, inPerGroup);
        return Math.multiplyExact(inPerGroup * w.phases(), Math.multiplyExact(bandRows(g, inPerGroup) + w.reach(),
                w.columns()));
    }

    /**
     * Computes {@code y} from {@code x}; {@code packed} holds the weights of groups with several
     * input channels, {@code kernel} those of depthwise ones (output channel {@code co} reads
     * input channel {@code co / multiplier} with taps {@code kernel[co * taps ..]}).
     */
    void run(Tensor x, ConvGeometry given, int inPerGroup, float[] kernel, PackedWeights packed, float[] bias, Tensor y) {
        ConvGeometry g = working(given, inPerGroup);
        int cin = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int cout = y.dim(1);
        int groups = cin / inPerGroup;
        int outPerGroup = cout / groups;
        int bandRows = bandRows(g, inPerGroup);
        int bands = (g.oh() + bandRows - 1) / bandRows;
        int phaseStride = (bandRows + g.reach()) * g.columns();
        int channelStride = g.phases() * phaseStride;
        int[] taps = g.tapOffsets(phaseStride);
        int[] terms = ConvCore.terms(inPerGroup, channelStride, taps);
        int bandFloats = bandFloats(g, inPerGroup);
        int rowLength = g.ow() + core.slack();
        float[] values = y.data();
        int ow = given.ow();
        int sw = given.sw();
        parallel.forEach(x.dim(0) * groups * bands, task -> {
            int image = task / bands / groups;
            int group = task / bands % groups;
            int first = task % bands * bandRows;
            int last = Math.min(g.oh(), first + bandRows);
            float[] band = buffers.take(bandFloats);
            for (int ci = 0; ci < inPerGroup; ci++) {
                PaddedPlanes.fill(x.data(), (image * cin + group * inPerGroup + ci) * h * w, h, w, g.sh(), g.sw(), g.top(),
                        g.left(), first, last - first + g.reach(), g.columns(), phaseStride, band, ci * channelStride);
            }
            float[] row = new float[ConvCore.BLOCK * rowLength];
            if (packed == null) {
                for (int co = group * outPerGroup; co < (group + 1) * outPerGroup; co++) {
                    for (int oy = first; oy < last; oy++) {
                        int to = ((image * cout + co) * g.oh() + oy) * ow;
                        int from = (oy - first) * g.columns();
                        if (sw == 1) {
                            core.depthwiseRow(band, from, taps, kernel, co * taps.length, bias[co], values, to, ow);
                        } else {
                            core.depthwiseRow(band, from, taps, kernel, co * taps.length, bias[co], row, 0, g.ow());
                            for (int ox = 0; ox < ow; ox++) {
                                values[to + ox] = row[ox * sw];
                            }
                        }
                        epilogue.apply(co, values, to, ow);
                    }
                }
            } else {
                for (int b = group * packed.blocksPerGroup; b < (group + 1) * packed.blocksPerGroup; b++) {
                    for (int oy = first; oy < last; oy++) {
                        core.row(band, (oy - first) * g.columns(), terms, terms.length, packed.values, packed.at[b],
                                packed.size[b], row, rowLength, g.ow());
                        ConvKernel.store(core, epilogue, row, rowLength, packed, b, bias, values, (image * cout * g.oh() + oy)
                                * g.ow(), g.oh() * g.ow(), g.ow());
                    }
                }
            }
            buffers.giveWorkingCopy(band);
        });
    }
}
