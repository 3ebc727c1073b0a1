package org.netspec.ops;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netspec.ops.SpecNode.failsOn;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PoolingTest {
    @Test
    void maxPoolStrideDefaultsToTheKernel() {
        SpecNode pool = SpecNode.of("maxpool", Map.of("kernel", 2L));
        Shape in = Shape.nchw(1, 16, 56, 56);
        // floor((56 - 2) / 2) + 1 = 28
        assertEquals(Shape.nchw(1, 16, 28, 28), pool.shape(in));
        // every window reads 2*2 values inside: 3 comparisons per output, 16*28*28*3
        Cost c = pool.cost(in);
        assertEquals(16L * 28 * 28 * 3, c.ops());
        assertEquals(0, c.params());
        assertEquals(0, c.macs());
    }

    @Test
    void maxPoolCountsOnlyTapsInsideTheInputAtPaddedBorders() {
        SpecNode pool = SpecNode.of("maxpool", Map.of("kernel", 3L, "stride", 2L, "padding", 1L));
        Shape in = Shape.nchw(1, 1, 5, 5);
        // floor((5 + 2 - 3) / 2) + 1 = 3
        assertEquals(Shape.nchw(1, 1, 3, 3), pool.shape(in));
        // per axis windows start at -1, 1, 3: taps inside {0,1}, {1,2,3}, {3,4} = 2 + 3 + 2 = 7
        // values read 7*7 = 49 over 3*3 = 9 outputs: 49 - 9 comparisons
        assertEquals(7L * 7 - 9, pool.cost(in).ops());
    }

    @Test
    void maxPoolCeilModeAddsAPartialWindow() {
        Shape in = Shape.nchw(1, 1, 6, 6);
        SpecNode floor = SpecNode.of("maxpool", Map.of("kernel", 3L, "stride", 2L, "padding", 1L));
        SpecNode ceil = SpecNode.of("maxpool", Map.of("kernel", 3L, "stride", 2L, "padding", 1L, "ceil_mode", true));
        // floor((6 + 2 - 3) / 2) + 1 = 3; ceil(5 / 2) + 1 = 4, the last window starts at 5 < 6 + 1
        assertEquals(Shape.nchw(1, 1, 3, 3), floor.shape(in));
        assertEquals(Shape.nchw(1, 1, 4, 4), ceil.shape(in));
        // windows start -1, 1, 3, 5: inside {0,1}, {1,2,3}, {3,4,5}, {5} = 2 + 3 + 3 + 1 = 9
        assertEquals(9L * 9 - 16, ceil.cost(in).ops());
        // floor mode keeps the first three: 2 + 3 + 3 = 8
        assertEquals(8L * 8 - 9, floor.cost(in).ops());
    }

    @Test
    void maxPoolCeilModeWithAStrideNearTheLimitOfSixtyFourBitsKeepsOneWindow() {
        Shape in = Shape.nchw(1, 1, 8, 8);
        SpecNode ceil = SpecNode.of("maxpool", Map.of("kernel", 3L, "stride", Long.MAX_VALUE, "ceil_mode", true));
        // ceil((8 - 3) / (2^63 - 1)) + 1 = 2, but window 2 would start at 2^63 - 1, past the input: 1
        assertEquals(Shape.nchw(1, 1, 1, 1), ceil.shape(in));
    }

    @Test
    void slidingWindowSizesBeyondSixtyFourBitsNameTheAttribute() {
        Shape in = Shape.nchw(1, 1, 8, 8);
        failsOn("dilation", () -> SpecNode.of("maxpool", Map.of("kernel", 3L, "dilation", Long.MAX_VALUE / 2 + 1)).shape(in));
        failsOn("padding", () -> SpecNode.of("conv", Map.of("out", 1L, "kernel", 3L, "padding", Long.MAX_VALUE / 2)).shape(in));
        failsOn("stride", () -> SpecNode.of("conv_transpose", Map.of("out", 1L, "kernel", 3L, "stride", Long.MAX_VALUE / 4))
                .shape(in));
        failsOn("kernel", () -> SpecNode.of("conv_transpose", Map.of("out", 1L, "kernel", Long.MAX_VALUE)).shape(in));
    }

    @Test
    void maxPoolCeilModeDropsAWindowStartingInThePadding() {
        Shape in = Shape.nchw(1, 1, 5, 5);
        SpecNode ceil = SpecNode.of("maxpool", Map.of("kernel", 2L, "padding", 1L, "ceil_mode", true));
        // ceil((5 + 2 - 2) / 2) + 1 = 4, but window 4 would start at 3*2 - 1 = 5, past the input: 3
        assertEquals(Shape.nchw(1, 1, 3, 3), ceil.shape(in));
        // windows start -1, 1, 3: inside {0}, {1,2}, {3,4} = 1 + 2 + 2 = 5
        assertEquals(5L * 5 - 9, ceil.cost(in).ops());

        SpecNode unpadded = SpecNode.of("maxpool", Map.of("kernel", 2L, "ceil_mode", true));
        // ceil((5 - 2) / 2) + 1 = 3; windows start 0, 2, 4: 2 + 2 + 1 = 5
        assertEquals(Shape.nchw(1, 1, 3, 3), unpadded.shape(in));
        assertEquals(5L * 5 - 9, unpadded.cost(in).ops());
    }

    @Test
    void maxPoolWithDilation() {
        Shape in = Shape.nchw(2, 3, 7, 7);
        SpecNode pool = SpecNode.of("maxpool", Map.of("kernel", 3L, "stride", 1L, "padding", 1L, "dilation", 2L));
        // extent 2*(3-1)+1 = 5: 7 + 2 - 5 + 1 = 5
        assertEquals(Shape.nchw(2, 3, 5, 5), pool.shape(in));
        // windows start -1..3, taps y-1, y+1, y+3 inside [0,7): 2 + 3 + 3 + 3 + 2 = 13
        // N*C*13*13 values read, N*C*5*5 outputs
        assertEquals(2L * 3 * 13 * 13 - 2L * 3 * 5 * 5, pool.cost(in).ops());
    }

    @Test
    void asymmetricMaxPoolWorksPerAxis() {
        Shape in = Shape.nchw(1, 4, 8, 9);
        SpecNode pool = SpecNode.of("maxpool", Map.of("kernel", List.of(2L, 3L), "stride", List.of(2L, 1L)));
        // H: floor((8 - 2) / 2) + 1 = 4; W: 9 - 3 + 1 = 7
        assertEquals(Shape.nchw(1, 4, 4, 7), pool.shape(in));
        // taps per window 2*3 = 6, all inside: 5 comparisons per output
        assertEquals(4L * 4 * 7 * 5, pool.cost(in).ops());
    }

    @Test
    void poolingPaddingIsAtMostHalfTheKernel() {
        Shape in = Shape.nchw(1, 1, 8, 8);
        failsOn("padding", () -> SpecNode.of("maxpool", Map.of("kernel", 3L, "padding", 2L)).shape(in));
        failsOn("padding", () -> SpecNode.of("maxpool", Map.of("kernel", List.of(3L, 2L), "padding", List.of(0L, 2L)))
                .shape(in));
        failsOn("padding", () -> SpecNode.of("avgpool", Map.of("kernel", 2L, "padding", 2L)).shape(in));
        // 3/2 = 1 on H and 2/2 = 1 on W are allowed
        assertDoesNotThrow(() -> SpecNode.of("maxpool", Map.of("kernel", List.of(3L, 2L), "padding", 1L)).shape(in));
    }

    @Test
    void poolKernelLargerThanTheInputIsAnError() {
        failsOn("kernel", () -> SpecNode.of("maxpool", Map.of("kernel", 5L)).shape(Shape.nchw(1, 1, 4, 4)));
    }

    @Test
    void avgPoolCountsPaddingOnlyWhenAskedTo() {
        Shape in = Shape.nchw(1, 1, 5, 5);
        SpecNode include = SpecNode.of("avgpool", Map.of("kernel", 3L, "stride", 2L, "padding", 1L));
        SpecNode exclude = SpecNode.of("avgpool",
                Map.of("kernel", 3L, "stride", 2L, "padding", 1L, "count_include_pad", false));
        // floor((5 + 2 - 3) / 2) + 1 = 3
        assertEquals(Shape.nchw(1, 1, 3, 3), include.shape(in));
        // with padding every window holds 3*3 values: 3*3 outputs * 9
        assertEquals(9L * 9, include.cost(in).ops());
        // without: inside taps per axis 2 + 3 + 2 = 7, so 7*7
        assertEquals(7L * 7, exclude.cost(in).ops());
    }

    @Test
    void avgPoolCeilModeWindowPastThePaddingCountsOnlyUpToIt() {
        Shape in = Shape.nchw(1, 2, 6, 6);
        SpecNode include = SpecNode.of("avgpool", Map.of("kernel", 3L, "stride", 2L, "padding", 1L, "ceil_mode", true));
        SpecNode exclude = SpecNode.of("avgpool",
                Map.of("kernel", 3L, "stride", 2L, "padding", 1L, "ceil_mode", true, "count_include_pad", false));
        // ceil((6 + 2 - 3) / 2) + 1 = 4
        assertEquals(Shape.nchw(1, 2, 4, 4), include.shape(in));
        // windows over [-1, 7): {-1,0,1}, {1,2,3}, {3,4,5}, {5,6} (7 is beyond the padding) = 3 + 3 + 3 + 2 = 11
        assertEquals(2L * 11 * 11, include.cost(in).ops());
        // inside the input: {0,1}, {1,2,3}, {3,4,5}, {5} = 2 + 3 + 3 + 1 = 9
        assertEquals(2L * 9 * 9, exclude.cost(in).ops());
    }

    @Test
    void avgPoolStrideDefaultsToTheKernel() {
        Shape in = Shape.nchw(1, 16, 56, 56);
        SpecNode pool = SpecNode.of("avgpool", Map.of("kernel", 2L));
        assertEquals(Shape.nchw(1, 16, 28, 28), pool.shape(in));
        // 4 values per output: 3 adds and a divide
        assertEquals(16L * 28 * 28 * 4, pool.cost(in).ops());
    }

    @Test
    void adaptiveAvgPoolUsesPyTorchsOverlappingBins() {
        Shape in = Shape.nchw(1, 2, 7, 7);
        SpecNode pool = SpecNode.of("adaptive_avgpool", Map.of("size", 3L));
        assertEquals(Shape.nchw(1, 2, 3, 3), pool.shape(in));
        // n=7, b=3: [0, ceil(7/3)=3), [floor(7/3)=2, ceil(14/3)=5), [floor(14/3)=4, 7): 3 + 3 + 3 = 9
        assertEquals(9, AdaptivePool.binLengths(7, 3));
        assertEquals(2L * 9 * 9, pool.cost(in).ops());
    }

    @Test
    void adaptiveAvgPoolPerAxisAndLargerThanTheInput() {
        // n=10, b=4: [0,3), [2,5), [5,8), [7,10) = 3 + 3 + 3 + 3 = 12
        assertEquals(12, AdaptivePool.binLengths(10, 4));
        // n=2, b=3: [0,1), [0,2), [1,2) = 1 + 2 + 1 = 4
        assertEquals(4, AdaptivePool.binLengths(2, 3));
        SpecNode pool = SpecNode.of("adaptive_avgpool", Map.of("size", List.of(3L, 4L)));
        Shape in = Shape.nchw(1, 5, 7, 10);
        assertEquals(Shape.nchw(1, 5, 3, 4), pool.shape(in));
        assertEquals(5L * 9 * 12, pool.cost(in).ops());
        // one bin covers everything: 1x1 costs what a global pool costs, 5*7*10
        assertEquals(5L * 7 * 10, SpecNode.of("adaptive_avgpool", Map.of("size", 1L)).cost(in).ops());
    }

    @Test
    void globalAvgPoolReadsEveryValueOnce() {
        SpecNode pool = SpecNode.of("global_avgpool");
        Shape in = Shape.nchw(2, 64, 7, 7);
        assertEquals(Shape.nchw(2, 64, 1, 1), pool.shape(in));
        // 7*7 - 1 adds and 1 divide per channel: 2*64*7*7
        assertEquals(2L * 64 * 7 * 7, pool.cost(in).ops());
        assertThrows(OperatorException.class, () -> pool.shape(Shape.of(2, 64)));
    }

    @Test
    void maxUnpoolInvertsTheMaxPool() {
        SpecNode unpool = SpecNode.of("max_unpool", Map.of("kernel", 2L));
        Shape values = Shape.nchw(1, 16, 28, 28);
        // (28 - 1)*2 - 0 + 2 = 56
        assertEquals(Shape.nchw(1, 16, 56, 56), unpool.shape(values, values));
        assertEquals(Cost.FREE, unpool.cost(values, values));
        SpecNode padded = SpecNode.of("max_unpool", Map.of("kernel", 3L, "stride", 2L, "padding", 1L));
        // (28 - 1)*2 - 2*1 + 3 = 55
        assertEquals(Shape.nchw(1, 16, 55, 55), padded.shape(values, values));
    }

    @Test
    void maxUnpoolValuesMustMatchThePoolOutput() {
        SpecNode unpool = SpecNode.of("max_unpool", Map.of("kernel", 2L));
        assertThrows(OperatorException.class,
                () -> unpool.shape(Shape.nchw(1, 16, 28, 28), Shape.nchw(1, 32, 28, 28)));
        // (1 - 1)*1 - 2*1 + 1 = -1
        failsOn("padding", () -> SpecNode.of("max_unpool", Map.of("kernel", 1L, "padding", 1L))
                .shape(Shape.nchw(1, 1, 1, 1), Shape.nchw(1, 1, 1, 1)));
    }

    @Test
    void maxUnpoolReadsAMaxPoolWithIndices() {
        SpecNode unpool = SpecNode.of("max_unpool", Map.of("kernel", 2L));
        SpecNode values = SpecNode.of("conv", Map.of("out", 16L, "kernel", 1L));
        SpecNode withIndices = SpecNode.of("maxpool", Map.of("kernel", 2L, "indices", true));
        SpecNode without = SpecNode.of("maxpool", Map.of("kernel", 2L));
        SpecNode conv = SpecNode.of("conv", Map.of("out", 16L, "kernel", 2L, "stride", 2L));

        assertDoesNotThrow(() -> unpool.op.checkSources(unpool.attributes, List.of(source(values), source(withIndices))));
        OperatorException noIndices = assertThrows(OperatorException.class,
                () -> unpool.op.checkSources(unpool.attributes, List.of(source(values), source(without))));
        assertTrue(noIndices.getMessage().contains("indices: true"), noIndices.getMessage());
        OperatorException notPool = assertThrows(OperatorException.class,
                () -> unpool.op.checkSources(unpool.attributes, List.of(source(values), source(conv))));
        assertTrue(notPool.getMessage().contains("`maxpool`"), notPool.getMessage());
    }

    private static Operator.Source source(SpecNode node) {
        return new Operator.Source(node.op, node.attributes);
    }
}
