package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.analysis.Costs;
import org.netspec.analysis.LayerCount;
import org.netspec.analysis.Profile;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;

/**
 * ASPP, PPM, SPP and RFB: shufflenet-mobilenet-blocks.md section 6. A block file analyses its
 * sample; other forms are instances in a small network written to a temporary file.
 */
class PyramidBlocksTest {
    @TempDir
    Path dir;

    private static LayerCount sample(String file) throws Exception {
        return Costs.of(Specs.load(Path.of("specs/blocks", file)), Profile.STANDARD).total();
    }

    /** One instance of a block on an input: `layer` is the block layer written as YAML flow. */
    private Network instance(String file, List<Integer> input, String layer) throws Exception {
        Path block = Path.of("specs/blocks", file).toAbsolutePath();
        String yaml = "network: probe\n"
                + "imports: ['" + block + "']\n"
                + "inputs: {x: " + input + "}\n"
                + "layers:\n"
                + "  - " + layer + "\n";
        Path spec = dir.resolve("probe.yaml");
        Files.writeString(spec, yaml);
        return Specs.load(spec);
    }

    private static LayerCount total(Network net) {
        return Costs.of(net, Profile.STANDARD).total();
    }

    @Test
    void asppSampleIsTorchvisionsDeepLabv3Aspp() throws Exception {
        // 6.1: ASPP(2048, 12/24/36) at 2048x65x65: 15,535,104 params, 63,408,242,688 MACs.
        LayerCount c = sample("aspp.yaml");
        assertEquals(15_535_104, c.params());
        assertEquals(63_408_242_688L, c.macs());
    }

    @Test
    void asppOnMobileNetV3Features() throws Exception {
        // 6.1: ASPP(960, 12/24/36) at 960x33x33: 7,457,792 params, 7,850,803,200 MACs.
        LayerCount c = total(instance("aspp.yaml", List.of(1, 960, 33, 33), "{name: aspp, block: aspp}"));
        assertEquals(7_457_792, c.params());
        assertEquals(7_850_803_200L, c.macs());
    }

    @Test
    void asppWithRates369OnMobileNetV2FeaturesBuilds() throws Exception {
        // ASPP(320, [3, 6, 9]): no published figure. Hand count: 1x1 and pooling 2 x 320*256,
        // three 3x3 branches 3 x 320*256*9, projection 1280*256, six BN 6 x 512.
        Network net = instance("aspp.yaml", List.of(1, 320, 33, 33), "{name: aspp, block: aspp, rates: [3, 6, 9]}");
        assertEquals(List.of(1L, 256L, 33L, 33L), net.outputs().get(0).shape().toList());
        assertEquals(2 * 320 * 256 + 3 * 320 * 256 * 9 + 1280 * 256 + 6 * 512, total(net).params());
    }

    @Test
    void pspPyramidPoolingModule() throws Exception {
        // 6.2: PPM(2048) at 60x60: 4,198,400 params, 52,428,800 MACs; output 4096 channels.
        Network net = Specs.load(Path.of("specs/blocks/psp-ppm.yaml"));
        LayerCount c = total(net);
        assertEquals(4_198_400, c.params());
        assertEquals(52_428_800, c.macs());
        assertEquals(4096, net.outputs().get(0).shape().c());
    }

    @Test
    void sppHasNoParametersAndFourTimesTheChannels() throws Exception {
        Network net = Specs.load(Path.of("specs/blocks/spp.yaml"));
        assertEquals(0, total(net).params());
        assertEquals(0, total(net).macs());
        assertEquals(List.of(1L, 2048L, 19L, 19L), net.outputs().get(0).shape().toList());
    }

    @Test
    void rfbASampleIsRfbNetsNormBlock() throws Exception {
        // 6.3: BasicRFB_a(512, 512) at 512x38x38: 1,502,016 params, 2,161,795,072 MACs.
        LayerCount c = sample("rfb-a.yaml");
        assertEquals(1_502_016, c.params());
        assertEquals(2_161_795_072L, c.macs());
    }

    @Test
    void rfbSampleIsRfbNet300sFirstExtra() throws Exception {
        // 6.3: BasicRFB(1024, 1024, visual=2) at 1024x19x19: 5,095,296 params, 1,836,490,752 MACs.
        LayerCount c = sample("rfb.yaml");
        assertEquals(5_095_296, c.params());
        assertEquals(1_836_490_752L, c.macs());
    }

    @Test
    void stridedRfbBlocksOfRfbNet300() throws Exception {
        // 6.3: BasicRFB(1024, 512, s2, visual=2) at 1024x19x19 -> 10x10: 4,175,744 / 543,121,408.
        Network a = instance("rfb.yaml", List.of(1, 1024, 19, 19), "{name: rfb, block: rfb, out: 512, stride: 2, visual: 2}");
        assertEquals(4_175_744, total(a).params());
        assertEquals(543_121_408, total(a).macs());
        assertEquals(List.of(1L, 512L, 10L, 10L), a.outputs().get(0).shape().toList());
        // 6.3: BasicRFB(512, 256, s2, visual=2) at 512x10x10 -> 5x5: 1,045,440 / 35,123,200.
        Network b = instance("rfb.yaml", List.of(1, 512, 10, 10), "{name: rfb, block: rfb, out: 256, stride: 2, visual: 2}");
        assertEquals(1_045_440, total(b).params());
        assertEquals(35_123_200, total(b).macs());
        assertEquals(List.of(1L, 256L, 5L, 5L), b.outputs().get(0).shape().toList());
    }

    @Test
    void stridedRfbOfRfbNet512() throws Exception {
        // 6.3: BasicRFB(256, 256, s2, visual=1) at 256x64x64 -> 32x32: 319,968 / 418,381,824.
        Network n = instance("rfb.yaml", List.of(1, 256, 64, 64), "{name: rfb, block: rfb, out: 256, stride: 2}");
        assertEquals(319_968, total(n).params());
        assertEquals(418_381_824, total(n).macs());
    }
}
