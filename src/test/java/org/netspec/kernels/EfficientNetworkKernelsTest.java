package org.netspec.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/** The reference kernels of the operators of issue 14 on tiny tensors, against values worked out by hand. */
class EfficientNetworkKernelsTest {
    private static final double TOLERANCE = 1e-6;

    private static float[] run(String op, Map<String, Object> raw, List<float[]> weights, Shape shape, float... values) {
        return Naive.reference(op, raw, List.of(Tensor.of(shape, values)), weights).data();
    }

    private static float[] activation(String op, Map<String, Object> raw, float... values) {
        return run(op, raw, List.of(), Shape.nchw(1, 1, 1, values.length), values);
    }

    private static void assertValues(double[] expected, float[] actual, double tolerance) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance, "element " + i);
        }
    }

    @Test
    void smoothActivations() {
        // silu(x) = x / (1 + e^-x): silu(1) = 1 / (1 + 1/e) = 0.7310586, silu(-2) = -2 / (1 + e^2) = -0.2384058
        assertValues(new double[] {0.7310586, -0.2384058, 0}, activation("silu", Map.of(), 1, -2, 0), TOLERANCE);
        // gelu(x) = x * Phi(x): Phi(1) = 0.8413447, Phi(-1) = 0.1586553, Phi(2) = 0.9772499
        assertValues(new double[] {0.8413447, -0.1586553, 1.9544997}, activation("gelu", Map.of(), 1, -1, 2), TOLERANCE);
        // mish(x) = x * tanh(ln(1 + e^x)): ln(1 + e) = 1.3132617, tanh of it 0.8650984;
        // mish(-1): ln(1 + 1/e) = 0.3132617, tanh 0.3034015, times -1
        assertValues(new double[] {0.8650984, -0.3034015}, activation("mish", Map.of(), 1, -1), TOLERANCE);
    }

    @Test
    void activationsWithConstants() {
        assertValues(new double[] {1, -1, 0.5}, activation("hardtanh", Map.of(), 2, -3, 0.5f), 0);
        assertValues(new double[] {0.25, 0, -0.5}, activation("hardtanh", Map.of("min", -0.5, "max", 0.25), 2, 0, -3), 0);
        assertValues(new double[] {-0.02, 3}, activation("leaky_relu", Map.of(), -2, 3), TOLERANCE);
        assertValues(new double[] {-0.6, 3}, activation("leaky_relu", Map.of("negative_slope", 0.3), -2, 3), TOLERANCE);
        // elu(-1) = e^-1 - 1 = -0.6321206; with alpha 2, twice that
        assertValues(new double[] {-0.6321206, 2}, activation("elu", Map.of(), -1, 2), TOLERANCE);
        assertValues(new double[] {-1.2642411}, activation("elu", Map.of("alpha", 2.0), -1), TOLERANCE);
    }

    @Test
    void normalisations() {
        // [1, 2, 1, 2]: channel 0 is (1, 3), channel 1 is (3, 7)
        Shape shape = Shape.nchw(1, 2, 1, 2);
        float[] x = {1, 3, 3, 7};
        // layer norm over channels: position 0 holds (1, 3): mean 2, variance 1, so (-1, 1); position 1
        // holds (3, 7): mean 5, variance 4, so (-1, 1) too; then weight (2, 3) and bias (0.5, -1)
        float[] ln = run("layernorm", Map.of("eps", 1e-12), List.of(new float[] {2, 3}, new float[] {0.5f, -1}), shape, x);
        assertValues(new double[] {-1.5, -1.5, 2, 2}, ln, 1e-5);
        // instance norm: each channel plane alone, (1, 3) and (3, 7) both become (-1, 1)
        float[] in = run("instancenorm", Map.of("eps", 1e-12), List.of(), shape, x);
        assertValues(new double[] {-1, 1, -1, 1}, in, 1e-5);
        // group norm with one group: mean 3.5, variance (6.25 + 0.25 + 0.25 + 12.25) / 4 = 4.75
        double std = Math.sqrt(4.75);
        float[] gn = run("groupnorm", Map.of("groups", 1L, "eps", 1e-12), List.of(new float[] {1, 1}, new float[] {0, 0}),
                shape, x);
        assertValues(new double[] {-2.5 / std, -0.5 / std, -0.5 / std, 3.5 / std}, gn, 1e-5);
        // two groups of one channel are instance norm, then weight (2, 1) and bias (0, 1)
        float[] gn2 = run("groupnorm", Map.of("groups", 2L, "eps", 1e-12), List.of(new float[] {2, 1}, new float[] {0, 1}),
                shape, x);
        assertValues(new double[] {-2, 2, 0, 2}, gn2, 1e-5);
    }

    @Test
    void pixelShuffleInterleavesChannelsIntoTwoByTwoBlocks() {
        // 4 channels of one row of 2; channel c = 2i + j holds 10c + x
        float[] deep = {0, 1, 10, 11, 20, 21, 30, 31};
        // output (h*2 + i, w*2 + j) = channel 2i + j at (h, w): row 0 takes channels 0 and 1, row 1 channels 2 and 3
        float[] wide = {0, 10, 1, 11, 20, 30, 21, 31};
        Tensor up = Naive.reference("pixel_shuffle", Map.of("factor", 2L), List.of(Tensor.of(Shape.nchw(1, 4, 1, 2), deep)),
                List.of());
        assertEquals(Shape.nchw(1, 1, 2, 4), up.shape());
        assertArrayEquals(wide, up.data());
        Tensor down = Naive.reference("pixel_unshuffle", Map.of("factor", 2L), List.of(Tensor.of(Shape.nchw(1, 1, 2, 4), wide)),
                List.of());
        assertEquals(Shape.nchw(1, 4, 1, 2), down.shape());
        assertArrayEquals(deep, down.data());
    }

    @Test
    void maxPoolsAndSum() {
        // bins of 5 by 2: [0, 3) and [2, 5)
        assertArrayEquals(new float[] {5, 4}, run("adaptive_maxpool", Map.of("size", List.of(1L, 2L)), List.of(),
                Shape.nchw(1, 1, 1, 5), 5, 1, 4, 2, 3));
        assertArrayEquals(new float[] {3, -1}, run("global_maxpool", Map.of(), List.of(), Shape.nchw(1, 2, 1, 3),
                1, -2, 3, -5, -1, -4));
        Shape s = Shape.nchw(1, 1, 1, 3);
        Tensor sum = Naive.reference("sum", Map.of(), List.of(Tensor.of(s, new float[] {1, 2, 3}),
                Tensor.of(s, new float[] {10, 20, 30}), Tensor.of(s, new float[] {100, 200, 300})), List.of());
        assertArrayEquals(new float[] {111, 222, 333}, sum.data());
    }
}
