package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.Profile;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.spec.Overrides;

/** ESPNetv2 ImageNet (EdgeNets `EESPNet`), 224x224, 1000 classes: seed-networks.md section 1 and 2.2. */
class EspNetV2ImageNetTest {
    private static final Path SPEC = Path.of("specs/networks/espnetv2-imagenet.yaml");

    private static Network load(String s) throws Exception {
        return s == null ? Specs.load(SPEC) : Specs.load(SPEC, Overrides.NONE.withParam("s", s));
    }

    /** The EdgeNets total in millions, rounded to 2 decimals as the model zoo prints it. */
    private static double edgenetsMillions(Network net) {
        return Math.round(Costs.of(net, Profile.EDGENETS).total().macs() / 1e4) / 100.0;
    }

    private static long unusedParams(Network net) {
        Costs costs = Costs.of(net, Profile.STANDARD);
        return net.unused().stream().mapToLong(n -> costs.of(n).params()).sum();
    }

    @Test
    void defaultIsWidthOneWithItsExactCounts() throws Exception {
        Network net = load(null);
        Costs costs = Costs.of(net, Profile.STANDARD);
        // seed-networks.md 1: s=1.0 1,670,072 params (osmr asserts the same)
        assertEquals(1_670_072, costs.total().params());
        // seed-networks.md 1: EdgeNets model zoo 85.72 M (counter: executed conv only)
        assertEquals(85.72, edgenetsMillions(net));
        // seed-networks.md 1 and 3: recount 86.74 M = conv 85.720 M + linear 1.024 M (1024 x 1000)
        assertEquals(85_720_404 + 1_024_000, costs.total().macs());
        // 1000 ImageNet classes
        assertEquals(1000, net.outputs().get(0).shape().c());
    }

    @Test
    void widthHalf() throws Exception {
        Network net = load("0.5");
        // seed-networks.md 1: s=0.5 1,241,332 params; EdgeNets model zoo 28.38 M
        assertEquals(1_241_332, Costs.of(net, Profile.STANDARD).total().params());
        assertEquals(28.38, edgenetsMillions(net));
    }

    @Test
    void widthOneAndAQuarter() throws Exception {
        Network net = load("1.25");
        // seed-networks.md 1: s=1.25 1,965,440 params; EdgeNets model zoo 123.40 M
        assertEquals(1_965_440, Costs.of(net, Profile.STANDARD).total().params());
        assertEquals(123.40, edgenetsMillions(net));
    }

    @Test
    void widthOneAndAHalf() throws Exception {
        Network net = load("1.5");
        // seed-networks.md 1: s=1.5 2,314,856 params; EdgeNets model zoo 168.6 M (168.60 to 2 decimals)
        assertEquals(2_314_856, Costs.of(net, Profile.STANDARD).total().params());
        assertEquals(168.60, edgenetsMillions(net));
    }

    @Test
    void widthTwo() throws Exception {
        Network net = load("2.0");
        // seed-networks.md 1: s=2.0 3,498,136 params; EdgeNets model zoo 284.81 M
        assertEquals(3_498_136, Costs.of(net, Profile.STANDARD).total().params());
        assertEquals(284.81, edgenetsMillions(net));
    }

    @Test
    void unusedModulesKeepTheirParametersAndCostNothing() throws Exception {
        Network net = load(null);
        Costs costs = Costs.of(net, Profile.EDGENETS);
        assertFalse(net.unused().isEmpty());
        Set<String> withParams = net.unused().stream().filter(n -> costs.of(n).params() > 0).map(Node::name)
                .collect(Collectors.toSet());
        // seed-networks.md 2.2: the four strided EESP module_act PReLUs and level5_0.inp_reinf
        assertTrue(withParams.containsAll(Set.of("level2_0.eesp.act", "level3_0.eesp.act", "level4_0.eesp.act",
                "level5_0.eesp.act", "level5_0.reinf.conv", "level5_0.reinf_exp", "level5_0.reinf_bn")));
        assertTrue(withParams.stream().allMatch(n -> n.matches("level\\d_0\\.eesp\\.act|level5_0\\.reinf.*")));
        assertEquals(0, net.unused().stream().mapToLong(n -> costs.of(n).macs() + costs.of(n).ops()).sum());
        // seed-networks.md 2.2: unused share 3,130 at s=1.0 = PReLUs 32+64+128+256 + inp_reinf 90 + 5*512
        assertEquals(3_130, unusedParams(net));
        assertEquals(32 + 64 + 128 + 256 + 90 + 5 * 512, unusedParams(net));
    }

    @Test
    void unusedShareAtEveryWidth() throws Exception {
        // seed-networks.md 2.2: 1,610 / 3,130 / 3,898 / 4,666 / 6,202 for s = 0.5 / 1.0 / 1.25 / 1.5 / 2.0
        assertEquals(1_610, unusedParams(load("0.5")));
        assertEquals(3_898, unusedParams(load("1.25")));
        assertEquals(4_666, unusedParams(load("1.5")));
        assertEquals(6_202, unusedParams(load("2.0")));
        // seed-networks.md 4.2: without the never-run modules 1,961,542 (s=1.25) and 3,491,934 (s=2.0)
        assertEquals(1_961_542, 1_965_440 - unusedParams(load("1.25")));
        assertEquals(3_491_934, 3_498_136 - unusedParams(load("2.0")));
    }

    @Test
    void blockFigures() throws Exception {
        Network net = load(null);
        Costs costs = Costs.of(net, Profile.STANDARD);
        var blocks = costs.rollup(Grouping.BLOCK).stream()
                .collect(Collectors.toMap(Costs.Group::name, g -> g.count().params()));
        // seed-networks.md 2.2, EESP params nIn*n/4 + 3n + 36n + nOut^2/4 + 6*nOut, n = nOut/4;
        // level4 at s=1.0: nIn = nOut = 256, n = 64
        assertEquals(256 * 64 / 4 + 3 * 64 + 36 * 64 + 256 * 256 / 4 + 6 * 256, blocks.get("level4.0"));
        // DownSampler level5_0 (nin 256, nout 512): strided EESP(256 -> 256) + inp_reinf 90 + 5*512 + PReLU(512)
        assertEquals(256 * 64 / 4 + 3 * 64 + 36 * 64 + 256 * 256 / 4 + 6 * 256 + 90 + 5 * 512 + 512,
                blocks.get("level5_0"));
        // seed-networks.md 2.2: channel table, s=1.25: c0..c5 = 32, 80, 160, 320, 640, 1024
        Network w = load("1.25");
        assertEquals(32, w.node("level1.conv").orElseThrow().shape().c());
        assertEquals(80, w.node("level2_0.act").orElseThrow().shape().c());
        assertEquals(160, w.node("level3.2.act").orElseThrow().shape().c());
        assertEquals(320, w.node("level4.6.act").orElseThrow().shape().c());
        assertEquals(640, w.node("level5.dw.act").orElseThrow().shape().c());
        assertEquals(1024, w.node("level5.pw.act").orElseThrow().shape().c());
        // s=2.0: c5 = 1280, s=0.5: c0 = 16
        assertEquals(1280, load("2.0").node("level5.pw.act").orElseThrow().shape().c());
        assertEquals(16, load("0.5").node("level1.conv").orElseThrow().shape().c());
    }
}
