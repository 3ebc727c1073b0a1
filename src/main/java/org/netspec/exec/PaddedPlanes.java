package org.netspec.exec;

import java.util.Arrays;
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
    PaddedPlanes(Tensor x, int strideH, int strideW, int top, int left, int rows, int columns, Parallel parallel,
            Buffers buffers) {
        this.rows = rows;
        this.columns = columns;
        this.phases = strideH * strideW;
        int planes = x.dim(0) * x.dim(1);
        this.values = buffers.take(Math.multiplyExact(Math.multiplyExact(planes, phases), Math.multiplyExact(rows, columns)));
        int h = x.dim(2);
        int w = x.dim(3);
        parallel.forEach(planes, p -> fill(x.data(), p * h * w, h, w, strideH, strideW, top, left, 0, rows, columns,
                rows * columns, values, p * phases * rows * columns));
    }

    /**
     * Writes rows [firstRow, firstRow + rowCount) of the phases of one input plane of h x w values at
     * {@code from} into {@code to} at {@code at}, phase after phase {@code phaseStride} floats apart,
     * the padding included: every element of those rows is written, so {@code to} may hold old values.
     */
    static void fill(float[] in, int from, int h, int w, int strideH, int strideW, int top, int left, int firstRow,
            int rowCount, int columns, int phaseStride, float[] to, int at) {
        for (int a = 0; a < strideH; a++) {
            for (int b = 0; b < strideW; b++) {
                int planeBase = at + (a * strideW + b) * phaseStride - firstRow * columns;
                for (int r = firstRow; r < firstRow + rowCount; r++) {
                    int iy = r * strideH + a - top;
                    int rowBase = planeBase + r * columns;
                    if (iy < 0 || iy >= h) {
                        Arrays.fill(to, rowBase, rowBase + columns, 0);
                        continue;
                    }
                    int inRow = from + iy * w;
                    // columns k whose input column k * strideW + b - left lies in [0, w)
                    int k0 = Math.max(0, Math.floorDiv(left - b + strideW - 1, strideW));
                    int k1 = Math.min(columns, Math.floorDiv(w - 1 + left - b, strideW) + 1);
                    Arrays.fill(to, rowBase, rowBase + Math.min(k0, columns), 0);
                    Arrays.fill(to, rowBase + Math.max(k0, k1), rowBase + columns, 0);
                    if (strideW == 1) {
                        System.arraycopy(in, inRow + k0 + b - left, to, rowBase + k0, Math.max(0, k1 - k0));
                    } else {
                        for (int k = k0, ix = inRow + k0 * strideW + b - left; k < k1; k++, ix += strideW) {
                            to[rowBase + k] = in[ix];
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
