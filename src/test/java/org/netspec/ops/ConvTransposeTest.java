package org.netspec.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.netspec.ops.SpecNode.failsOn;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConvTransposeTest {
    private static final Shape SMALL = Shape.nchw(1, 64, 28, 28);
    private static final Shape BIG = Shape.nchw(1, 32, 56, 56);

    @Test
    void kernel2Stride2CostsWhatTheMirroredConvolutionCosts() {
        SpecNode up = SpecNode.of("conv_transpose", Map.of("out", 32L, "kernel", 2L, "stride", 2L));
        // (Hin-1)*s - 2p + d*(k-1) + output_padding + 1 = 27*2 - 0 + 1 + 0 + 1 = 56
        assertEquals(BIG, up.shape(SMALL));
        SpecNode down = SpecNode.of("conv", Map.of("out", 64L, "kernel", 2L, "stride", 2L));
        // floor((56 - 2) / 2) + 1 = 28
        assertEquals(SMALL, down.shape(BIG));
        Cost c = up.cost(SMALL);
        // input side: Cin*(Cout/g)*kh*kw*Hin*Win*N = 64*32*2*2*28*28
        assertEquals(64L * 32 * 2 * 2 * 28 * 28, c.macs());
        assertEquals(down.cost(BIG).macs(), c.macs());
        assertEquals(Cost.MacKind.CONV_TRANSPOSE, c.macKind());
        // weights 64*32*2*2 plus 32 biases; one bias add per output element 32*56*56
        assertEquals(64L * 32 * 2 * 2 + 32, c.params());
        assertEquals(32L * 56 * 56, c.biasAdds());
    }

    @Test
    void kernel3Stride2WithOutputPaddingMirrorsTheStridedConvolution() {
        SpecNode up = SpecNode.of("conv_transpose",
                Map.of("out", 32L, "kernel", 3L, "stride", 2L, "padding", 1L, "output_padding", 1L));
        // 27*2 - 2*1 + 1*(3-1) + 1 + 1 = 56
        assertEquals(BIG, up.shape(SMALL));
        SpecNode down = SpecNode.of("conv", Map.of("out", 64L, "kernel", 3L, "stride", 2L, "padding", 1L));
        // floor((56 + 2 - 3) / 2) + 1 = 28
        assertEquals(SMALL, down.shape(BIG));
        // 64*32*3*3*28*28 both ways
        assertEquals(64L * 32 * 3 * 3 * 28 * 28, up.cost(SMALL).macs());
        assertEquals(down.cost(BIG).macs(), up.cost(SMALL).macs());
    }

    @Test
    void depthwiseTransposedConvolutionIsNotFree() {
        SpecNode up = SpecNode.of("conv_transpose", Map.of("out", 64L, "kernel", 2L, "stride", 2L, "groups", 64L));
        Cost c = up.cost(SMALL);
        // 64*(64/64)*2*2*28*28
        assertEquals(64L * 1 * 2 * 2 * 28 * 28, c.macs());
        // 64*1*2*2 weights + 64 biases
        assertEquals(64L * 2 * 2 + 64, c.params());
    }

    @Test
    void dilationWidensTheOutput() {
        SpecNode up = SpecNode.of("conv_transpose", Map.of("out", 8L, "kernel", 3L, "dilation", 2L));
        // (10-1)*1 + 2*(3-1) + 1 = 14
        assertEquals(Shape.nchw(1, 8, 14, 14), up.shape(Shape.nchw(1, 8, 10, 10)));
    }

    @Test
    void outputPaddingMustBeSmallerThanTheStride() {
        failsOn("output_padding", () -> SpecNode.of("conv_transpose",
                Map.of("out", 32L, "kernel", 3L, "stride", 2L, "output_padding", 2L)).shape(SMALL));
    }

    @Test
    void paddingThatLeavesNoOutputIsAnError() {
        // (1-1)*1 - 2*1 + 0 + 0 + 1 = -1
        failsOn("padding", () -> SpecNode.of("conv_transpose", Map.of("out", 1L, "kernel", 1L, "padding", 1L))
                .shape(Shape.nchw(1, 1, 1, 1)));
    }

    @Test
    void channelsNotDivisibleByGroupsNameGroups() {
        failsOn("groups", () -> SpecNode.of("conv_transpose", Map.of("out", 30L, "kernel", 2L, "groups", 4L))
                .shape(SMALL));
    }
}
