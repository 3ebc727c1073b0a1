package org.netspec.exec;

import org.netspec.ops.Tensor;

/**
 * 1x1 convolutions without stride or padding: the planes are one long row, cut into chunks of
 * positions that are the parallel tasks. A task copies a group's input channels over its chunk
 * into a working array, rows a little longer than the chunk so that the channels do not all fall
 * in the same sets of the caches (input planes are often a multiple of 4 KiB apart), small enough
 * to stay in the second-level cache while every block of the group's output channels reads it.
 * Chunks of up to 576 positions, a multiple of the core's widest tile: 64-position ones, each input
 * row in the first-level cache, ran Fast-SCNN's 1x1 convolutions slower, their stores and fused
 * batch norms being cut as short.
 */
final class PointwiseConvolution {
    /** Floats of a task's copy of its input: 256 KiB, in the second-level cache. */
    private static final int COPY_FLOATS = 64 * 1024;
    /** Floats between two channels of the copy beyond the chunk: one cache line, so consecutive channels use other sets. */
    private static final int SKEW = 16;
    /** Chunks are a multiple of this many positions, the core's widest pass (6 vectors of 16 floats). */
    private static final int STEP = 96;
    /** Positions of the longest chunk. */
    private static final int MAX_CHUNK = 576;

    private final ConvCore core;
    private final Parallel parallel;
    private final Buffers buffers;
    private final Epilogue epilogue;

    PointwiseConvolution(ConvCore core, Parallel parallel, Buffers buffers, Epilogue epilogue) {
        this.core = core;
        this.parallel = parallel;
        this.buffers = buffers;
        this.epilogue = epilogue;
    }

    /** Positions of one chunk for groups of {@code inPerGroup} input channels. */
    static int chunk(int inPerGroup) {
        return Math.max(STEP, Math.min(MAX_CHUNK, COPY_FLOATS / inPerGroup / STEP * STEP));
    }

    /** Floats of a task's copy: each input channel of a group over one chunk, the core's slack and the skew. */
    static int copyFloats(int inPerGroup, int slack) {
        return Math.multiplyExact(inPerGroup, chunk(inPerGroup) + slack + SKEW);
    }

    void run(Tensor x, int inPerGroup, PackedWeights packed, float[] bias, Tensor y) {
        int cin = x.dim(1);
        int cout = y.dim(1);
        int groups = cin / inPerGroup;
        int plane = x.dim(2) * x.dim(3);
        int chunk = chunk(inPerGroup);
        int stride = chunk + core.slack() + SKEW;
        int[] terms = ConvCore.terms(inPerGroup, stride, new int[] {0});
        int chunks = (plane + chunk - 1) / chunk;
        int rowLength = chunk + core.slack();
        int copyFloats = copyFloats(inPerGroup, core.slack());
        parallel.forEach(x.dim(0) * chunks, task -> {
            int image = task / chunks;
            int start = task % chunks * chunk;
            int width = Math.min(chunk, plane - start);
            float[] copy = buffers.take(copyFloats);
            float[] row = new float[ConvCore.BLOCK * rowLength];
            for (int group = 0; group < groups; group++) {
                for (int ci = 0; ci < inPerGroup; ci++) {
                    System.arraycopy(x.data(), (image * cin + group * inPerGroup + ci) * plane + start, copy, ci * stride,
                            width);
                }
                for (int b = group * packed.blocksPerGroup; b < (group + 1) * packed.blocksPerGroup; b++) {
                    core.row(copy, 0, terms, terms.length, packed.values, packed.at[b], packed.size[b], row, rowLength,
                            width);
                    ConvKernel.store(core, epilogue, row, rowLength, packed, b, bias, y.data(), image * cout * plane + start,
                            plane, width);
                }
            }
            buffers.giveWorkingCopy(copy);
        });
    }
}
