package org.netspec.analysis.gridding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.gridding.Gridding.Block;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.spec.Limits;
import org.netspec.spec.Overrides;


/** A block taken from the cache gives exactly what measuring it gives. */
class BlockCacheTest {
    private static final long STEPS = Limits.DEFAULT.maxAnalysisSteps();

    private static Network espnet(String p, String q) throws Exception {
        return Specs.load(Path.of("specs/networks/espnet.yaml"), Overrides.NONE.withParam("p", p).withParam("q", q));
    }

    /** Every block and every node's footprint of {@code cached} equal those of {@code measured}. */
    private static void assertSame(Gridding measured, Gridding cached) {
        assertEquals(measured.blocks().size(), cached.blocks().size());
        for (int i = 0; i < measured.blocks().size(); i++) {
            Block m = measured.blocks().get(i);
            Block c = cached.blocks().get(i);
            assertEquals(m, c, m.name());
            for (Node n : m.nodes()) {
                assertEquals(measured.footprint(n), cached.footprint(n), n.name());
            }
        }
        assertEquals(measured.warnings(), cached.warnings());
    }

    @Test
    void repeatedModulesOfOneNetworkAreMeasuredOnce() throws Exception {
        Network net = espnet("2", "8");
        BlockCache cache = new BlockCache();
        Gridding cached = Gridding.of(net, STEPS, cache);
        // 13 ESP modules (level2_0, 2 at level 2, level3_0, 8 at level 3, the decoder's): the
        // modules of one level read the same shapes, so 5 distinct ones.
        assertEquals(13, cached.blocks().size());
        assertEquals(5, cache.size());
        assertSame(Gridding.of(net, STEPS, new BlockCache(0)), cached);
    }

    @Test
    void aVariantTakesTheBlocksOfAnotherAndGetsItsOwnFigures() throws Exception {
        BlockCache cache = new BlockCache();
        Gridding.of(espnet("2", "8"), STEPS, cache);
        Network other = espnet("3", "5");
        assertSame(Gridding.of(other, STEPS, new BlockCache(0)), Gridding.of(other, STEPS, cache));
        assertEquals(5, cache.size());
    }

    @Test
    void cachedBlocksRunOutOfStepsWhereMeasuredOnesDo() throws Exception {
        Network net = espnet("2", "8");
        BlockCache cache = new BlockCache();
        Gridding.of(net, STEPS, cache);
        for (long steps = 1; steps < STEPS; steps *= 2) {
            List<Gridding.Unmeasured> measured = Gridding.of(net, steps, new BlockCache(0)).blocks().stream()
                    .map(Block::unmeasured).toList();
            List<Gridding.Unmeasured> cached = Gridding.of(net, steps, cache).blocks().stream().map(Block::unmeasured).toList();
            assertEquals(measured, cached, "steps " + steps);
        }
    }

    @Test
    void aCacheOfNoEntriesKeepsNothing() throws Exception {
        BlockCache none = new BlockCache(0);
        Gridding.of(espnet("2", "8"), STEPS, none);
        assertEquals(0, none.size());
    }
}
