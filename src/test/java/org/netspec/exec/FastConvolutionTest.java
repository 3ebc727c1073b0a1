package org.netspec.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.netspec.kernels.ConvCases;
import org.netspec.kernels.Naive;
import org.netspec.ops.Tensor;

/**
 * The fast convolution kernels against the naive derivations, with the Vector API core and the
 * scalar fallback, on one and two threads; the four must agree bit for bit.
 */
class FastConvolutionTest {
    static Stream<ConvCases.Case> cases() {
        return Stream.concat(ConvCases.convolutions().stream(), ConvCases.transposed().stream());
    }

    private static Tensor fast(ConvCases.Case c, ConvCore core, int threads) {
        try (Parallel parallel = new Parallel(threads)) {
            Kernel k = c.op().equals("conv") ? new ConvKernel(core, parallel) : new ConvTransposeKernel(core, parallel);
            return k.compute(Naive.attributes(c.op(), c.attributes()), List.of(c.input()), c.weights());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void vectorAndScalarCoresMatchTheNaiveDerivationAndEachOther(ConvCases.Case c) {
        ConvCore vector = ConvCore.fastest();
        assertInstanceOf(VectorConvCore.class, vector, "the tests run with jdk.incubator.vector");
        Tensor v1 = fast(c, vector, 1);
        Naive.assertClose(c.expected(), v1, 1e-5);
        Tensor v2 = fast(c, vector, 2);
        Tensor s1 = fast(c, new ScalarConvCore(), 1);
        Tensor s2 = fast(c, new ScalarConvCore(), 2);
        assertEquals(c.expected().shape(), s1.shape());
        assertArrayEquals(v1.data(), v2.data(), "1 and 2 threads");
        assertArrayEquals(v1.data(), s1.data(), "vector and scalar cores");
        assertArrayEquals(s1.data(), s2.data(), "scalar, 1 and 2 threads");
    }
}
