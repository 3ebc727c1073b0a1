package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.LayerCount;
import org.netspec.analysis.Profile;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;

/**
 * ESPNet and ESPNet-C against the released checkpoints of sacmehta/ESPNet
 * (../shared/reference/seed-networks.md, sections 1 and 2.1), through the user's path.
 */
class EspNetTest {
    private static final Path ESPNET = Path.of("specs/networks/espnet.yaml");
    private static final Path ESPNET_C = Path.of("specs/networks/espnet-c.yaml");

    private static Costs count(Path file, Overrides overrides, Profile profile) throws SpecException {
        return Costs.of(Specs.load(file, overrides), profile);
    }

    @Test
    void espnetMatchesTheReleasedCheckpoint() throws SpecException {
        LayerCount t = count(ESPNET, Overrides.NONE, Profile.STANDARD).total();
        assertEquals(364_569, t.params());   // ckpt decoder/espnet_p_2_q_8.pth
        assertEquals(3_772, t.buffers());    // the same checkpoint's BN running statistics
    }

    @Test
    void espnetMatchesTheReleasedDecodersAtEveryQ() throws SpecException {
        assertEquals(202_649, count(ESPNET, Overrides.NONE.withParam("q", "3"), Profile.STANDARD).total().params());
        assertEquals(267_417, count(ESPNET, Overrides.NONE.withParam("q", "5"), Profile.STANDARD).total().params());
        assertEquals(3.399, Math.round(count(ESPNET, Overrides.NONE.withParam("q", "3"), Profile.STANDARD).total().macs()
                / 1e6) / 1e3);
        assertEquals(3.923, Math.round(count(ESPNET, Overrides.NONE.withParam("q", "5"), Profile.STANDARD).total().macs()
                / 1e6) / 1e3);
    }

    @Test
    void espnetCMatchesTheReleasedEncoders() throws SpecException {
        assertEquals(349_449, count(ESPNET_C, Overrides.NONE, Profile.STANDARD).total().params()); // encoder q=8
        assertEquals(187_529, count(ESPNET_C, Overrides.NONE.withParam("q", "3"), Profile.STANDARD).total().params());
        assertEquals(252_297, count(ESPNET_C, Overrides.NONE.withParam("q", "5"), Profile.STANDARD).total().params());
    }

    @Test
    void espnetCFollowsTheClosedFormInPQAndClasses() throws SpecException {
        // 69,513 + 7,872 p + 32,384 q + 256 C (seed-networks.md 2.1)
        Overrides o = Overrides.NONE.withParam("p", "5").withParam("q", "3").withParam("classes", "19");
        assertEquals(69_513 + 7_872 * 5 + 32_384 * 3 + 256 * 19, count(ESPNET_C, o, Profile.STANDARD).total().params());
        assertEquals(210_889, count(ESPNET_C, o, Profile.STANDARD).total().params()); // osmr espcnet.py, code defaults
    }

    @Test
    void espnetDecoderParamsMatchTheRecount() throws SpecException {
        Costs costs = count(ESPNET, Overrides.NONE, Profile.STANDARD);
        Map<String, Long> stages = costs.rollup(Grouping.STAGE).stream()
                .collect(Collectors.toMap(Costs.Group::name, g -> g.count().params()));
        assertEquals(15_120, stages.get("decoder")); // 1,640 + 2,620 + 1,060 + 1,660 + 6,540 + 1,600
        assertEquals(9_156, stages.get("level2_0"));  // DownSamplerB(19, 64)
        assertEquals(58_659, stages.get("level3_0")); // DownSamplerB(131, 128)
        assertEquals(2 * 7_872, stages.get("level2")); // p x ESP(64, 64)
        assertEquals(8 * 32_384, stages.get("level3")); // q x ESP(128, 128)
    }

    @Test
    void theTransposedConvolutionsAreWhatTheAuthorsCounterMisses() throws SpecException {
        long standard = count(ESPNET, Overrides.NONE, Profile.STANDARD).total().macs();
        long edgenets = count(ESPNET, Overrides.NONE, Profile.EDGENETS).total().macs();
        // 2x2 stride-2 deconvolutions 20 -> 20, counted from the input side, at 64x128, 128x256, 256x512.
        long deconv = 20L * 20 * 4 * (64 * 128 + 128 * 256 + 256 * 512);
        assertEquals(275_251_200, deconv);
        assertEquals(deconv, standard - edgenets); // no conv in ESPNet has a bias
        assertEquals(4.434, Math.round(edgenets / 1e6) / 1e3);  // Conv2d-only recount, 4.434 G
        assertEquals(4.709, Math.round(standard / 1e6) / 1e3);  // Conv + ConvT recount, 4.709 G
    }

    @Test
    void espnetCMacsMatchTheRecount() throws SpecException {
        assertEquals(3.470, Math.round(count(ESPNET_C, Overrides.NONE, Profile.STANDARD).total().macs() / 1e6) / 1e3);
        assertEquals(2.159, Math.round(count(ESPNET_C, Overrides.NONE.withParam("q", "3"), Profile.STANDARD)
                .total().macs() / 1e6) / 1e3);
    }

    @Test
    void theOutputIsAtFullResolutionWithOneMapPerClass() throws SpecException {
        Network net = Specs.load(ESPNET, Overrides.NONE.withParam("classes", "12").withInput("", "1x3x360x480"));
        assertEquals("1x12x360x480", net.outputs().get(0).shape().toString());
    }
}
