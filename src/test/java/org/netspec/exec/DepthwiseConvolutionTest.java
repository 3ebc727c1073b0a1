package org.netspec.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.netspec.ops.Operators;
import org.netspec.ops.PRelu;
import org.netspec.ops.Tensor;

/**
 * The depthwise loop against the convolution's summation order worked out directly (each output
 * the fused multiply-adds of its taps in order from zero, then the bias, then the epilogue), and
 * within rounding of the reference kernel; with the Vector API and scalar cores, on one and two
 * threads, into reused output and band arrays that held NaN. Planes wide or tall enough to be cut
 * into several bands, strides, dilations, asymmetric kernels, channel multipliers, and rows
 * narrower than one vector.
 */
class DepthwiseConvolutionTest {
    /** n, channels, multiplier, h, w, kh, kw, sh, sw, ph, pw, dh, dw. */
    private static final int[][] CASES = {
        {1, 3, 1, 70, 1000, 3, 3, 1, 1, 1, 1, 1, 1},
        {2, 2, 2, 41, 700, 3, 3, 2, 2, 3, 3, 3, 3},
        {1, 4, 1, 120, 530, 3, 5, 2, 1, 4, 2, 4, 1},
        {1, 5, 3, 6, 5, 3, 3, 1, 1, 2, 2, 2, 2},
        {2, 3, 1, 19, 29, 5, 3, 1, 2, 0, 1, 1, 1},
        {1, 2, 1, 900, 40, 3, 3, 1, 1, 1, 1, 1, 1},
    };

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        int seed = 700;
        for (int[] c : CASES) {
            seed++;
            Map<String, Object> raw = new LinkedHashMap<>();
            raw.put("out", (long) c[1] * c[2]);
            raw.put("kernel", List.of((long) c[5], (long) c[6]));
            raw.put("stride", List.of((long) c[7], (long) c[8]));
            raw.put("padding", List.of((long) c[9], (long) c[10]));
            raw.put("dilation", List.of((long) c[11], (long) c[12]));
            raw.put("groups", (long) c[1]);
            raw.put("bias", true);
            Tensor x = Naive.random(seed, c[0], c[1], c[3], c[4]);
            float[] w = Naive.randomValues(seed + 100, c[1] * c[2] * c[5] * c[6], -0.5f, 0.5f);
            float[] b = Naive.randomValues(seed + 200, c[1] * c[2], -0.5f, 0.5f);
            cases.add(Arguments.of(Arrays.toString(c), c, raw, x, List.of(w, b)));
        }
        return cases.stream();
    }

    /** Each output: fma over the taps inside the input, in tap order, from zero; then the bias. */
    private static float[] fmaOrder(int[] c, Tensor x, float[] w, float[] b, int oh, int ow) {
        int n = c[0];
        int channels = c[1];
        int multiplier = c[2];
        int h = c[3];
        int width = c[4];
        int cout = channels * multiplier;
        float[] out = new float[n * cout * oh * ow];
        for (int image = 0; image < n; image++) {
            for (int co = 0; co < cout; co++) {
                int ci = co / multiplier;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float sum = 0;
                        for (int i = 0; i < c[5]; i++) {
                            for (int j = 0; j < c[6]; j++) {
                                int iy = oy * c[7] - c[9] + i * c[11];
                                int ix = ox * c[8] - c[10] + j * c[12];
                                if (iy >= 0 && iy < h && ix >= 0 && ix < width) {
                                    sum = Math.fma(w[(co * c[5] + i) * c[6] + j],
                                            x.data()[((image * channels + ci) * h + iy) * width + ix], sum);
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
    void tallOrWidePlanesAreCutIntoBands(String name, int[] c, Map<String, Object> raw, Tensor x, List<float[]> weights) {
        ConvGeometry g = ConvGeometry.of(Naive.attributes("conv", raw), x.shape(), ConvCore.fastest().slack());
        int bands = (g.oh() + DepthwiseConvolution.bandRows(g) - 1) / DepthwiseConvolution.bandRows(g);
        // a band's rows and the rows its taps reach below fit its working array
        assertTrue(DepthwiseConvolution.bandFloats(g) >= g.phases() * (DepthwiseConvolution.bandRows(g) + g.reach())
                * g.columns());
        if (c[4] >= 500 || c[3] >= 900) {
            assertTrue(bands >= 2, bands + " bands");
        }
    }

    /** Runs twice through one pool of arrays: the second run's output and band arrays held NaN. */
    private static Tensor run(ConvCore core, int threads, Attributes a, Tensor x, List<float[]> weights,
            Epilogue epilogue) {
        try (Parallel parallel = new Parallel(threads)) {
            Buffers buffers = new Buffers(Long.MAX_VALUE);
            ConvKernel kernel = new ConvKernel(core, parallel, buffers, epilogue);
            float[] old = kernel.compute(a, List.of(x), weights).data();
            Arrays.fill(old, Float.NaN);
            buffers.expect(old.length);
            buffers.give(old);
            float[] band = buffers.take(DepthwiseConvolution.bandFloats(ConvGeometry.of(a, x.shape(), core.slack())));
            Arrays.fill(band, Float.NaN);
            buffers.giveWorkingCopy(band);
            return kernel.compute(a, List.of(x), weights);
        }
    }
}
