package org.netspec.exec;

import org.netspec.ops.Tensor;

/**
 * The input of a convolution copied into zero-padded planes that {@link ConvCore} reads without
 * bounds tests. A stride is turned into phases: phase (a, b) of a channel holds the padded
 * positions (r * strideH + a, k * strideW + b) at row r, column k, so a strided window's taps
 * become contiguous runs. Layout: [image][channel][phase][rows][columns].
 */
final class PaddedPlanes {
    final float[] values;
    final int rows;
    final int columns;
    final int phases;

    /**
     * @param top rows of zeros before the input (padded row = input row + top)
     * @param left columns of zeros before the input
     */
    PaddedPlanes(Tensor x, int strideH, int strideW, int top, int left, int rows, int columns, Parallel parallel) {
        this.rows = rows;
        this.columns = columns;
        this.phases = strideH * strideW;
        int planes = x.dim(0) * x.dim(1);
        this.values = new float[Math.multiplyExact(Math.multiplyExact(planes, phases), Math.multiplyExact(rows, columns))];
        int h = x.dim(2);
        int w = x.dim(3);
        parallel.forEach(planes, p -> fill(x.data(), p * h * w, h, w, strideH, strideW, top, left, rows, columns, values,
                p * phases * rows * columns));
    }

    /** Writes the phases of one input plane of h x w values at {@code from} into {@code to} at {@code at}. */
    static void fill(float[] in, int from, int h, int w, int strideH, int strideW, int top, int left, int rows,
            int columns, float[] to, int at) {
        for (int a = 0; a < strideH; a++) {
            for (int b = 0; b < strideW; b++) {
                int planeBase = at + (a * strideW + b) * rows * columns;
                for (int r = 0; r < rows; r++) {
                    int iy = r * strideH + a - top;
                    if (iy < 0 || iy >= h) {
                        continue;
                    }
                    int rowBase = planeBase + r * columns;
                    int inRow = from + iy * w;
                    if (strideW == 1) {
                        int k0 = Math.max(0, left);
                        int k1 = Math.min(columns, w + left);
                        System.arraycopy(in, inRow + k0 - left, to, rowBase + k0, k1 - k0);
                    } else {
                        for (int k = 0; k < columns; k++) {
                            int ix = k * strideW + b - left;
                            if (ix >= 0 && ix < w) {
                                to[rowBase + k] = in[inRow + ix];
                            }
                        }
                    }
                }
            }
        }
    }

    /** Floats between the same position of two consecutive channels. */
    int channelStride() {
        return phases * rows * columns;
    }

    /** Bytes a set of planes of these sizes takes, for memory planning. */
    static long bytes(long planes, long phases, long rows, long columns) {
        return 4 * planes * phases * rows * columns;
    }
}
