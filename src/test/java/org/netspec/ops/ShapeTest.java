package org.netspec.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShapeTest {
    @Test
    void rejectsZeroAndNegativeSizes() {
        assertThrows(OperatorException.class, () -> Shape.nchw(1, 0, 8, 8));
        assertThrows(OperatorException.class, () -> Shape.nchw(1, 3, -8, 8));
        assertThrows(OperatorException.class, Shape::of);
        assertThrows(OperatorException.class, () -> Shape.nchw(1, 3, 8, 8).withChannels(0));
    }

    @Test
    void rejectsElementCountsBeyond64Bits() {
        // 2^32 * 2^32 = 2^64
        assertThrows(OperatorException.class, () -> Shape.of(1L << 32, 1L << 32));
        // 2^31 * 2^31 = 2^62 still fits
        assertEquals(1L << 62, Shape.of(1L << 31, 1L << 31).elements());
        assertThrows(OperatorException.class, () -> Shape.of(1L << 31, 1L << 31).withChannels(1L << 33));
    }

    @Test
    void readsItsDimensions() {
        Shape s = Shape.nchw(2, 3, 5, 7);
        assertEquals(2 * 3 * 5 * 7, s.elements());
        assertEquals(5 * 7, s.spatial());
        assertEquals(List.of(2L, 3L, 5L, 7L), s.toList());
        assertEquals("2x3x5x7", s.toString());
        assertTrue(s.isFeatureMap());
        assertEquals(Shape.nchw(2, 3, 1, 1), s.withSpatial(1, 1));
    }

    @Test
    void aVectorHasNoHeightOrWidth() {
        Shape v = Shape.of(2, 10);
        assertFalse(v.isFeatureMap());
        assertEquals(1, v.spatial());
        assertThrows(OperatorException.class, v::h);
        assertThrows(OperatorException.class, () -> v.withSpatial(1, 1));
    }
}
