package org.netspec.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.netspec.kernels.Naive;
import org.netspec.ops.Attributes;
import org.netspec.ops.Operator;
import org.netspec.ops.Operators;
import org.netspec.ops.Tensor;

/**
 * The parallel kernels of element-wise, pooling and up-sampling operators give the reference
 * kernels' bits, on one image with many channels (split across threads) and on two images, into
 * a reused output array that held NaN.
 */
class PlaneKernelsTest {
    static Stream<Arguments> cases() {
        Tensor wide = Naive.random(1, 1, 19, 9, 13);
        Tensor two = Naive.random(2, 2, 5, 8, 7);
        float[] slopes19 = Naive.randomValues(3, 19, 0, 0.5f);
        List<float[]> bn19 = List.of(Naive.randomValues(4, 19, 0.5f, 1.5f), Naive.randomValues(5, 19, -0.5f, 0.5f),
                Naive.randomValues(6, 19, -0.5f, 0.5f), Naive.randomValues(7, 19, 0.5f, 2f));
        List<float[]> bn5 = List.of(Naive.randomValues(8, 5, -0.5f, 0.5f), Naive.randomValues(9, 5, 0.5f, 2f));
        Tensor gate = Naive.random(10, 1, 19, 1, 1);
        Tensor other = Naive.random(11, 1, 19, 9, 13);
        return Stream.of(
                Arguments.of("batchnorm", Map.of(), List.of(wide), bn19),
                Arguments.of("batchnorm", Map.of("affine", false, "eps", 0.1), List.of(two), bn5),
                Arguments.of("prelu", Map.of(), List.of(wide), List.of(slopes19)),
                Arguments.of("prelu", Map.of("shared", true), List.of(two), List.of(new float[] {0.3f})),
                Arguments.of("relu", Map.of(), List.of(wide), List.of()),
                Arguments.of("relu6", Map.of(), List.of(two), List.of()),
                Arguments.of("sigmoid", Map.of(), List.of(wide), List.of()),
                Arguments.of("tanh", Map.of(), List.of(wide), List.of()),
                Arguments.of("hardsigmoid", Map.of(), List.of(wide), List.of()),
                Arguments.of("hardswish", Map.of(), List.of(wide), List.of()),
                Arguments.of("silu", Map.of(), List.of(wide), List.of()),
                Arguments.of("gelu", Map.of(), List.of(two), List.of()),
                Arguments.of("mish", Map.of(), List.of(wide), List.of()),
                Arguments.of("hardtanh", Map.of("min", -0.5, "max", 0.25), List.of(wide), List.of()),
                Arguments.of("leaky_relu", Map.of("negative_slope", 0.2), List.of(two), List.of()),
                Arguments.of("elu", Map.of("alpha", 0.7), List.of(wide), List.of()),
                Arguments.of("sum", Map.of(), List.of(wide, other, wide), List.of()),
                Arguments.of("adaptive_maxpool", Map.of("size", List.of(4L, 5L)), List.of(wide), List.of()),
                Arguments.of("global_maxpool", Map.of(), List.of(two), List.of()),
                Arguments.of("add", Map.of(), List.of(wide, other, gate), List.of()),
                Arguments.of("add", Map.of(), List.of(gate, wide), List.of()),
                Arguments.of("add", Map.of(), List.of(two, Naive.random(12, 1, 5, 8, 7)), List.of()),
                Arguments.of("add", Map.of(), List.of(wide, Naive.random(13, 1, 1, 9, 13)), List.of()),
                Arguments.of("add", Map.of(), List.of(wide, Naive.random(14, 1, 19, 1, 13)), List.of()),
                Arguments.of("mul", Map.of(), List.of(wide, gate), List.of()),
                Arguments.of("maxpool", Map.of("kernel", 3L, "stride", 2L, "padding", 1L, "ceil_mode", true,
                        "indices", true), List.of(wide), List.of()),
                Arguments.of("maxpool", Map.of("kernel", 2L), List.of(two), List.of()),
                Arguments.of("avgpool", Map.of("kernel", 3L, "stride", 2L, "padding", 1L, "count_include_pad", false),
                        List.of(wide), List.of()),
                Arguments.of("avgpool", Map.of("kernel", 3L, "stride", 2L, "padding", 1L, "ceil_mode", true),
                        List.of(two), List.of()),
                Arguments.of("avgpool", Map.of("kernel", List.of(2L, 3L), "stride", List.of(1L, 2L), "padding",
                        List.of(1L, 1L), "ceil_mode", true, "count_include_pad", false), List.of(two), List.of()),
                Arguments.of("avgpool", Map.of("kernel", 2L), List.of(two), List.of()),
                Arguments.of("adaptive_avgpool", Map.of("size", List.of(3L, 4L)), List.of(wide), List.of()),
                Arguments.of("adaptive_avgpool", Map.of("size", List.of(4L, 9L)), List.of(two), List.of()),
                Arguments.of("global_maxpool", Map.of(), List.of(wide), List.of()),
                Arguments.of("global_avgpool", Map.of(), List.of(two), List.of()),
                Arguments.of("global_avgpool", Map.of(), List.of(wide), List.of()),
                Arguments.of("concat", Map.of(), List.of(wide, Naive.random(15, 1, 3, 9, 13), other), List.of()),
                Arguments.of("concat", Map.of(), List.of(two, Naive.random(16, 2, 3, 8, 7)), List.of()),
                Arguments.of("concat", Map.of(), List.of(Naive.random(17, 2, 6), Naive.random(18, 2, 4)), List.of()),
                Arguments.of("channel_shuffle", Map.of("groups", 2L), List.of(Naive.random(19, 2, 6, 5, 3)), List.of()),
                Arguments.of("channel_shuffle", Map.of("groups", 3L), List.of(Naive.random(20, 1, 12, 4, 9)), List.of()),
                Arguments.of("upsample", Map.of("mode", "bilinear", "scale", 2.0), List.of(wide), List.of()),
                Arguments.of("upsample", Map.of("mode", "bilinear", "align_corners", true, "size", List.of(20L, 30L)),
                        List.of(wide), List.of()),
                Arguments.of("upsample", Map.of("mode", "bilinear", "size", List.of(5L, 6L)), List.of(wide), List.of()),
                Arguments.of("upsample", Map.of("mode", "bilinear", "scale", 1.7), List.of(two), List.of()),
                Arguments.of("avgpool", Map.of("kernel", 3L, "stride", 2L, "padding", 1L),
                        List.of(Naive.random(21, 1, 3, 37, 41)), List.of()),
                Arguments.of("adaptive_avgpool", Map.of("size", List.of(17L, 19L)), List.of(Naive.random(22, 1, 2, 37, 41)),
                        List.of()),
                Arguments.of("upsample", Map.of(), List.of(wide, Tensor.shapeOnly(Naive.random(0, 1, 1, 27, 26).shape())),
                        List.of()));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void fastKernelGivesTheReferenceBits(String name, Map<String, Object> raw, List<Tensor> inputs, List<float[]> weights) {
        Operator op = Operators.find(name).orElseThrow();
        Attributes a = Attributes.of(op, raw);
        Tensor expected = op.compute(a, inputs, weights);
        try (Parallel parallel = new Parallel(2)) {
            Buffers buffers = new Buffers(Long.MAX_VALUE);
            Kernel fast = new FastKernels(ConvCore.fastest(), parallel, buffers).of(op);
            // the second run gets the first one's output array back filled with NaN: it must write every element
            float[] old = fast.compute(a, inputs, weights).data();
            Arrays.fill(old, Float.NaN);
            buffers.expect(old.length);
            buffers.give(old);
            Tensor actual = fast.compute(a, inputs, weights);
            assertNotSame(expected, actual);
            assertEquals(expected.shape(), actual.shape());
            assertArrayEquals(expected.data(), actual.data());
            assertArrayEquals(expected.indices(), actual.indices());
        }
    }
}
