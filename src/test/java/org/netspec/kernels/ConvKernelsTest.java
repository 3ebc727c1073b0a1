package org.netspec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/** The reference kernels of conv and conv_transpose against the naive derivations. */
class ConvKernelsTest {
    static Stream<ConvCases.Case> cases() {
        return Stream.concat(ConvCases.convolutions().stream(), ConvCases.transposed().stream());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void referenceKernelMatchesTheNaiveDerivation(ConvCases.Case c) {
        Tensor y = Naive.reference(c.op(), c.attributes(), List.of(c.input()), c.weights());
        Naive.assertClose(c.expected(), y, 1e-5);
    }

    @Test
    void aHandWorkedConvolution() {
        // 1x1x3x3 input 1..9, 2x2 kernel of ones, padding 1, stride 2: windows at (-1,-1), (-1,1), (1,-1), (1,1)
        Tensor x = Tensor.of(Shape.nchw(1, 1, 3, 3), new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
        Tensor y = Naive.reference("conv", Map.of("out", 1L, "kernel", 2L, "stride", 2L, "padding", 1L, "bias", false),
                List.of(x), List.of(new float[] {1, 1, 1, 1}));
        assertEquals(Shape.nchw(1, 1, 2, 2), y.shape());
        // {1}, {2+3}, {4+7}, {5+6+8+9}
        assertEquals(List.of(1f, 5f, 11f, 28f), List.of(y.data()[0], y.data()[1], y.data()[2], y.data()[3]));
    }

    @Test
    void aHandWorkedTransposedConvolution() {
        // stride 2, kernel 2: each input value stamps value * kernel into its own 2x2 block
        Tensor x = Tensor.of(Shape.nchw(1, 1, 1, 2), new float[] {1, 10});
        Tensor y = Naive.reference("conv_transpose", Map.of("out", 1L, "kernel", 2L, "stride", 2L, "bias", false),
                List.of(x), List.of(new float[] {1, 2, 3, 4}));
        assertEquals(Shape.nchw(1, 1, 2, 4), y.shape());
        float[] expected = {1, 2, 10, 20, 3, 4, 30, 40};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], y.data()[i]);
        }
    }
}
