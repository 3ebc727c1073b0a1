package org.netspec.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.netspec.ops.SpecNode.failsOn;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpsampleTest {
    private static final Shape IN = Shape.nchw(1, 19, 64, 128);

    @Test
    void nearestByAFactorIsAFreeCopy() {
        SpecNode up = SpecNode.of("upsample", Map.of("scale", 2.0));
        // floor(64*2) x floor(128*2)
        assertEquals(Shape.nchw(1, 19, 128, 256), up.shape(IN));
        assertEquals(Cost.FREE, up.cost(IN));
    }

    @Test
    void fractionalScaleRoundsDown() {
        SpecNode up = SpecNode.of("upsample", Map.of("scale", 1.5));
        // floor(5*1.5) = 7, floor(7*1.5) = 10
        assertEquals(Shape.nchw(1, 3, 7, 10), up.shape(Shape.nchw(1, 3, 5, 7)));
    }

    @Test
    void toAGivenSize() {
        SpecNode up = SpecNode.of("upsample", Map.of("size", List.of(100L, 200L)));
        assertEquals(Shape.nchw(1, 19, 100, 200), up.shape(IN));
    }

    @Test
    void toAnotherNodesSizeTakesOnlyItsHeightAndWidth() {
        SpecNode up = SpecNode.of("upsample", Map.of("mode", "bilinear"));
        Shape skip = Shape.nchw(1, 64, 256, 512);
        assertEquals(Shape.nchw(1, 19, 256, 512), up.shape(IN, skip));
    }

    @Test
    void bilinearCostsSevenOpsPerOutput() {
        SpecNode up = SpecNode.of("upsample", Map.of("mode", "bilinear", "scale", 2.0, "align_corners", true));
        // 4 multiplies + 3 adds per output element: 7*19*128*256
        assertEquals(7L * 19 * 128 * 256, up.cost(IN).ops());
        assertEquals(0, up.cost(IN).params());
    }

    @Test
    void alignCornersIsForBilinearOnly() {
        failsOn("align_corners", () -> SpecNode.of("upsample", Map.of("scale", 2.0, "align_corners", false)).shape(IN));
    }

    @Test
    void exactlyOneSourceOfTheSize() {
        Shape skip = Shape.nchw(1, 64, 256, 512);
        assertThrows(OperatorException.class, () -> SpecNode.of("upsample").shape(IN));
        failsOn("scale", () -> SpecNode.of("upsample", Map.of("scale", 2.0, "size", 128L)).shape(IN));
        failsOn("scale", () -> SpecNode.of("upsample", Map.of("scale", 2.0)).shape(IN, skip));
        failsOn("size", () -> SpecNode.of("upsample", Map.of("size", 128L)).shape(IN, skip));
    }

    @Test
    void aScaleThatLeavesNoOutputIsAnError() {
        // floor(64*0) = 0, floor(64*-2) < 0, floor(64*0.01) = 0
        failsOn("scale", () -> SpecNode.of("upsample", Map.of("scale", 0.0)).shape(IN));
        failsOn("scale", () -> SpecNode.of("upsample", Map.of("scale", -2.0)).shape(IN));
        failsOn("scale", () -> SpecNode.of("upsample", Map.of("scale", 0.01)).shape(IN));
        failsOn("mode", () -> SpecNode.of("upsample", Map.of("mode", "bicubic")));
    }
}
