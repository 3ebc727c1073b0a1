package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.Profile;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;
import org.netspec.spec.Overrides;

/** ENet as the authors' e-lab Torch code builds it (specs/networks/enet.yaml). */
class EnetTest {
    private static final Path ENET = Path.of("specs/networks/enet.yaml");

    private static Costs costs(Overrides overrides) throws Exception {
        Network net = Specs.load(ENET, overrides);
        return Costs.of(net, Profile.STANDARD);
    }

    private static Map<String, Long> paramsBy(Costs costs, Grouping grouping) {
        return costs.rollup(grouping).stream()
                .collect(Collectors.toMap(Costs.Group::name, g -> g.count().params()));
    }

    private static long blockParams(String file) throws Exception {
        return Costs.of(Specs.load(Path.of("specs/blocks", file)), Profile.STANDARD).total().params();
    }

    @Test
    void cityscapesTotalAndMacs() throws Exception {
        Costs c = costs(Overrides.NONE);
        // seed-networks.md 2.3: 338,156 (encoder without classifier) + 24,920 (decoder) + 65*C, C = 20
        assertEquals(338_156 + 24_920 + 65 * 20, c.total().params());
        assertEquals(364_376, c.total().params());
        // seed-networks.md section 1 and 3: 3.930 G MACs at 1024x512, transposed convs input-side
        assertEquals(3_930, Math.round(c.total().macs() / 1e6));
        assertEquals(3_930_456_064L, c.total().macs());
    }

    @Test
    void encoderAndDecoderSplit() throws Exception {
        Map<String, Long> stages = paramsBy(costs(Overrides.NONE), Grouping.STAGE);
        // seed-networks.md 2.3: encoder without its classifier 338,156
        long encoder = stages.get("initial") + stages.get("stage1") + stages.get("stage2") + stages.get("stage3");
        assertEquals(338_156, encoder);
        // seed-networks.md 2.3: decoder body 24,920; final full conv 16 -> C, 2x2, with bias: 64C + C
        assertEquals(24_920, stages.get("stage4") + stages.get("stage5"));
        assertEquals(64 * 20 + 20, stages.get("fullconv"));
    }

    @Test
    void perBlockParams() throws Exception {
        Map<String, Long> blocks = paramsBy(costs(Overrides.NONE), Grouping.BLOCK);
        // seed-networks.md 2.3: 4,656 for a stage-1 block (the downsampling one included)
        for (String b : List.of("bottleneck1_0", "bottleneck1_1", "bottleneck1_2", "bottleneck1_3", "bottleneck1_4")) {
            assertEquals(4_656, blocks.get("stage1." + b), b);
        }
        // seed-networks.md 2.3: 22,112 for block 2.0
        assertEquals(22_112, blocks.get("stage2.bottleneck2_0"));
        // seed-networks.md 2.3: 18,016 for a regular or dilated block at 128 channels, 19,040 asymmetric
        for (int stage = 2; stage <= 3; stage++) {
            for (int k = 1; k <= 8; k++) {
                long expected = (k == 3 || k == 7) ? 19_040 : 18_016;
                String name = "stage" + stage + ".bottleneck" + stage + "_" + k;
                assertEquals(expected, blocks.get(name), name);
            }
        }
        // seed-networks.md 2.3: decoder blocks 13,904 (4.0), 4,560 (4.1, 4.2), 1,572 (5.0), 324 (5.1)
        assertEquals(13_904, blocks.get("stage4.bottleneck4_0"));
        assertEquals(4_560, blocks.get("stage4.bottleneck4_1"));
        assertEquals(4_560, blocks.get("stage4.bottleneck4_2"));
        assertEquals(1_572, blocks.get("stage5.bottleneck5_0"));
        assertEquals(324, blocks.get("stage5.bottleneck5_1"));
    }

    @Test
    void blockFilesOnTheirOwn() throws Exception {
        // seed-networks.md 2.3: block 2.0 (64 -> 128, downsampling) 22,112; block 4.0 13,904; 4.1 4,560
        assertEquals(22_112, blockParams("enet-bottleneck.yaml"));
        assertEquals(13_904, blockParams("enet-upsample.yaml"));
        assertEquals(4_560, blockParams("enet-decoder-bottleneck.yaml"));
        // initial block: conv 3 -> 13 3x3 with bias (364) + BN(16) (32) + PReLU(16) (16)
        assertEquals(412, blockParams("enet-initial.yaml"));
    }

    @Test
    void camvidClasses() throws Exception {
        Costs c = costs(Overrides.NONE.withParam("classes", "12"));
        // seed-networks.md section 1: e-lab CamVid, 12 classes: 363,856 (= 364,376 - 65*8)
        assertEquals(363_856, c.total().params());
        // seed-networks.md section 1: 1.273 G MACs at 480x360
        Costs camvid = costs(Overrides.NONE.withParam("classes", "12").withInput("image", "1x3x360x480"));
        assertEquals(1_273, Math.round(camvid.total().macs() / 1e6));
    }

    @Test
    void paperResolution() throws Exception {
        Costs c = costs(Overrides.NONE.withInput("image", "1x3x360x640"));
        // seed-networks.md section 1 and 4.3: 1.727 G MACs at 640x360 (= 3.45 GFLOPs in the 2x convention)
        assertEquals(1_727, Math.round(c.total().macs() / 1e6));
        assertEquals(345, Math.round(c.total().flops() / 1e7)); // 3.45 G
        assertEquals(364_376, c.total().params());
    }
}
