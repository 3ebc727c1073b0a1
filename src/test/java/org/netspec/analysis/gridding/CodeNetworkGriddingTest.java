package org.netspec.analysis.gridding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.gridding.Gridding.Block;
import org.netspec.analysis.gridding.NodeFootprint.Group;
import org.netspec.graph.Network;
import org.netspec.testing.CodeNetwork;

/**
 * Gridding of tiny graphs built in code. A chain of stride-1 K x K windows at rates r_i reaches,
 * along one axis, the offsets {sum_i r_i t_i : t_i in -(K-1)/2 .. (K-1)/2}, and its footprint is
 * the product of the two axes; every choice of taps is one path.
 */
class CodeNetworkGriddingTest {
    /** A block `chain` of centred 3x3 convolutions at the given rates on a 64 x 64 input. */
    private static Network chain(long... rates) {
        CodeNetwork net = CodeNetwork.input(4, 64, 64).block("chain");
        for (long r : rates) {
            net.conv("d" + r, 4, 3, 1, r, r);
        }
        return net.endBlock().build();
    }

    private static Block onlyBlock(Gridding g) {
        assertEquals(1, g.blocks().size());
        return g.blocks().get(0);
    }

    @Test
    void rates125CoverTheWholeField() {
        Network net = chain(1, 2, 5);
        Gridding g = Gridding.of(net);
        Block b = onlyBlock(g);
        assertEquals(net.node("x").orElseThrow(), b.source());
        assertEquals(net.node("d5").orElseThrow(), b.output());
        // per axis {-1, 0, 1} + {-2, 0, 2} = -3 .. 3, plus {-5, 0, 5} = -8 .. 8: 17 offsets, no gap
        Footprint f = b.footprint().union(0, 0);
        assertEquals(17, f.rows());
        assertEquals(17, f.cols());
        assertEquals(-8, f.top());
        assertEquals(17 * 17, f.support());
        assertEquals(BigFraction.ONE, b.coverage());
        // 3^3 tap choices per axis, so 27 * 27 paths; only t = (0, 0, 0) reaches the centre
        assertEquals(27 * 27, f.mass());
        assertEquals(1, f.centreCount());
        // t1 + 2 t2 + 5 t3 = 1 has two solutions per axis, (1, 0, 0) and (-1, 1, 0): 2 * 1 paths to (1, 0)
        assertEquals(2, f.count(1, 0));
        // HDC: M_3 = 5, M_2 = max(5 - 4, 5 - 2 * 3, 2) = 2 <= 3 and r_1 = 1
        Chain c = b.chains().get(0);
        assertEquals(List.of(1L, 2L, 5L), c.hdc().maxDistances());
        assertTrue(c.hdc().pass());
        assertTrue(c.contiguousHeight());
        assertTrue(c.contiguousWidth());
        // taps -1, 0, 1 have gcd 1: no lattice
        assertEquals(List.of(1L, 1L), b.commonFactor());
        assertEquals(BigFraction.ONE, b.latticeBound());
        assertTrue(g.warnings().isEmpty());
    }

    @Test
    void rates248LeaveEveryOddOffset() {
        Gridding g = Gridding.of(chain(2, 4, 8));
        Block b = onlyBlock(g);
        // per axis 2 * ({-1, 0, 1} + {-2, 0, 2} + {-4, 0, 4}) = 2 * (-7 .. 7): 15 even offsets in -14 .. 14
        Footprint f = b.footprint().union(0, 0);
        assertEquals(29, f.rows());
        assertEquals(15 * 15, f.support());
        assertEquals(29 * 29 - 15 * 15, f.holes());
        assertEquals(new BigFraction(225, 841), b.coverage());
        assertEquals(0, f.count(1, 0));
        assertEquals(1, f.count(14, 14));
        // every tap is even: the lattice 2Z x 2Z holds 15 of the 29 positions per axis
        assertEquals(List.of(2L, 2L), b.commonFactor());
        assertEquals(new BigFraction(225, 841), b.latticeBound());
        // HDC: r_1 = 2 fails it; the greedy test fails at once (gap 2 > field 1)
        Chain c = b.chains().get(0);
        assertFalse(c.hdc().pass());
        assertEquals(2, c.hdc().gcd());
        assertFalse(c.contiguousHeight());
        // 225/841 = 26.75 % < 1/2: one warning, and the block has a single group
        assertEquals(1, g.warnings().size());
        Gridding.Warning w = g.warnings().get(0);
        assertEquals("chain", w.block());
        assertEquals(29, w.rows());
        assertEquals(new BigFraction(225, 841), w.lowestGroupCoverage());
    }

    @Test
    void aDilatedLayerOutsideBlocksIsItsOwnBlock() {
        Network net = CodeNetwork.input(4, 32, 32).conv("plain", 4, 3, 1, 1, 1).conv("dilated", 4, 3, 1, 2, 2).build();
        Gridding g = Gridding.of(net);
        Block b = onlyBlock(g);
        assertEquals("dilated", b.name());
        // measured over its own input: 9 taps {-2, 0, 2}^2 in a 5 x 5 box
        assertEquals(net.node("plain").orElseThrow(), b.source());
        assertEquals(new BigFraction(9, 25), b.coverage());
        assertEquals(new BigFraction(9, 25), g.coverage(net.node("dilated").orElseThrow()).orElseThrow());
        assertTrue(g.coverage(net.node("plain").orElseThrow()).isEmpty());
        assertEquals(new BigFraction(9, 25), g.warnings().get(0).coverage());
    }

    @Test
    void aDilationAlongTheHeightOnlyLeavesRowHoles() {
        // a 3x1 kernel at rate 2 along the height: offsets {-2, 0, 2} x {0}, 3 of a 5 x 1 box
        Network net = CodeNetwork.input(4, 32, 32).block("tall")
                .node("c", "conv", Map.of("out", 4L, "kernel", List.of(3L, 1L), "dilation", List.of(2L, 1L),
                        "padding", List.of(2L, 0L)))
                .endBlock().build();
        Footprint f = onlyBlock(Gridding.of(net)).footprint().union(0, 0);
        assertEquals(5, f.rows());
        assertEquals(1, f.cols());
        assertEquals(-2, f.top());
        assertEquals(0, f.left());
        assertEquals(new BigFraction(3, 5), f.coverage());
        assertEquals(0, f.count(-1, 0));
    }

    @Test
    void parallelRatesKeepTheirChannelGroups() {
        // a 1x1 reduction, then rates 1 and 2 side by side, concatenated: ESP's pattern with K = 2
        Network net = CodeNetwork.input(4, 32, 32).block("pair").conv("reduce", 8, 1, 1, 1, 0)
                .conv("r1", 3, 3, 1, 1, 1, "reduce").conv("r2", 5, 3, 1, 2, 2, "reduce")
                .node("cat", "concat", Map.of(), "r1", "r2").endBlock().build();
        Block b = onlyBlock(Gridding.of(net));
        List<Group> groups = b.footprint().groups();
        // channels 0..2 see the 3x3 box fully; channels 3..7 see 9 of 5 x 5
        assertEquals(List.of(0L, 3L), groups.stream().map(Group::firstChannel).toList());
        assertEquals(List.of(3L, 5L), groups.stream().map(Group::channels).toList());
        assertEquals(List.of(BigFraction.ONE, new BigFraction(9, 25)), groups.stream().map(Group::coverage).toList());
        // the union: the 3x3 centre plus the 8 outer taps of rate 2: 17 of 25; the centre is reached twice
        Footprint f = b.footprint().union(0, 0);
        assertEquals(new BigFraction(17, 25), b.coverage());
        assertEquals(2, f.centreCount());
        assertEquals(18, f.mass());
        // only the rate-2 path skips positions; the 1x1 is not a window
        assertEquals(1, b.chains().size());
        assertEquals(List.of(net.node("r2").orElseThrow()), b.chains().get(0).layers());
    }

    /** ASPP in small: a 1x1 branch and a 3x3 branch at rate 4 beside each other, concatenated. */
    private static CodeNetwork atrousBranches() {
        return CodeNetwork.input(4, 32, 32).block("aspp").conv("b0", 2, 1, 1, 1, 0, "x")
                .conv("atrous", 2, 3, 1, 4, 4, "x");
    }

    @Test
    void aGlobalPoolingBranchCoversEveryOffsetOfTheBlock() {
        // without image pooling: the centre plus the 9 taps {-4, 0, 4}^2 (the centre shared), 9 of 9 x 9
        Network local = atrousBranches().node("cat", "concat", Map.of(), "b0", "atrous").endBlock().build();
        Block without = onlyBlock(Gridding.of(local));
        assertEquals(new BigFraction(9, 81), without.coverage());
        // with it: global pooling, a 1x1 and up-sampling back to the input size read every input
        // position, so every offset of the 9 x 9 field is seen and nothing is reported
        Network pooled = atrousBranches().node("pool", "global_avgpool", Map.of(), "x").conv("pconv", 2, 1, 1, 1, 0)
                .node("up", "upsample", Map.of("mode", "nearest"), "pconv", "x")
                .node("cat", "concat", Map.of(), "b0", "atrous", "up").endBlock().build();
        Gridding g = Gridding.of(pooled);
        Block with = onlyBlock(g);
        assertEquals(BigFraction.ONE, with.coverage());
        assertTrue(g.warnings().isEmpty());
        // the footprint keeps the local paths; the groups say which branch is which
        assertEquals(new BigFraction(9, 81), with.footprint().union(0, 0).coverage());
        List<Group> groups = with.footprint().groups();
        assertEquals(List.of(false, false, true), groups.stream().map(Group::global).toList());
        assertEquals(List.of(BigFraction.ONE, new BigFraction(9, 81), BigFraction.ONE),
                groups.stream().map(Group::coverage).toList());
    }
}
