package org.netspec.analysis.gridding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.gridding.Gridding.Block;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;
import org.netspec.report.GriddingText;
import org.netspec.spec.Overrides;
import org.netspec.testing.SpecFixtures;

/** One budget of footprint steps for the whole network, besides the limits of each block. */
class GriddingStepsTest {
    /** Steps of one 3x3 rate-2 block over one channel: 25 cells allocated for its 5 x 5 box plus 9 one-cell taps added. */
    private static final long BLOCK_STEPS = 25 + 9;

    private static List<Gridding.Unmeasured> reasons(Gridding g) {
        return g.blocks().stream().map(Block::unmeasured).toList();
    }

    @Test
    void blocksAreMeasuredUntilTheNetworksStepsAreSpent() throws Exception {
        Network net = Specs.load(SpecFixtures.spec("work/three-dilated.yaml"), Overrides.NONE);
        Gridding.Unmeasured steps = Gridding.Unmeasured.STEPS;
        assertEquals(Arrays.asList(null, null, null), reasons(Gridding.of(net, 3 * BLOCK_STEPS)));
        assertEquals(Arrays.asList(null, null, steps), reasons(Gridding.of(net, 3 * BLOCK_STEPS - 1)));
        assertEquals(Arrays.asList(null, null, steps), reasons(Gridding.of(net, 2 * BLOCK_STEPS)));
        assertEquals(Arrays.asList(null, steps, steps), reasons(Gridding.of(net, 2 * BLOCK_STEPS - 1)));
        assertEquals(List.of(steps, steps, steps), reasons(Gridding.of(net, 1)));
        Block last = Gridding.of(net, 1).blocks().get(2);
        assertNull(last.footprint());
        assertTrue(GriddingText.unmeasured(last.unmeasured()).contains("--max-analysis-steps"));
    }

    @Test
    void manyBlocksWithinTheirOwnLimitsStopAtTheTotal() throws Exception {
        Network net = Specs.load(SpecFixtures.spec("work/many-wide-blocks.yaml"), Overrides.NONE.withParam("N", "40"));
        Gridding g = Gridding.of(net);
        assertEquals(40, g.blocks().size());
        // each block alone is measured: the limits of one block do not stop it
        assertNull(Gridding.of(Specs.load(SpecFixtures.spec("work/many-wide-blocks.yaml"),
                Overrides.NONE.withParam("N", "1"))).blocks().get(0).unmeasured());
        assertNull(g.blocks().get(0).unmeasured());
        assertEquals(Gridding.Unmeasured.STEPS, g.blocks().get(39).unmeasured());
    }
}
