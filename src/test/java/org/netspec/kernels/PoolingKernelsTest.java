package org.netspec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netspec.ops.OperatorException;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/** Pooling kernels against padded-copy derivations and hand-worked PyTorch results. */
class PoolingKernelsTest {
    /** PyTorch's pooled length: floor or ceil of (n + 2p - ext) / s, plus 1, minus a last window starting in the padding. */
    private static int pooledLength(int n, int k, int s, int p, int d, boolean ceil) {
        int ext = d * (k - 1) + 1;
        int span = n + 2 * p - ext;
        int out = (ceil ? (span + s - 1) / s : span / s) + 1;
        if (ceil && (out - 1) * s >= n + p) {
            out--;
        }
        return out;
    }

    @ParameterizedTest(name = "maxpool {0}x{1} k{2} s{3} p{4} d{5} ceil {6}")
    @CsvSource({"9,11,3,2,1,1,false", "9,11,3,2,1,1,true", "8,8,2,2,0,1,false", "7,10,3,2,0,1,true", "13,6,3,3,1,2,true",
        "5,5,2,2,1,1,true", "10,7,3,1,1,1,false"})
    void maxPoolTakesTheLargestValueInsideAndItsPosition(int h, int w, int k, int s, int p, int d, boolean ceil) {
        Tensor x = Naive.random(h * 31 + w, 2, 3, h, w);
        Tensor y = Naive.reference("maxpool", Map.of("kernel", (long) k, "stride", (long) s, "padding", (long) p,
                "dilation", (long) d, "ceil_mode", ceil, "indices", true), List.of(x), List.of());
        int oh = pooledLength(h, k, s, p, d, ceil);
        int ow = pooledLength(w, k, s, p, d, ceil);
        assertEquals(Shape.nchw(2, 3, oh, ow), y.shape());
        float[][][][] padded = Naive.padded(x, p, p + s * 2, p, p + s * 2, Float.NEGATIVE_INFINITY);
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 3; c++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float best = Float.NEGATIVE_INFINITY;
                        for (int i = 0; i < k; i++) {
                            for (int j = 0; j < k; j++) {
                                best = Math.max(best, padded[b][c][oy * s + i * d][ox * s + j * d]);
                            }
                        }
                        int o = ((b * 3 + c) * oh + oy) * ow + ox;
                        assertEquals(best, y.data()[o]);
                        long at = y.indices()[o];
                        assertEquals(best, x.data()[(int) ((b * 3 + c) * h * w + at)], "the index points at the max");
                    }
                }
            }
        }
    }

    @Test
    void maxUnpoolPutsEachMaxBackWhereItWas() {
        Tensor x = Naive.random(7, 1, 2, 6, 8);
        Map<String, Object> window = Map.of("kernel", 2L, "stride", 2L);
        Tensor pooled = Naive.reference("maxpool", Map.of("kernel", 2L, "stride", 2L, "indices", true), List.of(x), List.of());
        Tensor up = Naive.reference("max_unpool", window, List.of(pooled, pooled), List.of());
        assertEquals(x.shape(), up.shape());
        for (int plane = 0; plane < 2; plane++) {
            for (int y = 0; y < 6; y++) {
                for (int xx = 0; xx < 8; xx++) {
                    float v = x.data()[(plane * 6 + y) * 8 + xx];
                    float windowMax = pooled.data()[(plane * 3 + y / 2) * 4 + xx / 2];
                    assertEquals(v == windowMax ? v : 0f, up.data()[(plane * 6 + y) * 8 + xx]);
                }
            }
        }
    }

    @Test
    void maxUnpoolRefusesAnIndexOutsideItsPlane() {
        // a 5x5 input pools to 3x3 with ceil_mode, its max at (4, 4), index 24; unpooling with padding 1
        // gives a (3 - 1) * 2 - 2 + 2 = 4 square plane of 16 positions
        float[] v = new float[25];
        v[24] = 9;
        Tensor pooled = Naive.reference("maxpool", Map.of("kernel", 2L, "stride", 2L, "ceil_mode", true, "indices", true),
                List.of(Tensor.of(Shape.nchw(1, 1, 5, 5), v)), List.of());
        assertEquals(24, pooled.indices()[8]);
        assertThrows(OperatorException.class, () -> Naive.reference("max_unpool", Map.of("kernel", 2L, "stride", 2L,
                "padding", 1L), List.of(pooled, pooled), List.of()));
    }

    @ParameterizedTest(name = "avgpool {0}x{1} k{2} s{3} p{4} ceil {5} include pad {6}")
    @CsvSource({"9,11,3,2,1,false,true", "9,11,3,2,1,false,false", "9,11,3,2,1,true,true", "9,11,3,2,1,true,false",
        "6,7,2,2,0,true,true", "8,8,3,1,1,false,true", "5,9,4,3,2,true,false"})
    void avgPoolDividesByTheCountedPositions(int h, int w, int k, int s, int p, boolean ceil, boolean includePad) {
        Tensor x = Naive.random(h * 17 + w, 1, 2, h, w);
        Tensor y = Naive.reference("avgpool", Map.of("kernel", (long) k, "stride", (long) s, "padding", (long) p,
                "ceil_mode", ceil, "count_include_pad", includePad), List.of(x), List.of());
        int oh = pooledLength(h, k, s, p, 1, ceil);
        int ow = pooledLength(w, k, s, p, 1, ceil);
        assertEquals(Shape.nchw(1, 2, oh, ow), y.shape());
        // 1 inside the input, 2 in the padding, 0 past it (where a ceil_mode window may reach)
        Tensor ones = Tensor.of(x.shape(), new float[x.data().length]);
        Arrays.fill(ones.data(), 1);
        float[][][][] values = Naive.padded(x, p, p + 2 * k, p, p + 2 * k, 0);
        float[][][][] inside = Naive.padded(ones, p, p + 2 * k, p, p + 2 * k, 0);
        for (int c = 0; c < 2; c++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    double sum = 0;
                    int count = 0;
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < k; j++) {
                            int py = oy * s + i;
                            int px = ox * s + j;
                            sum += values[0][c][py][px];
                            boolean inPaddedInput = py < h + 2 * p && px < w + 2 * p;
                            count += includePad ? (inPaddedInput ? 1 : 0) : (int) inside[0][c][py][px];
                        }
                    }
                    assertEquals(sum / count, y.data()[(c * oh + oy) * ow + ox], 1e-5);
                }
            }
        }
    }

    @Test
    void adaptiveBinsOverlapAsInPyTorch() {
        // 5 rows in 3 bins: [0, 2), [1, 4), [3, 5); 4 columns in 2 bins: [0, 2), [2, 4)
        float[] v = new float[20];
        for (int i = 0; i < 20; i++) {
            v[i] = i;
        }
        Tensor y = Naive.reference("adaptive_avgpool", Map.of("size", List.of(3L, 2L)),
                List.of(Tensor.of(Shape.nchw(1, 1, 5, 4), v)), List.of());
        assertEquals(Shape.nchw(1, 1, 3, 2), y.shape());
        // row r column c holds 4r + c
        float[] expected = {
            (0 + 1 + 4 + 5) / 4f, (2 + 3 + 6 + 7) / 4f,
            (4 + 5 + 8 + 9 + 12 + 13) / 6f, (6 + 7 + 10 + 11 + 14 + 15) / 6f,
            (12 + 13 + 16 + 17) / 4f, (14 + 15 + 18 + 19) / 4f};
        assertArrayEquals(expected, y.data(), 1e-6f);
    }

    @Test
    void globalAveragePoolIsThePlaneMean() {
        Tensor x = Naive.random(3, 2, 3, 7, 9);
        Tensor y = Naive.reference("global_avgpool", Map.of(), List.of(x), List.of());
        assertEquals(Shape.nchw(2, 3, 1, 1), y.shape());
        for (int p = 0; p < 6; p++) {
            double sum = 0;
            for (int i = 0; i < 63; i++) {
                sum += x.data()[p * 63 + i];
            }
            assertEquals(sum / 63, y.data()[p], 1e-6);
        }
    }
}
