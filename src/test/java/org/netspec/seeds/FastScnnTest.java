package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.Profile;
import org.netspec.graph.Specs;
import org.netspec.spec.Overrides;

/** Fast-SCNN as Tramac/Fast-SCNN-pytorch builds it, aux head off (specs/networks/fast-scnn.yaml). */
class FastScnnTest {
    private static final Path FAST_SCNN = Path.of("specs/networks/fast-scnn.yaml");

    private static Costs costs(Overrides overrides) throws Exception {
        return Costs.of(Specs.load(FAST_SCNN, overrides), Profile.STANDARD);
    }

    /** Parameters of the layers whose scoped name starts with a prefix. */
    private static long paramsUnder(Costs c, String prefix) {
        return c.rollup(Grouping.LAYER).stream()
                .filter(g -> g.name().startsWith(prefix))
                .mapToLong(g -> g.count().params()).sum();
    }

    private static long blockParams(String file) throws Exception {
        return Costs.of(Specs.load(Path.of("specs/blocks", file)), Profile.STANDARD).total().params();
    }

    @Test
    void totalAndMacs() throws Exception {
        Costs c = costs(Overrides.NONE);
        // seed-networks.md 1 and 2.4: 1,138,051 (osmr fastscnn.py asserts it, aux=False, 19 classes)
        assertEquals(1_138_051, c.total().params());
        // seed-networks.md 1: 6.708 G MACs at 2048x1024 (first conv padding 0, as Tramac)
        assertEquals(6_708, Math.round(c.total().macs() / 1e6));
    }

    @Test
    void halfResolutionMacs() throws Exception {
        Costs c = costs(Overrides.NONE.withInput("image", "1x3x512x1024"));
        // seed-networks.md 1: 1.677 G MACs at 1024x512
        assertEquals(1_677, Math.round(c.total().macs() / 1e6));
    }

    @Test
    void moduleParams() throws Exception {
        Costs c = costs(Overrides.NONE);
        // seed-networks.md 2.4 table: 6,640 / 162,816 / 303,168 / 550,464 / 49,664 / 26,752 / 38,547
        assertEquals(6_640, paramsUnder(c, "learning_to_downsample."));
        assertEquals(162_816, paramsUnder(c, "global_feature_extractor.bottleneck1."));
        assertEquals(303_168, paramsUnder(c, "global_feature_extractor.bottleneck2."));
        assertEquals(550_464, paramsUnder(c, "global_feature_extractor.bottleneck3."));
        assertEquals(49_664, paramsUnder(c, "global_feature_extractor.ppm."));
        assertEquals(26_752, paramsUnder(c, "feature_fusion."));
        assertEquals(38_547, paramsUnder(c, "classifier."));
    }

    @Test
    void withoutBatchNorm() throws Exception {
        Costs c = costs(Overrides.NONE);
        long bn = c.rollup(Grouping.OP).stream()
                .filter(g -> g.name().equals("batchnorm"))
                .mapToLong(g -> g.count().params()).sum();
        // seed-networks.md 2.4: share of BN 23,680
        assertEquals(23_680, bn);
        // seed-networks.md 4.4: 1,114,371 without BN, the paper's "1.11 M"
        assertEquals(1_114_371, c.total().params() - bn);
    }

    @Test
    void classCount() throws Exception {
        // seed-networks.md 4.5: Fast-SCNN depends on C as 129*C
        long c19 = costs(Overrides.NONE).total().params();
        long c20 = costs(Overrides.NONE.withParam("classes", "20")).total().params();
        assertEquals(129, c20 - c19);
    }

    @Test
    void blockFilesOnTheirOwn() throws Exception {
        // seed-networks.md 2.4: learning to downsample 6,640, PPM 49,664, FFM 26,752, classifier 38,547 (C = 19)
        assertEquals(6_640, blockParams("learning-to-downsample.yaml"));
        assertEquals(49_664, blockParams("pyramid-pooling.yaml"));
        assertEquals(26_752, blockParams("feature-fusion.yaml"));
        assertEquals(38_547, blockParams("fast-scnn-classifier.yaml"));
        // one bottleneck 64 -> 64, t = 6: 162,816 / 3 (the three blocks of bottleneck1 are equal)
        assertEquals(162_816 / 3, blockParams("inverted-residual.yaml"));
    }
}
