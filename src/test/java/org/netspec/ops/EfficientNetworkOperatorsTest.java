package org.netspec.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shapes, counts and receptive-field maps of the operators issue 14 adds for current efficient networks, derived by hand. */
class EfficientNetworkOperatorsTest {
    private static final Shape MAP = Shape.nchw(1, 64, 56, 56);
    /** 2 images, 8 channels, 5 x 7: 560 elements, 70 positions, 16 planes. */
    private static final Shape SMALL = Shape.nchw(2, 8, 5, 7);

    @Test
    void newActivationsCountTheirFormulaPerElement() {
        // silu: sigmoid (negate, exp, add, divide) and multiply: 5; gelu: divide, erf, add, multiply,
        // multiply: 5; mish: softplus (exp, add, log) 3, tanh 5, multiply: 9; hardtanh max, min: 2;
        // leaky_relu compare, multiply: 2; elu compare, exp, subtract, multiply: 4
        Map<String, Long> opsPerElement = Map.of("silu", 5L, "gelu", 5L, "mish", 9L, "hardtanh", 2L, "leaky_relu", 2L,
                "elu", 4L);
        opsPerElement.forEach((name, ops) -> {
            SpecNode act = SpecNode.of(name);
            assertEquals(MAP, act.shape(MAP), name);
            Cost c = act.cost(MAP);
            assertEquals(ops * 64 * 56 * 56, c.ops(), name);
            assertEquals(0, c.params(), name);
            assertEquals(0, c.buffers(), name);
            assertEquals(0, c.macs(), name);
            assertEquals(Category.ACTIVATION, act.op.category(), name);
            assertEquals(AxisMap.IDENTITY, act.op.axisMap(act.attributes, List.of(MAP), MAP, 0, true), name);
        });
    }

    @Test
    void hardtanhNeedsItsBoundsInOrder() {
        assertEquals(MAP, SpecNode.of("hardtanh", Map.of("min", 0.0, "max", 6.0)).shape(MAP));
        SpecNode.failsOn("max", () -> SpecNode.of("hardtanh", Map.of("min", 1.0, "max", 1.0)).shape(MAP));
        SpecNode.failsOn("max", () -> SpecNode.of("hardtanh", Map.of("min", 2.0)).shape(MAP));
        SpecNode.failsOn("negative_slope", () -> SpecNode.of("leaky_relu", Map.of("negative_slope", "steep")));
    }

    @Test
    void layerNormNormalisesEachPositionOverItsChannels() {
        SpecNode ln = SpecNode.of("layernorm");
        assertEquals(SMALL, ln.shape(SMALL));
        Cost c = ln.cost(SMALL);
        // weight and bias per channel; 8 ops per element and 2 per position (2 images x 35)
        assertEquals(2 * 8, c.params());
        assertEquals(0, c.buffers());
        assertEquals(8 * 560 + 2 * 70, c.ops());
        assertEquals(0, c.macs());
        // on [N, F]: one set per row
        assertEquals(8 * 2 * 10 + 2 * 2, ln.cost(Shape.of(2, 10)).ops());
        assertEquals(AxisMap.IDENTITY, ln.op.axisMap(ln.attributes, List.of(SMALL), SMALL, 0, false));
        assertEquals(new ChannelFlow.Grouped(1), ln.op.channelFlow(ln.attributes, List.of(SMALL), SMALL));
        SpecNode.failsOn("eps", () -> SpecNode.of("layernorm", Map.of("eps", 0.0)).shape(SMALL));
        assertThrows(OperatorException.class, () -> ln.shape(Shape.of(8)));
    }

    @Test
    void groupNormNormalisesGroupsOfChannelsOverTheirPlanes() {
        SpecNode gn = SpecNode.of("groupnorm", Map.of("groups", 4L));
        assertEquals(SMALL, gn.shape(SMALL));
        Cost c = gn.cost(SMALL);
        // weight and bias per channel; 8 ops per element and 2 per group of each image (2 x 4)
        assertEquals(2 * 8, c.params());
        assertEquals(0, c.buffers());
        assertEquals(8 * 560 + 2 * 8, c.ops());
        assertEquals(AxisMap.GLOBAL, gn.op.axisMap(gn.attributes, List.of(SMALL), SMALL, 0, true));
        assertEquals(new ChannelFlow.Grouped(4), gn.op.channelFlow(gn.attributes, List.of(SMALL), SMALL));
        OperatorException e = SpecNode.failsOn("groups", () -> SpecNode.of("groupnorm", Map.of("groups", 3L)).shape(SMALL));
        assertTrue(e.getMessage().contains("not divisible by groups 3"), e.getMessage());
        SpecNode.failsOn("groups", () -> SpecNode.of("groupnorm", Map.of("groups", 0L)));
        assertThrows(OperatorException.class, () -> SpecNode.of("groupnorm"));
    }

    @Test
    void instanceNormIsWithoutAffineByDefaultAsInPyTorch() {
        SpecNode plain = SpecNode.of("instancenorm");
        Cost c = plain.cost(SMALL);
        // no params; 6 ops per element and 2 per plane (2 x 8)
        assertEquals(0, c.params());
        assertEquals(6 * 560 + 2 * 16, c.ops());
        assertEquals(List.of(), plain.op.weights(plain.attributes, List.of(SMALL)));
        Cost affine = SpecNode.of("instancenorm", Map.of("affine", true)).cost(SMALL);
        assertEquals(2 * 8, affine.params());
        assertEquals(8 * 560 + 2 * 16, affine.ops());
        assertEquals(AxisMap.GLOBAL, plain.op.axisMap(plain.attributes, List.of(SMALL), SMALL, 0, false));
        assertEquals(ChannelFlow.PER_CHANNEL, plain.op.channelFlow(plain.attributes, List.of(SMALL), SMALL));
        assertThrows(OperatorException.class, () -> plain.shape(Shape.of(2, 8)));
    }

    @Test
    void maxPoolsCompareEveryValueButTheFirstOfEachBin() {
        SpecNode adaptive = SpecNode.of("adaptive_maxpool", Map.of("size", List.of(3L, 2L)));
        Shape in = Shape.nchw(1, 2, 7, 4);
        assertEquals(Shape.nchw(1, 2, 3, 2), adaptive.shape(in));
        // rows: PyTorch's bins [0,3), [2,5), [4,7) read 9 rows; columns [0,2), [2,4) read 4:
        // 2 channels x 9 x 4 = 72 values in 12 bins, 72 - 12 comparisons
        assertEquals(72 - 12, adaptive.cost(in).ops());
        SpecNode.failsOn("size", () -> SpecNode.of("adaptive_maxpool", Map.of("size", 0L)));
        SpecNode global = SpecNode.of("global_maxpool");
        Shape planes = Shape.nchw(2, 3, 5, 4);
        assertEquals(Shape.nchw(2, 3, 1, 1), global.shape(planes));
        // 6 planes of 20 values: 19 comparisons each
        assertEquals(6 * 19, global.cost(planes).ops());
        assertEquals(0, global.cost(planes).params());
        assertEquals(Category.POOLING, global.op.category());
        assertEquals(AxisMap.GLOBAL, global.op.axisMap(global.attributes, List.of(planes), Shape.nchw(2, 3, 1, 1), 0, true));
    }

    @Test
    void pixelShuffleMovesChannelsToSpaceAndBack() {
        SpecNode shuffle = SpecNode.of("pixel_shuffle", Map.of("factor", 2L));
        Shape deep = Shape.nchw(1, 12, 5, 7);
        Shape wide = Shape.nchw(1, 3, 10, 14);
        assertEquals(wide, shuffle.shape(deep));
        assertEquals(Cost.FREE, shuffle.cost(deep));
        SpecNode unshuffle = SpecNode.of("pixel_unshuffle", Map.of("factor", 2L));
        assertEquals(deep, unshuffle.shape(wide));
        assertEquals(Cost.FREE, unshuffle.cost(wide));
        assertTrue(SpecNode.failsOn("factor", () -> shuffle.shape(Shape.nchw(1, 10, 5, 7))).getMessage()
                .contains("channels 10 are not divisible by factor * factor = 4"));
        SpecNode.failsOn("factor", () -> unshuffle.shape(Shape.nchw(1, 3, 9, 14)));
        SpecNode.failsOn("factor", () -> SpecNode.of("pixel_shuffle", Map.of("factor", 0L)));
        // shuffle: output rows 2m and 2m + 1 both read input row m
        AxisMap up = shuffle.op.axisMap(shuffle.attributes, List.of(deep), wide, 0, true);
        assertEquals(2, up.period());
        assertEquals(1, up.advance());
        assertArrayEquals(new long[] {0}, up.taps(0));
        assertArrayEquals(new long[] {0}, up.taps(1));
        // unshuffle: output row m reads input rows 2m and 2m + 1 (one in each channel)
        AxisMap down = unshuffle.op.axisMap(unshuffle.attributes, List.of(wide), deep, 0, false);
        assertEquals(1, down.period());
        assertEquals(2, down.advance());
        assertArrayEquals(new long[] {0, 1}, down.taps(0));
        assertEquals(new ChannelFlow.Grouped(3), shuffle.op.channelFlow(shuffle.attributes, List.of(deep), wide));
        assertEquals(new ChannelFlow.Grouped(3), unshuffle.op.channelFlow(unshuffle.attributes, List.of(wide), deep));
    }

    @Test
    void sumAddsInputsOfOneShapeOnly() {
        SpecNode sum = SpecNode.of("sum");
        Shape s = Shape.nchw(1, 4, 5, 5);
        assertEquals(s, sum.shape(s, s, s));
        // 3 inputs: 2 adds per output element
        assertEquals(2 * 100, sum.cost(s, s, s).ops());
        OperatorException e = assertThrows(OperatorException.class, () -> sum.shape(s, Shape.nchw(1, 1, 5, 5)));
        assertTrue(e.getMessage().contains("`sum` adds inputs of one shape"), e.getMessage());
        assertEquals(2, sum.op.minInputs());
        assertEquals(Category.ELEMENT_WISE, sum.op.category());
    }
}
