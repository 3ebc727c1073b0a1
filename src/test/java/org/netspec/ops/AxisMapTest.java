package org.netspec.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;

/** Each operator's index map along an axis: the table of receptive-field-and-gridding.md section 1. */
class AxisMapTest {
    private static AxisMap map(SpecNode node, boolean heightAxis, int port, Shape... inputs) {
        Shape out = node.shape(inputs);
        return node.op.axisMap(node.attributes, List.of(inputs), out, port, heightAxis);
    }

    private static AxisMap map(SpecNode node, Shape... inputs) {
        return map(node, true, 0, inputs);
    }

    private static long[][] taps(AxisMap m) {
        long[][] t = new long[m.period()][];
        for (int phi = 0; phi < m.period(); phi++) {
            t[phi] = m.taps(phi);
        }
        return t;
    }

    private static final Shape X = Shape.nchw(1, 8, 16, 16);

    @Test
    void convolutionReadsDilatedTapsFromItsStrideMinusTheLeftPadding() {
        // x(y, t) = s*y - p + d*t: 3x3, s 2, p 1 reads 2y-1, 2y, 2y+1
        AxisMap m = map(SpecNode.of("conv", Map.of("out", 8L, "kernel", 3L, "stride", 2L, "padding", 1L)), X);
        assertEquals(1, m.period());
        assertEquals(2, m.advance());
        assertArrayEquals(new long[][] {{-1, 0, 1}}, taps(m));
        // dilation 2 with `same` padding d*(k-1)/2 = 2: taps -2, 0, 2, which skip positions
        AxisMap d = map(SpecNode.of("conv", Map.of("out", 8L, "kernel", 3L, "dilation", 2L, "padding", "same")), X);
        assertArrayEquals(new long[][] {{-2, 0, 2}}, taps(d));
        assertTrue(d.skipsPositions());
        assertFalse(m.skipsPositions());
    }

    @Test
    void asymmetricKernelsHaveOneMapPerAxis() {
        // ENet's 5x1: kernel [5, 1], padding [2, 0]: five taps on H, one on W
        SpecNode c = SpecNode.of("conv", Map.of("out", 8L, "kernel", List.of(5L, 1L), "padding", List.of(2L, 0L)));
        assertArrayEquals(new long[][] {{-2, -1, 0, 1, 2}}, taps(map(c, true, 0, X)));
        assertTrue(map(c, false, 0, X).isIdentity());
    }

    @Test
    void transposedConvolutionPhasesFollowTheNotesTable() {
        // k 3, s 2, p 1: phase 0 reads (0 + 1 - 1)/2 = 0; phase 1 reads (1 + 1 - 0)/2 = 1 and (1 + 1 - 2)/2 = 0
        SpecNode up = SpecNode.of("conv_transpose",
                Map.of("out", 8L, "kernel", 3L, "stride", 2L, "padding", 1L, "output_padding", 1L));
        AxisMap m = map(up, X);
        assertEquals(2, m.period());
        assertEquals(1, m.advance());
        assertArrayEquals(new long[][] {{0}, {0, 1}}, taps(m));
        // k 1, s 2: odd outputs read nothing, a true checkerboard
        assertArrayEquals(new long[][] {{0}, {}},
                taps(map(SpecNode.of("conv_transpose", Map.of("out", 8L, "kernel", 1L, "stride", 2L)), X)));
        // k 2, s 2 (ESPNet's decoder): each output reads one input, floor(y / 2)
        assertArrayEquals(new long[][] {{0}, {0}},
                taps(map(SpecNode.of("conv_transpose", Map.of("out", 8L, "kernel", 2L, "stride", 2L)), X)));
    }

    @Test
    void maxUnpoolingScattersLikeNearestUpSamplingAndReadsNoIndices() {
        SpecNode unpool = SpecNode.of("max_unpool", Map.of("kernel", 2L, "stride", 2L));
        Shape pooled = Shape.nchw(1, 8, 8, 8);
        assertArrayEquals(new long[][] {{0}, {0}}, taps(map(unpool, true, 0, pooled, pooled)));
        assertEquals(AxisMap.Kind.UNREAD, map(unpool, true, 1, pooled, pooled).kind());
    }

    @Test
    void nearestAndBilinearUpSampling() {
        // nearest x2: src = floor(y / 2)
        AxisMap nearest = map(SpecNode.of("upsample", Map.of("scale", 2.0)), X);
        assertArrayEquals(new long[][] {{0}, {0}}, taps(nearest));
        assertEquals(new BigFraction(1, 2), nearest.stride());
        // bilinear x2 half-pixel: src = (2 phi + 1)/4 - 1/2 = -1/4 and 1/4
        AxisMap half = map(SpecNode.of("upsample", Map.of("scale", 2.0, "mode", "bilinear")), X);
        assertArrayEquals(new long[][] {{-1, 0}, {0, 1}}, taps(half));
        // bilinear x3: the middle phase lands on an input position, (2*1 + 1)/6 - 1/2 = 0
        AxisMap three = map(SpecNode.of("upsample", Map.of("scale", 3.0, "mode", "bilinear")), X);
        assertArrayEquals(new long[][] {{-1, 0}, {0}, {0, 1}}, taps(three));
    }

    @Test
    void aScaleWithoutAShortPeriodIsTabulatedOverTheWholeOutput() {
        // 1.7 is not a short binary fraction: 1/1.7 has a huge denominator, so the table covers the
        // 17 outputs of a 10-row input, read with advance 10; floor(16 / 1.7) = 9, floor(3 / 1.7) = 1
        AxisMap m = map(SpecNode.of("upsample", Map.of("scale", 1.7)), Shape.nchw(1, 8, 10, 10));
        assertEquals(17, m.period());
        assertEquals(10, m.advance());
        assertArrayEquals(new long[] {9}, m.taps(16));
        assertArrayEquals(new long[] {1}, m.taps(3));
    }

    @Test
    void alignCornersResizeHasTheSizeDependentPeriod() {
        // 5 -> 9: src = y * 4/8 = y/2, period (9-1)/gcd(4, 8) = 2, advance 4/4 = 1
        SpecNode up = SpecNode.of("upsample", Map.of("size", 9L, "mode", "bilinear", "align_corners", true));
        AxisMap m = map(up, Shape.nchw(1, 8, 5, 5));
        assertEquals(2, m.period());
        assertEquals(1, m.advance());
        assertArrayEquals(new long[][] {{0}, {0, 1}}, taps(m));
        // 2 -> 32 (Fast-SCNN's PPM bin 2 at 1/32): g = gcd(1, 31) = 1, period 31
        AxisMap ppm = map(SpecNode.of("upsample", Map.of("size", 32L, "mode", "bilinear", "align_corners", true)),
                Shape.nchw(1, 8, 2, 2));
        assertEquals(31, ppm.period());
        assertEquals(1, ppm.advance());
        // a one-pixel input is read by every output: advance 0
        AxisMap one = map(SpecNode.of("upsample", Map.of("size", 7L, "mode", "bilinear", "align_corners", true)),
                Shape.nchw(1, 8, 1, 1));
        assertEquals(0, one.advance());
        assertArrayEquals(new long[][] {{0}}, taps(one));
    }

    @Test
    void adaptivePoolingReadsPyTorchsBins() {
        // 3 bins over 8: [0, 3), [2, 6), [5, 8) (floor(i*8/3), ceil((i+1)*8/3))
        AxisMap m = map(SpecNode.of("adaptive_avgpool", Map.of("size", 3L)), Shape.nchw(1, 8, 8, 8));
        assertEquals(3, m.period());
        assertEquals(8, m.advance());
        assertArrayEquals(new long[][] {{0, 1, 2}, {2, 3, 4, 5}, {5, 6, 7}}, taps(m));
        // 2 bins over 8 divide evenly: period 1, four taps, advance 4
        AxisMap even = map(SpecNode.of("adaptive_avgpool", Map.of("size", 2L)), Shape.nchw(1, 8, 8, 8));
        assertArrayEquals(new long[][] {{0, 1, 2, 3}}, taps(even));
        assertEquals(4, even.advance());
        // one bin is the whole axis
        assertEquals(AxisMap.Kind.GLOBAL, map(SpecNode.of("adaptive_avgpool", Map.of("size", 1L)), X).kind());
    }

    @Test
    void globalAndIdentityOperators() {
        assertEquals(AxisMap.Kind.GLOBAL, map(SpecNode.of("global_avgpool"), X).kind());
        assertEquals(AxisMap.Kind.GLOBAL, map(SpecNode.of("flatten"), X).kind());
        for (String op : List.of("batchnorm", "relu", "prelu", "dropout", "spatial_dropout", "identity", "softmax")) {
            assertTrue(map(SpecNode.of(op), X).isIdentity(), op);
        }
        // a second input only lends its size
        SpecNode up = SpecNode.of("upsample", Map.of("mode", "bilinear"));
        assertEquals(AxisMap.Kind.UNREAD, map(up, true, 1, Shape.nchw(1, 8, 4, 4), X).kind());
        // spatial padding moves the map by the rows added on top: y reads y - 2
        AxisMap pad = map(SpecNode.of("pad", Map.of("spatial", List.of(2L, 0L, 1L, 0L))), X);
        assertArrayEquals(new long[][] {{-2}}, taps(pad));
    }

    @Test
    void broadcastInputsAreReadAtTheirOnePosition() {
        SpecNode mul = SpecNode.of("mul");
        Shape gate = Shape.nchw(1, 8, 1, 1);
        AxisMap m = map(mul, true, 1, X, gate);
        assertEquals(0, m.advance());
        assertArrayEquals(new long[][] {{0}}, taps(m));
        assertTrue(map(mul, true, 0, X, gate).isIdentity());
    }

    @Test
    void channelFlows() {
        Shape in = Shape.nchw(1, 12, 8, 8);
        SpecNode dw = SpecNode.of("conv", Map.of("out", 12L, "kernel", 3L, "groups", 12L));
        assertEquals(new ChannelFlow.Grouped(12), dw.op.channelFlow(dw.attributes, List.of(in), dw.shape(in)));
        SpecNode split = SpecNode.of("split", Map.of("sizes", List.of(4L, 8L), "index", 1L));
        assertEquals(new ChannelFlow.Selected(4, 8), split.op.channelFlow(split.attributes, List.of(in), split.shape(in)));
        // torch.chunk(12 channels, 5): chunks of ceil(12/5) = 3, the third starts at 6
        SpecNode chunk = SpecNode.of("chunk", Map.of("chunks", 5L, "index", 2L));
        assertEquals(new ChannelFlow.Selected(6, 3), chunk.op.channelFlow(chunk.attributes, List.of(in), chunk.shape(in)));
        SpecNode pad = SpecNode.of("pad", Map.of("channels", 4L));
        assertEquals(new ChannelFlow.ZeroExtended(4), pad.op.channelFlow(pad.attributes, List.of(in), pad.shape(in)));
        SpecNode cat = SpecNode.of("concat");
        assertEquals(ChannelFlow.CONCATENATED, cat.op.channelFlow(cat.attributes, List.of(in, in), cat.shape(in, in)));
    }
}
