package org.netspec.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.netspec.kernels.Naive;
import org.netspec.ops.Attributes;
import org.netspec.ops.Conv;
import org.netspec.ops.Operators;
import org.netspec.ops.PRelu;
import org.netspec.ops.Tensor;

/**
 * The banded loop of grouped and depthwise convolutions, and the chunked loop of 1x1 ones, against
 * the convolution's summation order worked out directly (each output the fused multiply-adds of its
 * group's input channels and taps in order from zero, then the bias, then the epilogue), and within
 * rounding of the reference kernel; with the Vector API and scalar cores, on one and two threads,
 * into reused output and working arrays that held NaN. Planes wide or tall enough to be cut into
 * several bands or chunks (the last one partial), strides, dilations, asymmetric kernels, channel
 * multipliers, groups of 1 to 64 output channels, rows narrower than one vector, and one dense
 * convolution (whole padded planes) with rows of several register tiles.
 */
class GroupedConvolutionTest {
    /** n, groups, in per group, out per group, h, w, kh, kw, sh, sw, ph, pw, dh, dw, at least 2 bands or chunks. */
    private static final int[][] CASES = {
        {1, 3, 1, 1, 70, 1000, 3, 3, 1, 1, 1, 1, 1, 1, 1},
        {2, 2, 1, 2, 41, 700, 3, 3, 2, 2, 3, 3, 3, 3, 1},
        {1, 4, 1, 1, 120, 530, 3, 5, 2, 1, 4, 2, 4, 1, 1},
        {1, 5, 1, 3, 6, 5, 3, 3, 1, 1, 2, 2, 2, 2, 0},
        {2, 3, 1, 1, 19, 29, 5, 3, 1, 2, 0, 1, 1, 1, 0},
        {1, 2, 1, 1, 900, 40, 3, 3, 1, 1, 1, 1, 1, 1, 1},
        {1, 4, 5, 1, 60, 300, 3, 3, 1, 1, 1, 1, 1, 1, 1},
        {2, 3, 2, 5, 17, 23, 3, 3, 2, 2, 1, 1, 1, 1, 0},
        {1, 2, 3, 4, 120, 200, 3, 3, 1, 1, 2, 2, 2, 2, 1},
        {1, 4, 64, 64, 37, 53, 1, 1, 1, 1, 0, 0, 1, 1, 1},
        {2, 1, 3, 6, 30, 41, 1, 1, 1, 1, 0, 0, 1, 1, 1},
        {1, 2, 8, 3, 9, 7, 1, 1, 1, 1, 0, 0, 1, 1, 0},
        {1, 3, 1, 2, 10, 10, 1, 1, 1, 1, 0, 0, 1, 1, 0},
        {1, 1, 5, 9, 9, 130, 3, 3, 1, 1, 1, 1, 1, 1, 0},
    };

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        int seed = 700;
        for (int[] c : CASES) {
            seed++;
            Map<String, Object> raw = new LinkedHashMap<>();
            raw.put("out", (long) c[1] * c[3]);
            raw.put("kernel", List.of((long) c[6], (long) c[7]));
            raw.put("stride", List.of((long) c[8], (long) c[9]));
            raw.put("padding", List.of((long) c[10], (long) c[11]));
            raw.put("dilation", List.of((long) c[12], (long) c[13]));
            raw.put("groups", (long) c[1]);
            raw.put("bias", true);
            Tensor x = Naive.random(seed, c[0], c[1] * c[2], c[4], c[5]);
            float[] w = Naive.randomValues(seed + 100, c[1] * c[3] * c[2] * c[6] * c[7], -0.5f, 0.5f);
            float[] b = Naive.randomValues(seed + 200, c[1] * c[3], -0.5f, 0.5f);
            cases.add(Arguments.of(Arrays.toString(c), c, raw, x, List.of(w, b)));
        }
        return cases.stream();
    }

    /** Each output: fma over its group's input channels and the taps inside the input, in order from zero; then the bias. */
    private static float[] fmaOrder(int[] c, Tensor x, float[] w, float[] b, int oh, int ow) {
        int groups = c[1];
        int inPerGroup = c[2];
        int outPerGroup = c[3];
        int h = c[4];
        int width = c[5];
        int cin = groups * inPerGroup;
        int cout = groups * outPerGroup;
        float[] out = new float[c[0] * cout * oh * ow];
        for (int image = 0; image < c[0]; image++) {
            for (int co = 0; co < cout; co++) {
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float sum = 0;
                        for (int ci = 0; ci < inPerGroup; ci++) {
                            int plane = image * cin + co / outPerGroup * inPerGroup + ci;
                            for (int i = 0; i < c[6]; i++) {
                                for (int j = 0; j < c[7]; j++) {
                                    int iy = oy * c[8] - c[10] + i * c[12];
                                    int ix = ox * c[9] - c[11] + j * c[13];
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < width) {
                                        sum = Math.fma(w[((co * inPerGroup + ci) * c[6] + i) * c[7] + j],
                                                x.data()[(plane * h + iy) * width + ix], sum);
                                    }
                                }
                            }
                        }
                        out[((image * cout + co) * oh + oy) * ow + ox] = sum + b[co];
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void givesTheFmaOrderOfEveryCoreAndThreadCount(String name, int[] c, Map<String, Object> raw, Tensor x,
            List<float[]> weights) {
        Attributes a = Naive.attributes("conv", raw);
        Tensor reference = Operators.find("conv").orElseThrow().compute(a, List.of(x), weights);
        Naive.assertClose(reference, run(ConvCore.fastest(), 1, a, x, weights, Epilogue.NONE), 1e-5);
        float[] expected = fmaOrder(c, x, weights.get(0), weights.get(1), reference.dim(2), reference.dim(3));
        ConvCore vector = ConvCore.fastest();
        assertInstanceOf(VectorConvCore.class, vector, "the tests run with jdk.incubator.vector");
        for (ConvCore core : List.of(vector, new ScalarConvCore())) {
            for (int threads : new int[] {1, 2}) {
                assertArrayEquals(expected, run(core, threads, a, x, weights, Epilogue.NONE).data(),
                        core.description() + ", " + threads + " threads");
            }
        }
        // PReLU applied by the loop gives PReLU's own arithmetic on the convolution's output
        int cout = reference.dim(1);
        float[] slopes = Naive.randomValues(9, cout, -0.5f, 0.5f);
        PRelu op = (PRelu) Operators.find("prelu").orElseThrow();
        Attributes prelu = Attributes.of(op, Map.of());
        PlaneFunction own = PlaneFunction.reference(op, prelu, List.of(slopes));
        int plane = reference.dim(2) * reference.dim(3);
        for (int p = 0; p < reference.dim(0) * cout; p++) {
            own.apply(p % cout, expected, expected, p * plane, plane);
        }
        Epilogue epilogue = new Epilogue(List.of(new Epilogue.Step(op, prelu, List.of(slopes))));
        for (int threads : new int[] {1, 2}) {
            assertArrayEquals(expected, run(vector, threads, a, x, weights, epilogue).data(), "PReLU, " + threads);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void largePlanesAreCutIntoSeveralBandsOrChunks(String name, int[] c, Map<String, Object> raw, Tensor x,
            List<float[]> weights) {
        ConvGeometry g = ConvGeometry.of(Naive.attributes("conv", raw), x.shape(), ConvCore.fastest().slack());
        if (g.pointwise(x.shape())) {
            // chunks: a multiple of 96 positions, at most 576, 65536 floats of copied input or as near as allowed
            int chunk = PointwiseConvolution.chunk(c[2]);
            assertEquals(Math.max(96, Math.min(576, 65536 / c[2] / 96 * 96)), chunk);
            assertEquals(c[14] == 1, (c[4] * c[5] + chunk - 1) / chunk >= 2, "several chunks");
            return;
        }
        if (c[1] == 1) {
            // a dense convolution runs on padded copies of its whole planes
            assertFalse(BandedConvolution.suits(g, c[2], c[1]));
            return;
        }
        assertTrue(BandedConvolution.suits(g, c[2], c[1]));
        int rows = BandedConvolution.bandRows(g, c[2]);
        // a band's rows and the rows its taps reach below, for each input channel of a group and each
        // phase; a depthwise one computes every column, so its copies have row phases only
        int phases = c[2] == 1 ? c[8] : c[8] * c[9];
        assertEquals(c[2] * phases * (rows + (c[6] - 1) * c[12] / c[8]) * BandedConvolution.working(g, c[2]).columns(),
                BandedConvolution.bandFloats(g, c[2]));
        if (c[2] == 1) {
            // every column: the padded width less the kernel's dilated extent, plus one
            assertEquals(c[5] + 2 * c[11] - (c[7] - 1) * c[13], BandedConvolution.working(g, c[2]).ow());
        }
        assertEquals(c[14] == 1, (g.oh() + rows - 1) / rows >= 2, "several bands");
    }

    /** Runs twice through one pool of arrays: the second run's output and working arrays held NaN. */
    private static Tensor run(ConvCore core, int threads, Attributes a, Tensor x, List<float[]> weights,
            Epilogue epilogue) {
        try (Parallel parallel = new Parallel(threads)) {
            Buffers buffers = new Buffers(Long.MAX_VALUE);
            ConvKernel kernel = new ConvKernel(core, parallel, buffers, epilogue);
            float[] old = kernel.compute(a, List.of(x), weights).data();
            Arrays.fill(old, Float.NaN);
            buffers.expect(old.length);
            buffers.give(old);
            int inPerGroup = Math.toIntExact(x.dim(1) / a.get(Conv.GROUPS));
            ConvGeometry g = ConvGeometry.of(a, x.shape(), core.slack());
            float[] working = buffers.take(g.pointwise(x.shape()) ? PointwiseConvolution.copyFloats(inPerGroup, core.slack())
                    : BandedConvolution.bandFloats(g, inPerGroup));
            Arrays.fill(working, Float.NaN);
            buffers.giveWorkingCopy(working);
            return kernel.compute(a, List.of(x), weights);
        }
    }
}
