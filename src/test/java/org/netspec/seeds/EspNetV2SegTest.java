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
import org.netspec.ops.Shape;
import org.netspec.spec.Overrides;

/** ESPNetv2 segmentation (EdgeNets `ESPNetv2Segmentation`), Cityscapes 20 classes: seed-networks.md 1 and 2.2. */
class EspNetV2SegTest {
    private static final Path SPEC = Path.of("specs/networks/espnetv2-seg.yaml");

    private static Network load(Overrides o) throws Exception {
        return Specs.load(SPEC, o);
    }

    private static Network width(String s) throws Exception {
        return load(Overrides.NONE.withParam("s", s));
    }

    private static double edgenetsMillions(Network net) {
        return Math.round(Costs.of(net, Profile.EDGENETS).total().macs() / 1e4) / 100.0;
    }

    private static long params(Network net) {
        return Costs.of(net, Profile.STANDARD).total().params();
    }

    @Test
    void defaultIsWidthTwoCityscapes() throws Exception {
        Network net = load(Overrides.NONE);
        // seed-networks.md 1: s=2.0 city ckpt 789,242 params; EdgeNets model zoo 2699.05 M at 1024x512
        assertEquals(789_242, params(net));
        assertEquals(2699.05, edgenetsMillions(net));
        // seed-networks.md 1: recount (conv MACs without bias adds) 2697.74 M
        assertEquals(2697.74, Math.round(Costs.of(net, Profile.STANDARD).total().macs() / 1e4) / 100.0);
        // 20 classes at the input size
        assertEquals(Shape.nchw(1, 20, 512, 1024), net.outputs().get(0).shape());
    }

    @Test
    void widthOne() throws Exception {
        Network net = width("1.0");
        // seed-networks.md 1: s=1.0 city ckpt 234,010; EdgeNets model zoo 1086.59 M
        assertEquals(234_010, params(net));
        assertEquals(1086.59, edgenetsMillions(net));
    }

    @Test
    void widthHalfAndOneAndAHalf() throws Exception {
        // seed-networks.md 1: s=0.5 80,342 / 597.56 M; s=1.5 468,362 / 1714.57 M
        Network half = width("0.5");
        assertEquals(80_342, params(half));
        assertEquals(597.56, edgenetsMillions(half));
        Network oneHalf = width("1.5");
        assertEquals(468_362, params(oneHalf));
        assertEquals(1714.57, edgenetsMillions(oneHalf));
    }

    @Test
    void otherInputSizesAndPascal() throws Exception {
        // seed-networks.md 1: s=2.0 city at 512x256: 674.78 M (EdgeNets README, inside an HTML comment)
        assertEquals(674.78, edgenetsMillions(load(Overrides.NONE.withInput("image", "1x3x256x512"))));
        // seed-networks.md 1: pascal (21 classes) s=2.0 at 256x256: 789,253 params, 337.58 M
        Network pascal = load(Overrides.NONE.withParam("classes", "21").withInput("image", "1x3x256x256"));
        assertEquals(789_253, params(pascal));
        assertEquals(337.58, edgenetsMillions(pascal));
        // seed-networks.md 4.5: between C=20 and C=21 the difference is 11
        assertEquals(11, params(pascal) - 789_242);
    }

    @Test
    void decoderBlocksAtWidthTwo() throws Exception {
        Network net = load(Overrides.NONE);
        Map<String, Long> blocks = Costs.of(net, Profile.STANDARD).rollup(Grouping.BLOCK).stream()
                .collect(Collectors.toMap(Costs.Group::name, g -> g.count().params()));
        // seed-networks.md 2.2: decoder params at s=2.0 (C=20) by block
        assertEquals(7_062, blocks.get("bu_dec_l1"));
        assertEquals(2_374, blocks.get("bu_dec_l2"));
        assertEquals(2_006, blocks.get("bu_dec_l3"));
        assertEquals(1_650, blocks.get("bu_dec_l4"));
        assertEquals(18_880, blocks.get("merge_enc_dec_l2"));
        assertEquals(9_744, blocks.get("merge_enc_dec_l3"));
        assertEquals(1_408, blocks.get("merge_enc_dec_l4"));
        // BRs 432
        assertEquals(432, blocks.get("bu_br_l2") + blocks.get("bu_br_l3") + blocks.get("bu_br_l4"));
        // total 43,556
        long decoder = List.of("bu_dec_l1", "bu_dec_l2", "bu_dec_l3", "bu_dec_l4", "merge_enc_dec_l2",
                "merge_enc_dec_l3", "merge_enc_dec_l4", "bu_br_l2", "bu_br_l3", "bu_br_l4")
                .stream().mapToLong(blocks::get).sum();
        assertEquals(43_556, decoder);
    }

    @Test
    void blockFilesOnTheirOwn() throws Exception {
        // The blocks' samples are bu_dec_l1 and merge_enc_dec_l2 at s=2.0, 1024x512:
        // seed-networks.md 2.2: 7,062 and 18,880
        assertEquals(7_062, params(Specs.load(Path.of("specs/blocks/efficient-pyr-pool.yaml"))));
        assertEquals(18_880, params(Specs.load(Path.of("specs/blocks/efficient-pw-conv.yaml"))));
    }

    @Test
    void pyramidPoolBranchSizes() throws Exception {
        Network net = load(Overrides.NONE);
        // seed-networks.md 3: bu_dec_l1 at 1024x512 works on 64x32 and runs its depthwise convs at
        // 128x64, 96x48, 64x32, 32x16 and 7x5 (clamped to at least 5)
        long[][] hw = {{64, 128}, {48, 96}, {32, 64}, {16, 32}, {5, 7}};
        for (int j = 0; j < hw.length; j++) {
            Shape s = net.node("bu_dec_l1.scale" + j + ".dw").orElseThrow().shape();
            assertEquals(hw[j][0], s.h());
            assertEquals(hw[j][1], s.w());
        }
    }

    @Test
    void onlyTheStridedEespActivationsAreUnused() throws Exception {
        Network net = load(Overrides.NONE);
        Costs costs = Costs.of(net, Profile.STANDARD);
        // seed-networks.md 2.2: the strided EESP PReLUs are built, never run; here every DownSampler
        // has the image, so nothing else is unused. s=2.0: c1-c0 + c2-c1 + c3-c2 = 96 + 128 + 256
        assertEquals(3, net.unused().size());
        assertEquals(96 + 128 + 256, net.unused().stream().mapToLong(n -> costs.of(n).params()).sum());
    }
}
