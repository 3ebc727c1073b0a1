package org.netspec.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.netspec.ops.SpecNode.failsOn;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvTest {
    private static final Shape MAP = Shape.nchw(1, 64, 56, 56);

    @Test
    void plainConvolutionCountsEveryProductAndBias() {
        SpecNode conv = SpecNode.of("conv", Map.of("out", 64L, "kernel", 3L, "padding", 1L));
        assertEquals(Shape.nchw(1, 64, 56, 56), conv.shape(MAP));
        Cost c = conv.cost(MAP);
        // Cout*Cin*kh*kw*Hout*Wout*N
        assertEquals(64L * 64 * 3 * 3 * 56 * 56, c.macs());
        assertEquals(Cost.MacKind.CONV, c.macKind());
        // weights Cout*Cin*kh*kw + one bias per output channel
        assertEquals(64L * 64 * 3 * 3 + 64, c.params());
        // one bias add per output element
        assertEquals(64L * 56 * 56, c.biasAdds());
        assertEquals(0, c.buffers());
        assertEquals(0, c.ops());
    }

    @Test
    void withoutBiasThereAreNoBiasParamsOrAdds() {
        Cost c = SpecNode.of("conv", Map.of("out", 32L, "kernel", 1L, "bias", false)).cost(MAP);
        // 32*64*1*1 weights; 32*64*56*56 MACs
        assertEquals(32L * 64, c.params());
        assertEquals(32L * 64 * 56 * 56, c.macs());
        assertEquals(0, c.biasAdds());
    }

    @Test
    void depthwiseConvolutionHasOneInputChannelPerFilter() {
        SpecNode conv = SpecNode.of("conv", Map.of("out", 64L, "kernel", 3L, "padding", 1L, "groups", 64L, "bias", false));
        Cost c = conv.cost(MAP);
        // 64*(64/64)*3*3*56*56
        assertEquals(64L * 1 * 3 * 3 * 56 * 56, c.macs());
        assertEquals(64L * 1 * 3 * 3, c.params());
    }

    @Test
    void groupedConvolutionDividesTheInputChannels() {
        SpecNode conv = SpecNode.of("conv", Map.of("out", 128L, "kernel", 3L, "padding", 1L, "groups", 4L, "bias", false));
        assertEquals(Shape.nchw(1, 128, 56, 56), conv.shape(MAP));
        Cost c = conv.cost(MAP);
        // 128*(64/4)*3*3*56*56
        assertEquals(128L * (64 / 4) * 3 * 3 * 56 * 56, c.macs());
        assertEquals(128L * (64 / 4) * 3 * 3, c.params());
    }

    @Test
    void batchMultipliesTheMacsButNotTheParams() {
        SpecNode conv = SpecNode.of("conv", Map.of("out", 64L, "kernel", 3L, "padding", 1L));
        Cost c = conv.cost(Shape.nchw(4, 64, 56, 56));
        // 64*64*3*3*56*56*4
        assertEquals(64L * 64 * 3 * 3 * 56 * 56 * 4, c.macs());
        assertEquals(64L * 64 * 3 * 3 + 64, c.params());
        assertEquals(4L * 64 * 56 * 56, c.biasAdds());
    }

    @Test
    void dilationChangesTheShapeButNotTheMacsPerOutput() {
        SpecNode plain = SpecNode.of("conv", Map.of("out", 64L, "kernel", 3L, "padding", 1L));
        SpecNode dilated = SpecNode.of("conv", Map.of("out", 64L, "kernel", 3L, "padding", 2L, "dilation", 2L));
        // dilated extent 2*(3-1)+1 = 5; 56 + 2*2 - 5 + 1 = 56
        assertEquals(Shape.nchw(1, 64, 56, 56), dilated.shape(MAP));
        assertEquals(plain.cost(MAP).macs(), dilated.cost(MAP).macs());
        assertEquals(plain.cost(MAP).params(), dilated.cost(MAP).params());

        SpecNode under = SpecNode.of("conv", Map.of("out", 64L, "kernel", 3L, "padding", 1L, "dilation", 2L));
        // 56 + 2*1 - 5 + 1 = 54; MACs follow the 54x54 outputs: 64*64*3*3*54*54
        assertEquals(Shape.nchw(1, 64, 54, 54), under.shape(MAP));
        assertEquals(64L * 64 * 3 * 3 * 54 * 54, under.cost(MAP).macs());
    }

    @Test
    void asymmetricKernels() {
        Shape in = Shape.nchw(1, 16, 20, 30);
        SpecNode wide = SpecNode.of("conv", Map.of("out", 16L, "kernel", List.of(1L, 5L), "padding", List.of(0L, 2L)));
        SpecNode tall = SpecNode.of("conv", Map.of("out", 16L, "kernel", List.of(5L, 1L), "padding", List.of(2L, 0L)));
        assertEquals(in, wide.shape(in));
        assertEquals(in, tall.shape(in));
        // 16*16*1*5*20*30 for both
        assertEquals(16L * 16 * 1 * 5 * 20 * 30, wide.cost(in).macs());
        assertEquals(16L * 16 * 5 * 1 * 20 * 30, tall.cost(in).macs());
        // unpadded 1x5: W = 30 - 5 + 1 = 26
        SpecNode valid = SpecNode.of("conv", Map.of("out", 16L, "kernel", List.of(1L, 5L)));
        assertEquals(Shape.nchw(1, 16, 20, 26), valid.shape(in));
    }

    @Test
    void stride2OnOddSizesRoundsDown() {
        Shape odd = Shape.nchw(1, 32, 65, 65);
        SpecNode k3 = SpecNode.of("conv", Map.of("out", 64L, "kernel", 3L, "stride", 2L, "padding", 1L));
        SpecNode k2 = SpecNode.of("conv", Map.of("out", 64L, "kernel", 2L, "stride", 2L));
        // floor((65 + 2 - 3) / 2) + 1 = 33
        assertEquals(Shape.nchw(1, 64, 33, 33), k3.shape(odd));
        // floor((65 - 2) / 2) + 1 = 31 + 1 = 32
        assertEquals(Shape.nchw(1, 64, 32, 32), k2.shape(odd));
        // 64*32*3*3*33*33
        assertEquals(64L * 32 * 3 * 3 * 33 * 33, k3.cost(odd).macs());
    }

    @Test
    void samePaddingKeepsTheSizeWithDilation() {
        Shape in = Shape.nchw(1, 8, 17, 20);
        // extent 2*(3-1)+1 = 5: 2 before, 2 after
        SpecNode odd = SpecNode.of("conv", Map.of("out", 8L, "kernel", 3L, "dilation", 2L, "padding", "same"));
        assertEquals(Shape.nchw(1, 8, 17, 20), odd.shape(in));
        // extent 3*(2-1)+1 = 4: 1 before, 2 after, 17 + 3 - 4 + 1 = 17
        SpecNode even = SpecNode.of("conv", Map.of("out", 8L, "kernel", 2L, "dilation", 3L, "padding", "same"));
        assertEquals(Shape.nchw(1, 8, 17, 20), even.shape(in));
        // 8*8*3*3*17*20: same MACs as undilated same padding
        assertEquals(8L * 8 * 3 * 3 * 17 * 20, odd.cost(in).macs());
    }

    @Test
    void kernelLargerThanThePaddedInputIsAnError() {
        Shape tiny = Shape.nchw(1, 3, 4, 4);
        // 7 > 4 + 2*1
        failsOn("kernel", () -> SpecNode.of("conv", Map.of("out", 8L, "kernel", 7L, "padding", 1L)).shape(tiny));
        // dilated extent 3*(3-1)+1 = 7 > 4
        failsOn("kernel", () -> SpecNode.of("conv", Map.of("out", 8L, "kernel", 3L, "dilation", 3L)).shape(tiny));
    }

    @Test
    void channelsNotDivisibleByGroupsNameGroups() {
        failsOn("groups", () -> SpecNode.of("conv", Map.of("out", 32L, "kernel", 1L, "groups", 4L))
                .shape(Shape.nchw(1, 30, 8, 8)));
        failsOn("groups", () -> SpecNode.of("conv", Map.of("out", 30L, "kernel", 1L, "groups", 4L))
                .shape(Shape.nchw(1, 32, 8, 8)));
    }

    @Test
    void attributeErrorsNameTheAttribute() {
        failsOn("kernel", () -> SpecNode.of("conv", Map.of("out", 8L, "kernel", 0L)));
        failsOn("stride", () -> SpecNode.of("conv", Map.of("out", 8L, "kernel", 3L, "stride", List.of(1L, 2L, 3L))));
        failsOn("dilations", () -> SpecNode.of("conv", Map.of("out", 8L, "kernel", 3L, "dilations", 2L)));
        failsOn("bias", () -> SpecNode.of("conv", Map.of("out", 8L, "kernel", 3L, "bias", "yes")));
    }

    @Test
    void connectivityIsDenseWithOneGroupDepthwiseWithOneChannelPerGroupGroupedBetween() {
        Shape in = Shape.nchw(1, 8, 4, 4);
        assertEquals(Conv.Connectivity.DENSE, connectivity(1, in));
        assertEquals(Conv.Connectivity.GROUPED, connectivity(2, in));
        assertEquals(Conv.Connectivity.GROUPED, connectivity(4, in));
        assertEquals(Conv.Connectivity.DEPTHWISE, connectivity(8, in));
        // one input channel in one group: every output reads every input, so dense comes first
        assertEquals(Conv.Connectivity.DENSE, connectivity(1, Shape.nchw(1, 1, 4, 4)));
    }

    private static Conv.Connectivity connectivity(long groups, Shape in) {
        return Conv.connectivity(SpecNode.of("conv", Map.of("out", 8L, "kernel", 3L, "groups", groups)).attributes, in);
    }
}
