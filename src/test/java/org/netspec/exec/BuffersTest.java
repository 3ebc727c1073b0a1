package org.netspec.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netspec.kernels.Naive;
import org.netspec.ops.Attributes;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/** Arrays reused within a run: what comes back, what is kept, and kernels that overwrite old values in full. */
class BuffersTest {
    @Test
    void anArrayGivenBackIsTakenAgain() {
        Buffers buffers = new Buffers(1 << 20);
        buffers.expect(100);
        float[] a = buffers.take(100);
        buffers.give(a);
        assertSame(a, buffers.take(100));
        assertNotSame(a, buffers.take(100), "an array is handed out once until it comes back");
    }

    @Test
    void aNewArrayDropsTheFreeOnes() {
        // the collector never moves large arrays, so free ones kept could leave no room for a new one
        Buffers buffers = new Buffers(1 << 20);
        buffers.expect(100);
        float[] a = buffers.take(100);
        buffers.give(a);
        assertNotSame(a, buffers.take(99), "an array of another length is a new one");
        assertNotSame(a, buffers.take(100), "and the free ones were dropped to make room for it");
    }

    @Test
    void anArrayIsKeptOnlyForANodeStillToRun() {
        Buffers buffers = new Buffers(1 << 20);
        float[] unwanted = buffers.take(100);
        buffers.give(unwanted);
        assertNotSame(unwanted, buffers.take(100), "no node expects 100 floats");
        buffers.expect(100);
        buffers.expect(100);
        buffers.nodeDone(100);
        float[] a = buffers.take(100);
        float[] b = buffers.take(100);
        buffers.give(a);
        buffers.give(b);
        assertSame(a, buffers.take(100));
        assertNotSame(b, buffers.take(100), "one node is left to use one array");
    }

    @Test
    void arraysItDidNotHandOutAreNeverReused() {
        Buffers buffers = new Buffers(1 << 20);
        buffers.expect(100);
        float[] input = new float[100];
        buffers.give(input);
        assertNotSame(input, buffers.take(100));
        float[] a = buffers.take(100);
        buffers.give(a);
        buffers.give(a);
        assertSame(a, buffers.take(100));
        assertNotSame(a, buffers.take(100), "an array given back twice is kept once");
    }

    @Test
    void freeArraysStayWithinTheCapacity() {
        // 1000 bytes hold two arrays of 100 floats (400 bytes each), not three
        Buffers buffers = new Buffers(1000);
        for (int i = 0; i < 3; i++) {
            buffers.expect(100);
        }
        float[] a = buffers.take(100);
        float[] b = buffers.take(100);
        float[] c = buffers.take(100);
        buffers.give(a);
        buffers.give(b);
        buffers.give(c);
        List<float[]> again = List.of(buffers.take(100), buffers.take(100), buffers.take(100));
        assertEquals(1, again.stream().filter(x -> x == a).count());
        assertEquals(1, again.stream().filter(x -> x == b).count());
        assertEquals(0, again.stream().filter(x -> x == c).count(), "the third was beyond the capacity");
    }

    @Test
    void workingCopiesAreKeptUntilTheNodeEnds() {
        Buffers buffers = new Buffers(0);
        float[] a = buffers.take(100);
        buffers.giveWorkingCopy(a);
        assertSame(a, buffers.take(100), "the kernel's next task takes it");
        buffers.giveWorkingCopy(a);
        buffers.nodeDone(7);
        assertNotSame(a, buffers.take(100), "dropped when the node is done");
    }

    /**
     * A convolution whose padded input and output reuse the arrays of a run on NaN: the first run,
     * unpadded on an input larger by the padding, fills the whole padded planes with NaN, so the
     * second must write its zero borders and every output element itself.
     */
    @ParameterizedTest(name = "{0} channels, groups {1}, stride {2}, padding {3}")
    @CsvSource({"3, 1, 1, 1", "3, 3, 1, 1", "4, 1, 2, 1", "4, 4, 2, 1", "6, 6, 1, 2", "5, 1, 1, 2"})
    void aConvolutionOverwritesReusedArraysInFull(int channels, int groups, int stride, int padding) {
        int h = 9;
        int w = 11;
        Buffers buffers = new Buffers(Long.MAX_VALUE);
        float[] weight = Naive.randomValues(1, channels * channels / groups * 9, -0.5f, 0.5f);
        float[] bias = Naive.randomValues(2, channels, -0.5f, 0.5f);
        Tensor x = Naive.random(3, 1, channels, h, w);
        float[] nan = new float[channels * (h + 2 * padding) * (w + 2 * padding)];
        Arrays.fill(nan, Float.NaN);
        Tensor poison = Tensor.of(Shape.nchw(1, channels, h + 2 * padding, w + 2 * padding), nan);
        try (Parallel parallel = new Parallel(2)) {
            ConvKernel kernel = new ConvKernel(ConvCore.fastest(), parallel, buffers, Epilogue.NONE);
            Tensor first = kernel.compute(attributes(channels, groups, stride, 0), List.of(poison), List.of(weight, bias));
            buffers.expect(first.data().length);
            buffers.give(first.data());
            Tensor y = kernel.compute(attributes(channels, groups, stride, padding), List.of(x), List.of(weight, bias));
            assertSame(first.data(), y.data(), "the output reuses the first run's");
            assertClose(Naive.conv(x, weight, bias, channels, 3, 3, stride, stride, padding, padding, padding,
                    padding, 1, 1, groups), y);
        }
    }

    /** Within 1e-5 of the largest expected value; a NaN left from the first run is never close. */
    private static void assertClose(Tensor expected, Tensor actual) {
        assertEquals(expected.shape(), actual.shape());
        for (int i = 0; i < expected.data().length; i++) {
            float e = expected.data()[i];
            float a = actual.data()[i];
            assertTrue(Math.abs(e - a) <= 1e-5 * Math.max(1, Math.abs(e)), "element " + i + ": " + e + " vs " + a);
        }
    }

    private static Attributes attributes(int out, int groups, int stride, int padding) {
        return Naive.attributes("conv", Map.of("out", (long) out, "kernel", 3L, "stride", (long) stride, "padding",
                (long) padding, "groups", (long) groups));
    }
}
