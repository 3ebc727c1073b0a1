package org.netspec.analysis.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.field.ReceptiveField.Axis;
import org.netspec.analysis.field.ReceptiveField.Field;
import org.netspec.graph.Network;
import org.netspec.testing.CodeNetwork;

/**
 * Receptive fields of tiny graphs built in code. Expected values follow the recurrences of
 * receptive-field-and-gridding.md for a chain of windows (kernel k, stride s, dilation d, padding p
 * per side), starting from r = 1, J = 1, c = 0, P = 0 at the input:
 * r' = r + d (k - 1) J, J' = s J, c' = c + (d (k - 1) / 2 - p) J (the centre of output 0), and
 * P' = P + p J (how far before the input output 0's field starts).
 */
class CodeNetworkFieldTest {
    private static Field field(Network net, String node) {
        return ReceptiveField.of(net).field(net.node(node).orElseThrow()).orElseThrow();
    }

    private static void assertSquare(Field f, long size, BigFraction stride, BigFraction offset, long padding) {
        for (Axis a : List.of(f.height(), f.width())) {
            assertEquals(size, a.size(), "size");
            assertEquals(size, a.minSize(), "min size: every position sees the same window");
            assertEquals(stride, a.stride(), "stride");
            assertEquals(offset, a.offset(), "offset");
            assertEquals(padding, a.effectivePadding(), "effective padding");
        }
        assertTrue(f.exact());
        assertTrue(f.aligned());
        assertFalse(f.global());
    }

    private static BigFraction whole(long n) {
        return new BigFraction(n);
    }

    @Test
    void twoThreeByThreeConvolutionsSeeFive() {
        Network net = CodeNetwork.input(4, 32, 32).conv("a", 4, 3, 1, 1, 1).conv("b", 4, 3, 1, 1, 1).build();
        // a: r = 1 + 2 = 3, P = 1; b: r = 3 + 2 = 5, J = 1, c = 0 + (1 - 1) = 0, P = 1 + 1 = 2
        assertSquare(field(net, "a"), 3, BigFraction.ONE, BigFraction.ZERO, 1);
        assertSquare(field(net, "b"), 5, BigFraction.ONE, BigFraction.ZERO, 2);
    }

    @Test
    void twoStridedConvolutionsSeeSevenAtStrideFour() {
        Network padded = CodeNetwork.input(4, 32, 32).conv("a", 4, 3, 2, 1, 1).conv("b", 4, 3, 2, 1, 1).build();
        // a: r = 3, J = 2, c = 0, P = 1; b: r = 3 + 2 * 2 = 7, J = 4, c = 0 + (1 - 1) * 2 = 0, P = 1 + 1 * 2 = 3
        assertSquare(field(padded, "a"), 3, whole(2), BigFraction.ZERO, 1);
        assertSquare(field(padded, "b"), 7, whole(4), BigFraction.ZERO, 3);
        Network unpadded = CodeNetwork.input(4, 32, 32).conv("a", 4, 3, 2, 1, 0).conv("b", 4, 3, 2, 1, 0).build();
        // without padding: a: c = 1 (output 0 reads 0..2); b: c = 1 + 1 * 2 = 3 (reads 0..6), P = 0
        assertSquare(field(unpadded, "a"), 3, whole(2), whole(1), 0);
        assertSquare(field(unpadded, "b"), 7, whole(4), whole(3), 0);
    }

    @Test
    void dilationChainsGrowByTwiceTheirRates() {
        // padding = d keeps each layer centred: c = 0 and P = 1 + 2 + 5 = 8
        Network hdc = CodeNetwork.input(4, 64, 64).conv("d1", 4, 3, 1, 1, 1).conv("d2", 4, 3, 1, 2, 2)
                .conv("d5", 4, 3, 1, 5, 5).build();
        // r = 1 + 2 * (1 + 2 + 5) = 17
        assertSquare(field(hdc, "d5"), 17, BigFraction.ONE, BigFraction.ZERO, 8);
        Network even = CodeNetwork.input(4, 64, 64).conv("d2", 4, 3, 1, 2, 2).conv("d4", 4, 3, 1, 4, 4)
                .conv("d8", 4, 3, 1, 8, 8).build();
        // r = 1 + 2 * (2 + 4 + 8) = 29, P = 14
        assertSquare(field(even, "d8"), 29, BigFraction.ONE, BigFraction.ZERO, 14);
    }

    @Test
    void aShortcutKeepsTheMinimalPathAtOne() {
        Network net = CodeNetwork.input(4, 32, 32).conv("c", 4, 3, 1, 1, 1).node("sum", "add", Map.of(), "x", "c")
                .build();
        // the union of [y - 1, y + 1] and [y, y]: 3; the shortest path is the identity: 1; both centred on y
        Axis a = field(net, "sum").height();
        assertEquals(3, a.size());
        assertEquals(1, a.minPathSize());
        assertEquals(BigFraction.ZERO, a.centreShift());
        assertTrue(a.aligned());
    }

    @Test
    void branchesCentredHalfAPixelApartAreMisaligned() {
        // a 3x3/s2/p1 reads 2y - 1 .. 2y + 1 (centre 2y); a 2x2/s2 reads 2y .. 2y + 1 (centre 2y + 1/2)
        Network net = CodeNetwork.input(4, 32, 32).conv("odd", 4, 3, 2, 1, 1).conv("even", 4, 2, 2, 1, 0, "x")
                .node("cat", "concat", Map.of(), "odd", "even").build();
        Axis a = field(net, "cat").height();
        // the union is the 3x3's window; the minimal path the 2x2's
        assertEquals(3, a.size());
        assertEquals(2, a.minPathSize());
        assertEquals(new BigFraction(1, 2), a.centreShift());
        assertFalse(a.aligned());
        assertEquals(whole(2), a.stride());
    }
}
