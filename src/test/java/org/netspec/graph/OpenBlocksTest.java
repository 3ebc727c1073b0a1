package org.netspec.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.Profile;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;

/**
 * Writing new networks without copying library files: activation-typed block parameters, words
 * in {@code let:} lists, and library networks used as backbones.
 */
class OpenBlocksTest {
    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, yaml);
        return p;
    }

    private static long params(Network net) {
        return Costs.of(net, Profile.STANDARD).total().params();
    }

    /** One conv_bn_act from the library, 8 -> 16 channels 3x3 on 1x8x4x4, with {@code act} as written. */
    private Network convBnAct(String act) throws IOException, SpecException {
        return Specs.load(write("net.yaml", "network: net\nimports: [conv_bn_act]\ninputs: {x: [1, 8, 4, 4]}\nlayers:\n"
                + "  - {name: c, block: conv_bn_act, out: 16, kernel: 3" + (act == null ? "" : ", act: " + act) + "}\n"));
    }

    @Test
    void anActivationParameterTakesAnyActivationOfTheCatalogue() throws Exception {
        // conv 8*16*9 = 1152 weights, batch norm 2 * 16.
        long convBn = 8 * 16 * 9 + 2 * 16;
        Network byDefault = convBnAct(null);
        assertEquals("relu", byDefault.node("c.act").orElseThrow().op().name());
        assertEquals(convBn, params(byDefault));
        for (String act : List.of("hardswish", "sigmoid", "tanh", "relu6")) {
            Network net = convBnAct(act);
            assertEquals(act, net.node("c.act").orElseThrow().op().name());
            assertEquals(convBn, params(net));
        }
        // none leaves the layer out: the block ends at its batch norm.
        Network none = convBnAct("none");
        assertTrue(none.node("c.act").isEmpty());
        assertEquals("c.bn", none.outputs().get(0).name());
    }

    @Test
    void anActivationCarriesItsOwnAttributesSuchAsPreluSlopes() throws Exception {
        long convBn = 8 * 16 * 9 + 2 * 16;
        // PReLU: one slope per channel (16) by default, one shared slope with shared: true.
        assertEquals(convBn + 16, params(convBnAct("prelu")));
        assertEquals(convBn + 1, params(convBnAct("{op: prelu, shared: true}")));
        // Passed on through another block: inverted_residual hands its act to its conv_bn_act layers.
        Network ir = Specs.load(write("ir.yaml", "network: ir\nimports: [inverted_residual]\ninputs: {x: [1, 8, 4, 4]}\n"
                + "layers:\n  - {name: b, block: inverted_residual, out: 8, t: 2, act: {op: prelu, shared: true}}\n"));
        // expand 8->16 (128 + 32 + 1 slope), depthwise 16 (144 + 32 + 1), project 16->8 (128 + 16), no activation there.
        assertEquals(128 + 32 + 1 + 144 + 32 + 1 + 128 + 16, params(ir));
        assertEquals("prelu", ir.node("b.dw.act").orElseThrow().op().name());
        assertTrue(ir.node("b.project.act").isEmpty());
    }

    @Test
    void aWordThatIsNoActivationIsRefusedWithTheChoices() throws Exception {
        SpecException e = assertThrows(SpecException.class, () -> convBnAct("conv"));
        String message = e.diagnostics().get(0).toString();
        assertTrue(message.contains("`act` is an activation: `none`, one of "), message);
        assertTrue(message.contains("hardswish") && message.contains("prelu"), message);
        SpecException attr = assertThrows(SpecException.class, () -> convBnAct("{op: prelu, shard: true}"));
        assertTrue(attr.diagnostics().get(0).toString().contains("`prelu` has no attribute `shard`; did you mean `shared`?"),
                attr.diagnostics().get(0)::toString);
    }

    @Test
    void aLetListOfBareWordsIsAListOfWords() throws Exception {
        Network net = Specs.load(write("words.yaml", "network: words\nimports: [conv_bn_act]\ninputs: {x: [1, 4, 4, 4]}\n"
                + "let:\n  acts: [relu6, hardswish, sigmoid]\n  widths: [8, 16, 24]\nlayers:\n"
                + "  - for: k in range(3)\n    layers:\n"
                + "      - {name: \"c${k}\", block: conv_bn_act, out: \"widths[k]\", act: \"${acts[k]}\"}\n"));
        assertEquals("relu6", net.node("c0.act").orElseThrow().op().name());
        assertEquals("hardswish", net.node("c1.act").orElseThrow().op().name());
        assertEquals("sigmoid", net.node("c2.act").orElseThrow().op().name());
        // 1x1 convolutions 4->8, 8->16, 16->24 and their batch norms.
        assertEquals(32 + 16 + 128 + 32 + 384 + 48, params(net));
    }

    @Test
    void aLibraryNetworkIsABackboneExposingTheLayersItsHeadReads() throws Exception {
        Network seg = Specs.load(write("seg.yaml", "network: seg\nimports: [mobilenet_v2]\ninputs: {image: [1, 3, 224, 224]}\n"
                + "layers:\n  - {name: backbone, block: mobilenet_v2, outputs: [group3, group6]}\n"
                + "  - {name: head, op: conv, from: backbone.group6, out: 19, kernel: 1}\n"
                + "  - {name: aux, op: conv, from: backbone.group3, out: 19, kernel: 1}\n"
                + "outputs: [head, aux]\n"));
        Network whole = Specs.load(Path.of("specs/networks/mobilenet-v2.yaml"));
        // Torchvision's 3,504,872 without what follows group6: the 1x1 conv 320 -> 1280 with its batch norm
        // and the biased 1280 -> 1000 classifier; plus the two biased 1x1 heads on 320 and 64 channels.
        assertEquals(3_504_872L, params(whole));
        assertEquals(3_504_872L - (320 * 1280 + 2 * 1280) - (1280 * 1000 + 1000) + (320 * 19 + 19) + (64 * 19 + 19), params(seg));
        assertTrue(seg.node("backbone.classifier").isEmpty() && seg.node("backbone.last.conv").isEmpty());
        assertTrue(seg.unused().isEmpty());
        // The backbone's blocks keep their rows: by block at depth 1 and 2.
        Set<String> rows = Grouping.BLOCK.groups(seg).keySet();
        assertTrue(rows.containsAll(List.of("backbone.stem", "backbone.group0.0", "backbone.group3.3", "backbone.group6.0",
                "head", "aux")), rows::toString);
        assertFalse(rows.contains("backbone"));
        Set<String> inner = Grouping.block(2).groups(seg).keySet();
        assertTrue(inner.containsAll(List.of("backbone.group1.0.expand", "backbone.group1.0.dw", "backbone.group1.0.project")),
                inner::toString);
    }

    @Test
    void theGriddingOfABackbonesBlocksIsThatOfTheNetworkOnItsOwn() throws Exception {
        Network head = Specs.load(write("head.yaml", "network: head\nimports: [espnet-c]\ninputs: {image: [1, 3, 128, 256]}\n"
                + "layers:\n  - {name: backbone, block: espnet_c, outputs: b3}\n  - {name: seg, op: conv, out: 19, kernel: 1}\n"));
        Network alone = Specs.load(Path.of("specs/networks/espnet-c.yaml"), new Overrides(Map.of(), Map.of())
                .withInput("", "1x3x128x256"));
        // ESPNet-C without its 256 -> 20 classifier (no bias), with a biased 256 -> 19 head.
        assertEquals(params(alone) - 256 * 20 + 256 * 19 + 19, params(head));
        Gridding inBackbone = Gridding.of(head);
        Gridding onItsOwn = Gridding.of(alone);
        for (String block : List.of("level2_0", "level2.0", "level3.7")) {
            Gridding.Block inner = inBackbone.blocks().stream().filter(b -> b.name().equals("backbone." + block)).findFirst()
                    .orElseThrow(() -> new AssertionError(block));
            Gridding.Block own = onItsOwn.blocks().stream().filter(b -> b.name().equals(block)).findFirst().orElseThrow();
            assertEquals(own.coverage(), inner.coverage(), block);
            assertEquals(own.nodes().size(), inner.nodes().size(), block);
        }
    }

    @Test
    void onlyANetworkTakesOutputsAndItsLayersMustExist() throws Exception {
        SpecException e = assertThrows(SpecException.class, () -> Specs.load(write("bad.yaml", "network: bad\n"
                + "imports: [mobilenet_v2]\ninputs: {image: [1, 3, 64, 64]}\nlayers:\n"
                + "  - {name: backbone, block: mobilenet_v2, outputs: group9}\n")));
        assertTrue(e.diagnostics().get(0).toString().contains("bad.yaml:5:52: error: network `mobilenet_v2` has no layer "
                + "`group9` to expose"), e.diagnostics().get(0)::toString);
        SpecException block = assertThrows(SpecException.class, () -> convBnAct("relu, outputs: bn"));
        assertTrue(block.diagnostics().get(0).toString().contains("block `conv_bn_act` has no parameter `outputs`"),
                block.diagnostics().get(0)::toString);
    }
}
