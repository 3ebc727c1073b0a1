package org.netspec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/** Normalisation, activations, element-wise, channel, interpolation and classifier kernels. */
class OtherKernelsTest {
    /** A tensor whose element at (b, c, y, x) is 1000 b + 100 c + 10 y + x, so positions can be read off values. */
    private static Tensor labelled(int n, int c, int h, int w) {
        float[] v = new float[n * c * h * w];
        int i = 0;
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        v[i++] = 1000 * b + 100 * ch + 10 * y + x;
                    }
                }
            }
        }
        return Tensor.of(Shape.nchw(n, c, h, w), v);
    }

    private static float[] channelsOf(Tensor t) {
        float[] c = new float[t.dim(1)];
        int plane = t.dim(2) * t.dim(3);
        for (int i = 0; i < c.length; i++) {
            c[i] = t.data()[i * plane] / 100;
        }
        return c;
    }

    @Test
    void batchNormUsesTheRunningStatistics() {
        Tensor x = Naive.random(1, 2, 3, 4, 5);
        float[] gamma = {0.5f, 1.5f, 2f};
        float[] beta = {0.1f, -0.2f, 0.3f};
        float[] mean = {0.2f, -0.1f, 0.05f};
        float[] var = {0.5f, 2f, 1.2f};
        Tensor y = Naive.reference("batchnorm", Map.of("eps", 1e-3), List.of(x), List.of(gamma, beta, mean, var));
        for (int i = 0; i < x.data().length; i++) {
            int c = i / 20 % 3;
            double expected = (x.data()[i] - mean[c]) / Math.sqrt(var[c] + 1e-3) * gamma[c] + beta[c];
            assertEquals(expected, y.data()[i], 1e-5);
        }
        Tensor plain = Naive.reference("batchnorm", Map.of("affine", false), List.of(x), List.of(mean, var));
        for (int i = 0; i < x.data().length; i++) {
            int c = i / 20 % 3;
            assertEquals((x.data()[i] - mean[c]) / Math.sqrt(var[c] + 1e-5), plain.data()[i], 1e-5);
        }
    }

    @Test
    void activationsAtKnownPoints() {
        Tensor x = Tensor.of(Shape.nchw(1, 1, 1, 5), new float[] {-4, -1, 0, 1, 7});
        assertArrayEquals(new float[] {0, 0, 0, 1, 7}, Naive.reference("relu", Map.of(), List.of(x), List.of()).data());
        assertArrayEquals(new float[] {0, 0, 0, 1, 6}, Naive.reference("relu6", Map.of(), List.of(x), List.of()).data());
        // relu6(x + 3) / 6
        assertArrayEquals(new float[] {0, 2 / 6f, 0.5f, 4 / 6f, 1},
                Naive.reference("hardsigmoid", Map.of(), List.of(x), List.of()).data(), 1e-7f);
        assertArrayEquals(new float[] {0, -2 / 6f, 0, 4 / 6f, 7},
                Naive.reference("hardswish", Map.of(), List.of(x), List.of()).data(), 1e-6f);
        float[] sigmoid = Naive.reference("sigmoid", Map.of(), List.of(x), List.of()).data();
        float[] tanh = Naive.reference("tanh", Map.of(), List.of(x), List.of()).data();
        for (int i = 0; i < 5; i++) {
            double v = x.data()[i];
            assertEquals(1 / (1 + Math.exp(-v)), sigmoid[i], 1e-7);
            assertEquals((Math.exp(2 * v) - 1) / (Math.exp(2 * v) + 1), tanh[i], 1e-6);
        }
    }

    @ParameterizedTest(name = "shared {0}")
    @ValueSource(booleans = {false, true})
    void preluScalesNegativesByTheChannelSlope(boolean shared) {
        Tensor x = Naive.random(4, 1, 3, 2, 2);
        float[] slopes = shared ? new float[] {0.25f} : new float[] {0.1f, 0.2f, 0.3f};
        Tensor y = Naive.reference("prelu", Map.of("shared", shared), List.of(x), List.of(slopes));
        for (int i = 0; i < 12; i++) {
            float v = x.data()[i];
            float slope = shared ? 0.25f : slopes[i / 4];
            assertEquals(v > 0 ? v : slope * v, y.data()[i]);
        }
    }

    @Test
    void addAndMulBroadcastSizeOneDimensions() {
        Tensor a = Naive.random(1, 2, 4, 3, 5);
        Tensor gate = Naive.random(2, 2, 4, 1, 1);
        Tensor row = Naive.random(3, 1, 1, 3, 5);
        Tensor sum = Naive.reference("add", Map.of(), List.of(a, gate, row), List.of());
        Tensor product = Naive.reference("mul", Map.of(), List.of(a, gate), List.of());
        assertEquals(a.shape(), sum.shape());
        for (int b = 0; b < 2; b++) {
            for (int c = 0; c < 4; c++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 5; x++) {
                        int i = ((b * 4 + c) * 3 + y) * 5 + x;
                        float g = gate.data()[b * 4 + c];
                        assertEquals(a.data()[i] + g + row.data()[y * 5 + x], sum.data()[i], 1e-6);
                        assertEquals(a.data()[i] * g, product.data()[i]);
                    }
                }
            }
        }
    }

    @Test
    void concatSplitChunkAndSliceSelectChannelsInOrder() {
        Tensor x = labelled(2, 10, 2, 3);
        Tensor y = labelled(2, 3, 2, 3);
        Tensor cat = Naive.reference("concat", Map.of(), List.of(x, y), List.of());
        assertEquals(Shape.nchw(2, 13, 2, 3), cat.shape());
        // image 1 starts with x's channels of image 1, then y's
        assertEquals(1000 + 900, cat.data()[13 * 6 + 9 * 6]);
        assertEquals(1000 + 200, cat.data()[13 * 6 + 12 * 6]);
        assertArrayEquals(new float[] {2, 3, 4}, channelsOf(Naive.reference("split",
                Map.of("sizes", List.of(2L, 3L, 5L), "index", 1L), List.of(x), List.of())));
        // 10 channels in chunks of ceil(10 / 3) = 4: 4, 4, 2
        assertArrayEquals(new float[] {8, 9}, channelsOf(Naive.reference("chunk", Map.of("chunks", 3L, "index", 2L),
                List.of(x), List.of())));
        assertArrayEquals(new float[] {4, 5, 6}, channelsOf(Naive.reference("slice", Map.of("start", 4L, "end", 7L),
                List.of(x), List.of())));
        Tensor tail = Naive.reference("slice", Map.of("start", 7L), List.of(x), List.of());
        assertEquals(1000 + 700, tail.data()[3 * 6]);
    }

    @Test
    void channelShuffleInterleavesTheGroupsAsTorchDoes() {
        // view (2, 3) -> transpose -> (3, 2): channels 0 3 1 4 2 5
        Tensor y = Naive.reference("channel_shuffle", Map.of("groups", 2L), List.of(labelled(1, 6, 2, 2)), List.of());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, channelsOf(y));
        Tensor three = Naive.reference("channel_shuffle", Map.of("groups", 3L), List.of(labelled(1, 6, 1, 1)), List.of());
        assertArrayEquals(new float[] {0, 2, 4, 1, 3, 5}, channelsOf(three));
    }

    @Test
    void padAppendsZeroChannelsAndBorders() {
        Tensor x = labelled(1, 2, 2, 3);
        Tensor y = Naive.reference("pad", Map.of("channels", 1L, "spatial", List.of(1L, 0L, 2L, 1L)), List.of(x), List.of());
        assertEquals(Shape.nchw(1, 3, 3, 6), y.shape());
        for (int c = 0; c < 3; c++) {
            for (int r = 0; r < 3; r++) {
                for (int col = 0; col < 6; col++) {
                    boolean inside = c < 2 && r >= 1 && col >= 2 && col < 5;
                    float expected = inside ? 100 * c + 10 * (r - 1) + (col - 2) : 0;
                    assertEquals(expected, y.data()[(c * 3 + r) * 6 + col]);
                }
            }
        }
    }

    @Test
    void bilinearWithAndWithoutAlignedCorners() {
        Tensor x = Tensor.of(Shape.nchw(1, 1, 1, 2), new float[] {0, 8});
        // aligned: 2 -> 3 maps to 0, 0.5, 1
        Tensor aligned = Naive.reference("upsample", Map.of("mode", "bilinear", "align_corners", true,
                "size", List.of(1L, 3L)), List.of(x), List.of());
        assertArrayEquals(new float[] {0, 4, 8}, aligned.data());
        // half-pixel: 2 -> 4 samples at 0 (clamped from -0.25), 0.25, 0.75, 1 (clamped)
        Tensor half = Naive.reference("upsample", Map.of("mode", "bilinear", "scale", 2.0), List.of(x), List.of());
        assertEquals(Shape.nchw(1, 1, 2, 4), half.shape());
        assertArrayEquals(new float[] {0, 2, 6, 8, 0, 2, 6, 8}, half.data());
    }

    @Test
    void nearestRepeatsAndFollowsASecondInputsSize() {
        Tensor x = labelled(1, 1, 2, 3);
        Tensor like = Tensor.shapeOnly(Shape.nchw(1, 7, 4, 6));
        Tensor y = Naive.reference("upsample", Map.of(), List.of(x, like), List.of());
        assertEquals(Shape.nchw(1, 1, 4, 6), y.shape());
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 6; c++) {
                assertEquals(10 * (r / 2) + c / 2, y.data()[r * 6 + c]);
            }
        }
        // 3 -> 5: floor(dst * 3 / 5) = 0 0 1 1 2
        Tensor odd = Naive.reference("upsample", Map.of("size", List.of(1L, 5L)), List.of(labelled(1, 1, 1, 3)), List.of());
        assertArrayEquals(new float[] {0, 0, 1, 1, 2}, odd.data());
    }

    @Test
    void bilinearAgainstTheFormulaOnOddSizes() {
        Tensor x = Naive.random(9, 1, 2, 5, 7);
        for (boolean corners : new boolean[] {false, true}) {
            Tensor y = Naive.reference("upsample", Map.of("mode", "bilinear", "align_corners", corners,
                    "size", List.of(9L, 16L)), List.of(x), List.of());
            for (int c = 0; c < 2; c++) {
                for (int oy = 0; oy < 9; oy++) {
                    for (int ox = 0; ox < 16; ox++) {
                        double sy = corners ? oy * 4.0 / 8 : Math.max(0, (oy + 0.5) * 5 / 9 - 0.5);
                        double sx = corners ? ox * 6.0 / 15 : Math.max(0, (ox + 0.5) * 7 / 16 - 0.5);
                        int y0 = (int) sy;
                        int x0 = (int) sx;
                        int y1 = Math.min(y0 + 1, 4);
                        int x1 = Math.min(x0 + 1, 6);
                        double ly = sy - y0;
                        double lx = sx - x0;
                        float[] v = x.data();
                        int base = c * 35;
                        double expected = (1 - ly) * ((1 - lx) * v[base + y0 * 7 + x0] + lx * v[base + y0 * 7 + x1])
                                + ly * ((1 - lx) * v[base + y1 * 7 + x0] + lx * v[base + y1 * 7 + x1]);
                        assertEquals(expected, y.data()[(c * 9 + oy) * 16 + ox], 1e-5);
                    }
                }
            }
        }
    }

    @Test
    void dropoutsAndIdentityReturnTheInput() {
        Tensor x = Naive.random(5, 1, 2, 3, 3);
        for (String op : List.of("dropout", "spatial_dropout", "identity")) {
            assertSame(x, Naive.reference(op, Map.of(), List.of(x), List.of()), op);
        }
        assertSame(x, Naive.reference("input", Map.of("shape", List.of(1L, 2L, 3L, 3L)), List.of(x), List.of()));
    }

    @Test
    void flattenLinearAndSoftmax() {
        Tensor x = Naive.random(6, 2, 3, 2, 2);
        Tensor flat = Naive.reference("flatten", Map.of(), List.of(x), List.of());
        assertEquals(Shape.of(2, 12), flat.shape());
        assertSame(x.data(), flat.data());
        float[] w = Naive.randomValues(7, 5 * 12, -1, 1);
        float[] b = Naive.randomValues(8, 5, -1, 1);
        Tensor y = Naive.reference("linear", Map.of("out", 5L), List.of(flat), List.of(w, b));
        assertEquals(Shape.of(2, 5), y.shape());
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < 5; o++) {
                double sum = b[o];
                for (int f = 0; f < 12; f++) {
                    sum += (double) x.data()[n * 12 + f] * w[o * 12 + f];
                }
                assertEquals(sum, y.data()[n * 5 + o], 1e-5);
            }
        }
        Tensor s = Naive.reference("softmax", Map.of(), List.of(x), List.of());
        for (int n = 0; n < 2; n++) {
            for (int p = 0; p < 4; p++) {
                double total = 0;
                for (int c = 0; c < 3; c++) {
                    total += Math.exp(x.data()[(n * 3 + c) * 4 + p]);
                }
                for (int c = 0; c < 3; c++) {
                    int i = (n * 3 + c) * 4 + p;
                    assertEquals(Math.exp(x.data()[i]) / total, s.data()[i], 1e-6);
                }
            }
        }
    }
}
