package org.netspec.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;
import org.netspec.spec.SpecException;
import org.netspec.testing.CodeNetwork;

/** ShuffleNet V2's guidelines on networks designed with and without them. */
class GuidelinesTest {
    @TempDir
    Path dir;

    private static List<Guidelines.Finding> findings(String network) throws SpecException {
        Network net = Specs.load(Path.of("specs/networks/" + network));
        return Guidelines.of(net, MemoryAccessCost.of(net));
    }

    private static Guidelines.Finding find(List<Guidelines.Finding> all, String guideline, String subject) {
        return all.stream().filter(f -> f.guideline().equals(guideline) && f.subject().equals(subject)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + guideline + " finding on " + subject));
    }

    @Test
    void shuffleNetV2FollowsItsOwnFirstThreeGuidelines() throws SpecException {
        List<Guidelines.Finding> warnings = findings("shufflenet-v2.yaml").stream().filter(Guidelines.Finding::warning).toList();
        assertTrue(warnings.stream().noneMatch(f -> List.of("G1", "G2", "G3").contains(f.guideline())), warnings::toString);
    }

    @Test
    void mobileNetV2ExpansionsBreakG1ByTheFormula() throws SpecException {
        // group1.0 expands 16 -> 96 channels at 112x112: hw(c1 + c2) + c1 c2 against 2 sqrt(hw B) + B / hw.
        double hw = 112 * 112;
        double b = hw * 16 * 96;
        double expected = (hw * (16 + 96) + 16 * 96) / (2 * Math.sqrt(hw * b) + b / hw);
        Guidelines.Finding f = find(findings("mobilenet-v2.yaml"), "G1", "group1.0.expand.conv");
        assertEquals(expected, f.value(), 1e-12);
        assertTrue(f.warning());
    }

    @Test
    void groupedPointwiseConvolutionsOfEespAreG2Findings() throws SpecException {
        // level3.0.exp: 128 -> 128 channels, 4 groups, at 28x28. A dense 1x1 convolution with the same
        // MACs maps 128 -> 32: read hw*128, write hw*32, weights 32*128; the grouped one writes hw*128
        // and has 128*128/4 weights.
        double hw = 28 * 28;
        double expected = (hw * 128 + hw * 128 + 128 * 128 / 4) / (hw * 128 + hw * 32 + 32 * 128);
        Guidelines.Finding f = find(findings("espnetv2-imagenet.yaml"), "G2", "level3.0.exp");
        assertEquals(expected, f.value(), 1e-12);
        assertTrue(f.warning());
        assertEquals(4, f.groups());
    }

    @Test
    void shuffleNetV1sGroupedConvolutionsBreakG2() throws SpecException {
        assertTrue(findings("shufflenet-v1.yaml").stream().anyMatch(f -> f.guideline().equals("G2") && f.warning()));
    }

    @Test
    void anEspModuleHasFiveParallelBranches() throws SpecException {
        Guidelines.Finding f = find(findings("espnet.yaml"), "G3", "level2.0");
        assertEquals(5, f.value());
        assertTrue(f.warning());
    }

    @Test
    void theElementWiseShareIsAlwaysReported() throws SpecException {
        // ShuffleNet V2's element-wise operators (batch norm, activations, sums, products) by name,
        // against the memory access of every node
        Set<String> elementWise = Set.of("batchnorm", "relu", "relu6", "prelu", "sigmoid", "tanh", "hardsigmoid",
                "hardswish", "add", "mul");
        Network net = Specs.load(Path.of("specs/networks/espnet.yaml"));
        MemoryAccessCost access = MemoryAccessCost.of(net);
        long share = net.nodes().stream().filter(n -> elementWise.contains(n.op().name()))
                .mapToLong(n -> access.of(n).total()).sum();
        double expected = (double) share / access.total().total();
        Guidelines.Finding f = find(Guidelines.of(net, access), "G4", "espnet");
        assertTrue(expected > 0 && expected < 1, "espnet has both kinds of operator");
        assertEquals(expected, f.value(), 1e-12);
    }

    @Test
    void theElementWiseShareOfATinyNetworkAsDerivedByHand() throws IOException, SpecException {
        Path p = dir.resolve("g4.yaml");
        Files.writeString(p, """
                network: g4
                inputs: {x: [1, 4, 8, 8]}
                layers:
                  - {name: c, op: conv, out: 4, kernel: 1, bias: false}
                  - {name: bn, op: batchnorm}
                  - {name: act, op: relu}
                  - {name: sum, op: add, from: [x, act]}
                  - {name: prob, op: softmax}
                  - {name: drop, op: dropout}
                """);
        Network net = Specs.load(p);
        // 256 elements per map. conv: read 256, write 256, 4*4 weights = 528 (not element-wise);
        // bn: 256 + 256 + 8 params + 8 buffers = 528; relu: 256 + 256 = 512; add: 2*256 + 256 = 768;
        // softmax normalises across channels, not element-wise: 256 + 256 = 512; the dropout is a view
        // and the input is given: 0 each.
        Guidelines.Finding f = find(Guidelines.of(net, MemoryAccessCost.of(net)), "G4", "g4");
        assertEquals((528.0 + 512 + 768) / (528 + 528 + 512 + 768 + 512), f.value(), 1e-15);
        assertTrue(f.warning(), "1808 / 2848 is above a third");
    }

    private static List<Guidelines.Finding> findings(Network net) {
        return Guidelines.of(net, MemoryAccessCost.of(net));
    }

    private static boolean hasG1(List<Guidelines.Finding> all, String subject) {
        return all.stream().anyMatch(f -> f.guideline().equals("G1") && f.subject().equals(subject));
    }

    /** The G1 ratio of a 1x1 convolution c1 -> c2 with bias on hw positions: access over the minimum. */
    private static double g1Ratio(double hw, double c1, double c2) {
        double access = hw * (c1 + c2) + c1 * c2 + c2;
        double macs = hw * c1 * c2;
        return access / (2 * Math.sqrt(hw * macs) + macs / hw);
    }

    @Test
    void aStridedPointwiseConvolutionIsJudgedAtTheResolutionItReads() {
        // ResNet's down-sampling shortcut: 1x1, stride 2, 256 -> 512 on 56x56. At the 3136 positions it
        // reads the ratio is 1.06, below the threshold; at the 784 it writes the full read (3136 * 256)
        // against an output-sized minimum would give 1.91, a stride mistaken for unequal widths.
        Network net = CodeNetwork.input(256, 56, 56).conv("a", 256, 3, 1, 1, 1).block("res")
                .conv("shortcut", 512, 1, 2, 1, 0).endBlock()
                .conv("head", 100, 3, 1, 1, 1).build();
        Guidelines.Finding f = find(findings(net), "G1", "shortcut");
        assertEquals(g1Ratio(56 * 56, 256, 512), f.value(), 1e-12);
        assertFalse(f.warning());
        double outputSized = (56 * 56 * 256 + 28 * 28 * 512 + 256 * 512 + 512.0)
                / (2 * Math.sqrt(28 * 28 * (28 * 28 * 256 * 512.0)) + 256 * 512);
        assertTrue(outputSized >= Guidelines.G1_EXCESS, "the old rule would have warned: " + outputSized);
    }

    @Test
    void aPointwiseConvolutionOnAOneByOneMapIsNotG1Material() {
        // squeeze-excitation: global pooling, then 1x1 convolutions 64 -> 16 -> 64 on a 1x1 map
        Network net = CodeNetwork.input(64, 8, 8).node("pool", "global_avgpool", Map.of())
                .conv("squeeze", 16, 1, 1, 1, 0).conv("excite", 64, 1, 1, 1, 0)
                .node("scale", "mul", Map.of(), "x", "excite").conv("head", 10, 3, 1, 1, 1).build();
        List<Guidelines.Finding> all = findings(net);
        assertFalse(hasG1(all, "squeeze"));
        assertFalse(hasG1(all, "excite"));
        // the same widths on a 2x2 map are judged: hw = 4
        Network wide = CodeNetwork.input(64, 8, 8).node("pool", "adaptive_avgpool", Map.of("size", 2L))
                .conv("squeeze", 16, 1, 1, 1, 0).conv("head", 10, 3, 1, 1, 1).build();
        assertEquals(g1Ratio(4, 64, 16), find(findings(wide), "G1", "squeeze").value(), 1e-12);
    }

    @Test
    void theClassifierIsNotG1MaterialButANarrowingInsideIs() {
        // 64 -> 10 as the last layer with MACs (up-sampling follows): its width is the class count.
        // The same 1x1 feeding a 3x3 is a design choice and is judged.
        Network classifier = CodeNetwork.input(64, 16, 16).conv("features", 64, 3, 1, 1, 1)
                .conv("classifier", 10, 1, 1, 1, 0).node("up", "upsample", Map.of("scale", 2.0)).build();
        assertFalse(hasG1(findings(classifier), "classifier"));
        Network inside = CodeNetwork.input(64, 16, 16).conv("features", 64, 3, 1, 1, 1)
                .conv("narrow", 10, 1, 1, 1, 0).conv("out", 12, 3, 1, 1, 1).build();
        Guidelines.Finding f = find(findings(inside), "G1", "narrow");
        assertEquals(g1Ratio(16 * 16, 64, 10), f.value(), 1e-12);
        assertTrue(f.warning());
    }

    @Test
    void theLastPointwiseConvolutionOfABlockSampleIsItsProjectionNotAClassifier() {
        // a block file's sample network is one block instance: its last 1x1 (64 -> 10) is judged
        Network sample = CodeNetwork.input(64, 16, 16).block("unit").conv("features", 64, 3, 1, 1, 1)
                .conv("project", 10, 1, 1, 1, 0).endBlock().build();
        assertEquals(g1Ratio(16 * 16, 64, 10), find(findings(sample), "G1", "project").value(), 1e-12);
    }
}
