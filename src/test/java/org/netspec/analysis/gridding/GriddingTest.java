package org.netspec.analysis.gridding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.field.ReceptiveField;
import org.netspec.analysis.gridding.Footprint.Ring;
import org.netspec.analysis.gridding.Gridding.Block;
import org.netspec.analysis.gridding.NodeFootprint.Group;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.report.GriddingText;
import org.netspec.spec.Overrides;
import org.netspec.testing.SpecFixtures;

/** Gridding: receptive-field-and-gridding.md section 4, values derived by hand or quoted from the note. */
class GriddingTest {
    private static final Path ESP = Path.of("specs/blocks/esp.yaml");

    private static Network load(Path spec, Overrides overrides) throws Exception {
        return Specs.load(spec, overrides);
    }

    private static Block onlyBlock(Gridding g) {
        assertEquals(1, g.blocks().size());
        return g.blocks().get(0);
    }

    private static List<BigFraction> groupCoverages(Block b) {
        return b.footprint().groups().stream().map(Group::coverage).toList();
    }

    private static BigFraction f(long n, long d) {
        return new BigFraction(n, d);
    }

    @Test
    void chainOfDilations125CoversItsWholeField() throws Exception {
        Gridding g = Gridding.of(load(SpecFixtures.spec("rf/dilated-chain.yaml"), Overrides.NONE));
        Block b = onlyBlock(g);
        Footprint union = b.footprint().union(0, 0);
        assertEquals(17, union.rows());
        assertEquals(17, union.cols());
        assertEquals(BigFraction.ONE, b.coverage());
        assertEquals(0, union.holes());
        Chain chain = b.chains().get(0);
        assertEquals(3, chain.layers().size());
        assertTrue(chain.hdc().pass());
        assertTrue(chain.contiguousHeight());
        assertTrue(chain.contiguousWidth());
        assertTrue(g.warnings().isEmpty());
    }

    @Test
    void chainOfDilations248LeavesTheOddLattice() throws Exception {
        // section 4.1: the support is the even lattice, 15 x 15 = 225 of the 29 x 29 box
        Gridding g = Gridding.of(load(SpecFixtures.spec("rf/dilated-chain.yaml"),
                Overrides.NONE.withParam("rates", "[2, 4, 8]")));
        Block b = onlyBlock(g);
        assertEquals(29, b.footprint().union(0, 0).rows());
        assertEquals(f(225, 841), b.coverage());
        assertEquals(841 - 225, b.footprint().union(0, 0).holes());
        // section 4.2: every tap is a multiple of 2, and the lattice allows exactly the 15 x 15 even cells
        assertEquals(List.of(2L, 2L), b.commonFactor());
        assertEquals(f(225, 841), b.latticeBound());
        HdcRule hdc = b.chains().get(0).hdc();
        assertEquals(List.of(2L, 4L, 8L), hdc.maxDistances());
        assertFalse(hdc.pass());
        assertEquals(2, hdc.gcd());
        assertEquals(1, g.warnings().size());
        assertEquals(f(225, 841), g.warnings().get(0).coverage());
    }

    @Test
    void parallelDilationsUniteTheirRings() throws Exception {
        // rings of rates 1, 2, 4, 8 share the centre: 1 + 4 * 8 = 33 cells of the 17 x 17 box
        Block b = onlyBlock(Gridding.of(load(SpecFixtures.spec("rf/parallel-dilations.yaml"), Overrides.NONE)));
        assertEquals(f(33, 289), b.coverage());
        // one group per branch: 9 taps in boxes of 3, 5, 9 and 17
        assertEquals(List.of(BigFraction.ONE, f(9, 25), f(9, 81), f(9, 289)), groupCoverages(b));
    }

    @Test
    void espGroupsWithAndWithoutHierarchicalFusion() throws Exception {
        // section 4.5: without HFF every group is one ring of 9 taps: 9/9, 9/25, 9/81, 9/289, 9/1089
        Block plain = onlyBlock(Gridding.of(load(ESP, Overrides.NONE.withParam("hff", "false"))));
        assertEquals(List.of(BigFraction.ONE, f(9, 25), f(9, 81), f(9, 289), f(9, 1089)), groupCoverages(plain));
        // with HFF the groups nest: g3 = d2 + d4 (17/81), g4 adds d8 (25/289), g5 adds d16 (33/1089)
        Block fused = onlyBlock(Gridding.of(load(ESP, Overrides.NONE)));
        assertEquals(List.of(BigFraction.ONE, f(9, 25), f(17, 81), f(25, 289), f(33, 1089)), groupCoverages(fused));
        // the union is the same either way: 1 + 5 * 8 = 41 of 33 x 33, 3.76 %
        assertEquals(f(41, 1089), plain.coverage());
        assertEquals(f(41, 1089), fused.coverage());
        assertEquals(0.0376, fused.coverage().doubleValue(), 5e-5);
        // the channel groups are ESPNet's: n1 = 64 - 4 * 12 = 16, then four of 12
        assertEquals(List.of(0L, 16L, 28L, 40L, 52L),
                fused.footprint().groups().stream().map(Group::firstChannel).toList());
    }

    @Test
    void espPathCountsShiftTowardTheSmallRatesWithFusion() throws Exception {
        // section 4.5, with a dense 1x1 after the concatenation (its input: the union of the groups)
        Network plainNet = load(ESP, Overrides.NONE.withParam("hff", "false"));
        Footprint plain = Gridding.of(plainNet).footprint(plainNet.node("esp.cat").orElseThrow()).orElseThrow()
                .union(0, 0);
        // without HFF: centre 5, each tap 1, total 45; 8/45 = 17.8 % of the mass per ring d = 1 ... 16
        assertEquals(5, plain.centreCount());
        assertEquals(45, plain.mass());
        List<Ring> rings = plain.rings();
        assertEquals(List.of(0.0, 1.0, 2.0, 4.0, 8.0, 16.0), rings.stream().map(Ring::radius).toList());
        for (Ring r : rings.subList(1, rings.size())) {
            assertEquals(0.178, r.share(), 5e-4);
        }
        Network fusedNet = load(ESP, Overrides.NONE);
        Footprint fused = Gridding.of(fusedNet).footprint(fusedNet.node("esp.cat").orElseThrow()).orElseThrow()
                .union(0, 0);
        // with HFF: taps of d2, d4, d8, d16 counted 4, 3, 2, 1 times: centre 11, total 99,
        // shares 8.1 % (d1), 32.3 % (d2), 24.2 % (d4), 16.2 % (d8), 8.1 % (d16)
        assertEquals(11, fused.centreCount());
        assertEquals(99, fused.mass());
        List<Double> shares = fused.rings().stream().map(Ring::share).toList();
        double[] expected = {11 / 99.0, 0.081, 0.323, 0.242, 0.162, 0.081};
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], shares.get(i), 5e-4, "ring " + i);
        }
        // the smallest centred box holding 95 % of the paths reaches the d16 ring with or without HFF
        assertEquals(16.0, fused.massRadius(0.95));
        assertEquals(3, fused.count(0, 4));
        assertEquals(4, fused.pathCounts()[16][18]);
    }

    @Test
    void twoEspModulesWithAndWithoutFusion() throws Exception {
        // section 4.5: two modules cover 12.33 % of 65 x 65 either way; per group g3, g4, g5
        // 12.9 -> 20.5 %, 9.7 -> 18.4 %, 6.7 -> 12.3 % with HFF
        Path pair = SpecFixtures.spec("rf/esp-pair.yaml");
        Block plain = onlyBlock(Gridding.of(load(pair, Overrides.NONE.withParam("hff", "false"))));
        Block fused = onlyBlock(Gridding.of(load(pair, Overrides.NONE)));
        assertEquals(65, fused.footprint().union(0, 0).rows());
        assertEquals(0.1233, plain.coverage().doubleValue(), 5e-5);
        assertEquals(0.1233, fused.coverage().doubleValue(), 5e-5);
        double[] without = {0.129, 0.097, 0.067};
        double[] with = {0.205, 0.184, 0.123};
        for (int g = 0; g < 3; g++) {
            assertEquals(without[g], groupCoverages(plain).get(g + 2).doubleValue(), 5e-4);
            assertEquals(with[g], groupCoverages(fused).get(g + 2).doubleValue(), 5e-4);
        }
    }

    @Test
    void aBlockBeyondTheBudgetIsListedUnmeasured() throws Exception {
        // rate 1000: the second layer's box is 4001 x 4001, 16 M cells, four times the budget
        Network net = load(SpecFixtures.spec("rf/dilated-chain.yaml"),
                Overrides.NONE.withParam("rates", "[1000, 1000, 1000]"));
        Block b = onlyBlock(Gridding.of(net));
        assertTrue(4001L * 4001 > Gridding.MAX_CELLS);
        assertNull(b.footprint());
        assertEquals(Gridding.Unmeasured.CELLS, b.unmeasured());
        assertTrue(GriddingText.unmeasured(b.unmeasured()).contains("cells"), GriddingText.unmeasured(b.unmeasured()));
        assertNull(b.coverage());
        // the chain statements need no footprint: HDC fails (r_1 = 1000)
        assertFalse(b.chains().get(0).hdc().pass());
        // the interval field is still exact: 1 + 2 * 3000
        assertEquals(6001, ReceptiveField.of(net).field(b.output()).orElseThrow().height().size());
    }

    @Test
    void hdcRuleAndItsCorrections() {
        // section 4.1: [1, 2, 5] passes with M_2 = 2; [1, 2, 9] fails with M_2 = 5
        HdcRule ok = HdcRule.of(List.of(1L, 2L, 5L), 3);
        assertTrue(ok.pass());
        assertEquals(2, ok.maxDistances().get(1));
        HdcRule nine = HdcRule.of(List.of(1L, 2L, 9L), 3);
        assertFalse(nine.pass());
        assertEquals(5, nine.maxDistances().get(1));
        // [2, 2, 2] and [2, 3] meet M_2 <= K but not r_1 == 1: they have holes
        for (List<Long> rates : List.of(List.of(2L, 2L, 2L), List.of(2L, 3L))) {
            HdcRule h = HdcRule.of(rates, 3);
            assertTrue(h.maxDistances().get(1) <= 3, rates::toString);
            assertFalse(h.firstRateIsOne());
            assertFalse(h.pass());
        }
        // order: [1, 5, 2] is judged sorted, as [1, 2, 5]
        HdcRule unsorted = HdcRule.of(List.of(1L, 5L, 2L), 3);
        assertEquals(List.of(1L, 2L, 5L), unsorted.rates());
        assertTrue(unsorted.pass());
        // section 4.2: gcd 1 is not enough ([1, 9] has holes); [1, 2, 4, 8, 16] is contiguous
        HdcRule gap = HdcRule.of(List.of(1L, 9L), 3);
        assertEquals(1, gap.gcd());
        assertFalse(gap.contiguous());
        assertTrue(HdcRule.of(List.of(1L, 2L, 4L, 8L, 16L), 3).contiguous());
        assertEquals(2, HdcRule.of(List.of(2L, 4L, 8L), 3).gcd());
    }

    @Test
    void perNodeValuesStartAtTheFirstDilatedLayer() throws Exception {
        Network net = load(ESP, Overrides.NONE);
        Gridding g = Gridding.of(net);
        assertTrue(g.coverage(net.node("esp.reduce").orElseThrow()).isEmpty());
        assertTrue(g.coverage(net.node("esp.d0").orElseThrow()).isEmpty());
        // d16 alone: 9 taps of 33 x 33
        assertEquals(9 / 1089.0, g.coverage(net.node("esp.d4").orElseThrow()).orElseThrow().doubleValue(), 1e-12);
        assertEquals(41 / 1089.0, g.coverage(net.node("esp.act").orElseThrow()).orElseThrow().doubleValue(), 1e-12);
    }

    @Test
    void warningsFollowTheThreshold() throws Exception {
        // ESP: 41/1089 < 1/2
        Gridding esp = Gridding.of(load(ESP, Overrides.NONE));
        assertEquals(1, esp.warnings().size());
        assertEquals(f(33, 1089), esp.warnings().get(0).lowestGroupCoverage());
        // EESP, rates 1, 1, 2, 3 fused: rings 1, 2, 3 around the centre, 25 of 7 x 7 > 1/2
        Gridding eesp = Gridding.of(load(Path.of("specs/blocks/eesp.yaml"), Overrides.NONE));
        assertEquals(f(25, 49), onlyBlock(eesp).coverage());
        assertTrue(eesp.warnings().isEmpty());
        // RFB: the rate-5 branch after two 3x3s covers its 15 x 15 box
        Gridding rfb = Gridding.of(load(Path.of("specs/blocks/rfb.yaml"), Overrides.NONE));
        assertEquals(BigFraction.ONE, onlyBlock(rfb).coverage());
        assertTrue(rfb.warnings().isEmpty());
    }

    @Test
    void asppListsImagePoolingAsGlobalAndCountsItInCoverage() throws Exception {
        Network net = load(Path.of("specs/blocks/aspp.yaml"), Overrides.NONE);
        Gridding g = Gridding.of(net);
        Footprint cat = g.footprint(net.node("aspp.cat").orElseThrow()).orElseThrow().union(0, 0);
        // rates 12, 24, 36 and the 1x1: 1 + 3 * 8 = 25 of 73 x 73
        assertEquals(73, cat.rows());
        assertEquals(f(25, 73 * 73), cat.coverage());
        List<Group> groups = g.footprint(net.node("aspp.cat").orElseThrow()).orElseThrow().groups();
        assertEquals(5, groups.size());
        assertTrue(groups.get(4).global());
        // the image pooling branch sees every offset: its group, and the block, cover the field
        assertEquals(BigFraction.ONE, groups.get(4).coverage());
        // after the dense projection one group holds every path, the global ones included
        Block b = onlyBlock(g);
        assertEquals(f(25, 73 * 73), b.footprint().union(0, 0).coverage());
        assertEquals(BigFraction.ONE, b.coverage());
        assertTrue(b.footprint().groups().get(0).global());
        assertTrue(g.warnings().isEmpty());
    }

    @Test
    void enetDilatedBottleneckSamplesTheLatticeOfItsRate() throws Exception {
        Network net = Specs.load(Path.of("specs/networks/enet.yaml"));
        Gridding g = Gridding.of(net);
        // the four dilated bottlenecks of stages 2 and 3
        assertEquals(8, g.blocks().size());
        Block b22 = g.blocks().get(0);
        assertEquals("stage2.bottleneck2_2", b22.name());
        // one 3x3 at rate 2 between 1x1s, plus the identity: 9 of 5 x 5, the lattice 2Z x 2Z
        assertEquals(f(9, 25), b22.coverage());
        assertEquals(List.of(2L, 2L), b22.commonFactor());
        assertEquals(f(9, 25), b22.latticeBound());
        assertEquals(net.node("stage2.bottleneck2_1.act").orElseThrow(), b22.source());
        assertEquals(net.node("stage2.bottleneck2_2.act").orElseThrow(), b22.output());
    }

    @Test
    void footprintBoxesAreTheReceptiveFields() throws Exception {
        // section 4.3's self-consistency: the bounding box of every footprint is the interval field
        for (String spec : List.of("specs/networks/espnet.yaml", "specs/networks/enet.yaml", "specs/blocks/rfb.yaml",
                "specs/blocks/eesp-downsampler.yaml")) {
            Network net = Specs.load(Path.of(spec));
            Gridding g = Gridding.of(net);
            for (Block b : g.blocks()) {
                ReceptiveField rf = ReceptiveField.from(net, b.source());
                for (Node n : b.nodes()) {
                    Footprint box = g.footprint(n).map(p -> p.union(0, 0)).orElse(Footprint.EMPTY);
                    if (box.isEmpty()) {
                        continue;
                    }
                    ReceptiveField.Field field = rf.field(n).orElseThrow();
                    assertEquals(field.height().localSize(), box.rows(), n::name);
                    assertEquals(field.width().localSize(), box.cols(), n::name);
                    assertEquals(-field.height().effectivePadding(), box.top(), n::name);
                    assertEquals(-field.width().effectivePadding(), box.left(), n::name);
                }
            }
        }
    }
}
