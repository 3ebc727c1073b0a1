package org.netspec.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netspec.testing.SpecFixtures.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.LayerCount;
import org.netspec.analysis.Profile;
import org.netspec.ops.Pair;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;

/** The spec language end to end: blocks using blocks, loops, conditions, repeats, overrides, names. */
class LanguageTest {
    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, yaml);
        return p;
    }

    @Test
    void nestedBlocksLoopsAndRepeatsExpandToTheHandCountedGraph() throws SpecException {
        Network net = Specs.load(spec("lang/nested.yaml"));
        LayerCount t = Costs.of(net, Profile.STANDARD).total();
        // stem 6*12*9; body = 2 x twice, twice = pair(g=1) + pair(g=2) = (144 + 1296) + (144 + 648);
        // three biased branches 12*2*9 + 2; batch norm of the 6 concatenated channels 2*6.
        assertEquals(648 + 2 * (144 + 1296 + 144 + 648) + 3 * (12 * 2 * 9 + 2) + 2 * 6, t.params());
        assertEquals(2 * 6, t.buffers());
        // per 10x10 position: 648 + 2 * 2232 + 3 * 216 weights.
        assertEquals((648 + 2 * 2232 + 3 * 216) * 100L, t.macs());
        // bias adds 3*2*100, batch norm 2*600, relu 600.
        assertEquals(600 + 1200 + 600, t.ops());
        assertEquals(16, net.nodes().size());
        assertEquals("tail.relu", net.outputs().get(0).name());
        assertEquals("1x6x10x10", net.outputs().get(0).shape().toString());
    }

    @Test
    void scopedNamesFollowGroupsRepeatsAndBlocks() throws SpecException {
        Network net = Specs.load(spec("lang/nested.yaml"));
        Node inner = net.node("body.1.p2.second").orElseThrow();
        assertEquals("body.1", inner.block().orElseThrow());
        assertEquals("body", inner.stage());
        assertEquals(List.of("twice", "pair"), inner.chain().stream().map(f -> f.block()).toList());
        // The second repetition reads the first; a loop branch reads the repeat's output by its name.
        assertEquals("body.0.p2.second", net.node("body.1.p1.first").orElseThrow().inputs().get(0).name());
        assertEquals("body.1.p2.second", net.node("branch2").orElseThrow().inputs().get(0).name());
        assertEquals(Pair.square(3), net.node("branch2").orElseThrow().attributes().given().get("dilation"));
    }

    @Test
    void overridesReplaceParametersAndInputShapes() throws SpecException {
        Network net = Specs.load(spec("lang/nested.yaml"),
                Overrides.NONE.withParam("use_tail", "false").withParam("n", "2").withInput("", "1x6x7x9"));
        assertEquals("cat", net.outputs().get(0).name());
        assertEquals("1x4x7x9", net.outputs().get(0).shape().toString());
        assertFalse(net.node("tail.relu").isPresent());
    }

    @Test
    void unknownOverridesAreUsageErrorsWithSuggestions() {
        SpecException e = assertThrows(SpecException.class,
                () -> Specs.load(spec("lang/nested.yaml"), Overrides.NONE.withParam("use_tial", "false")));
        assertTrue(e.getMessage().contains("has no parameter `use_tial`; did you mean `use_tail`?"), e::getMessage);
        SpecException typed = assertThrows(SpecException.class,
                () -> Specs.load(spec("lang/nested.yaml"), Overrides.NONE.withParam("n", "2.5")));
        assertTrue(typed.getMessage().contains("`n` is an integer"), typed::getMessage);
    }

    @Test
    void unknownKeysAndOperatorsSuggestTheClosestName() throws IOException {
        Path file = write("typo.yaml", """
                network: typo
                inputs: {x: [1, 3, 8, 8]}
                layers:
                  - {name: a, op: conv, out: 4, kernel: 3, dilaton: 2}
                  - {name: b, op: batchnrom}
                """);
        SpecException e = assertThrows(SpecException.class, () -> Specs.load(file));
        List<Diagnostic> d = e.diagnostics();
        assertEquals(2, d.size(), e::getMessage);
        assertEquals(4, d.get(0).location().line());
        assertEquals(Files.readAllLines(file).get(3).indexOf("dilaton") + 1, d.get(0).location().column());
        assertTrue(d.get(0).message().contains("`conv` has no attribute `dilaton`; did you mean `dilation`?"), e::getMessage);
        assertEquals(5, d.get(1).location().line());
        assertTrue(d.get(1).message().contains("unknown operator `batchnrom`; did you mean `batchnorm`?"), e::getMessage);
    }

    @Test
    void expressionErrorsNameTheValueAndTheProblem() throws IOException {
        Path file = write("expr.yaml", """
                network: expr
                params: {k: 0}
                inputs: {x: [1, 3, 8, 8]}
                layers:
                  - {name: a, op: conv, out: 12 / k, kernel: 1}
                  - {name: b, op: conv, out: widht, kernel: 1}
                  - {name: c, op: conv, out: 9223372036854775807 + 1, kernel: 1}
                """);
        SpecException e = assertThrows(SpecException.class, () -> Specs.load(file));
        List<Diagnostic> d = e.diagnostics();
        assertEquals(3, d.size(), e::getMessage);
        assertTrue(d.get(0).message().contains("division by zero"), e::getMessage);
        assertEquals(5, d.get(0).location().line());
        assertTrue(d.get(1).message().contains("unknown name `widht`"), e::getMessage);
        assertTrue(d.get(2).message().contains("integer overflow"), e::getMessage);
    }

    @Test
    void importsAreRelativeToTheImportingFileAndBlocksNeedTheirParameters() throws IOException {
        write("net/lib/unit.yaml", """
                block: unit
                params: {width: int}
                layers:
                  - {op: conv, out: width, kernel: 1}
                """);
        Path file = write("net/main.yaml", """
                network: main
                imports: [lib/unit.yaml]
                inputs: {x: [1, 3, 8, 8]}
                layers:
                  - {name: u, block: unit}
                  - {name: v, block: unit, widht: 4}
                """);
        SpecException e = assertThrows(SpecException.class, () -> Specs.load(file));
        assertTrue(e.getMessage().contains("block `unit` needs parameter `width`"), e::getMessage);
        assertTrue(e.getMessage().contains("has no parameter `widht`; did you mean `width`?"), e::getMessage);
    }

    @Test
    void aLayerWithoutFromReadsThePreviousOneAndUnusedNodesAreListed() throws IOException, SpecException {
        Path file = write("unused.yaml", """
                network: unused
                inputs: {x: [1, 4, 8, 8]}
                layers:
                  - {name: a, op: conv, out: 4, kernel: 1, bias: false}
                  - {name: side, op: prelu}
                  - {name: b, op: conv, from: a, out: 4, kernel: 1, bias: false}
                """);
        Network net = Specs.load(file);
        assertEquals("a", net.node("side").orElseThrow().inputs().get(0).name());
        assertEquals(List.of("side"), net.unused().stream().map(Node::name).toList());
        Costs costs = Costs.of(net, Profile.STANDARD);
        assertEquals(4 + 16 + 16, costs.total().params()); // the unused PReLU keeps its 4 slopes
        assertEquals(0, costs.of(net.node("side").orElseThrow()).ops());
        assertEquals(2 * 16 * 64, costs.total().macs());
    }

    @Test
    void theSumOfTheRowsIsTheTotalInEveryRollup() throws SpecException {
        Costs costs = Costs.of(Specs.load(Path.of("specs/networks/espnet.yaml")), Profile.STANDARD);
        for (Grouping g : Grouping.values()) {
            LayerCount sum = costs.rollup(g).stream().map(Costs.Group::count).reduce(LayerCount.ZERO, LayerCount::plus);
            assertEquals(costs.total(), sum, g.name());
        }
    }

    @Test
    void choicesRestrictAParameterAtEveryLevel() throws IOException {
        SpecException network = assertThrows(SpecException.class,
                () -> Specs.load(Path.of("specs/networks/shufflenet-v2.yaml"), Overrides.NONE.withParam("width", "0.7")));
        assertTrue(network.getMessage().contains("--set width=0.7: `width` is one of 0.5, 1.0, 1.5, 2.0"), network::getMessage);
        write("pick.yaml", """
                block: pick
                params:
                  act: {type: string, default: relu, choices: [relu, relu6, none]}
                layers:
                  - {name: act, op: relu}
                """);
        Path file = write("act.yaml", """
                network: act
                imports: [pick.yaml]
                inputs: {x: [1, 8, 8, 8]}
                layers:
                  - {name: c, block: pick, act: gelu}
                """);
        SpecException block = assertThrows(SpecException.class, () -> Specs.load(file));
        assertTrue(block.getMessage().contains("`act` is one of relu, relu6, none, got `gelu`"), block::getMessage);
    }

    @Test
    void aBlockFileTakesItsParametersFromTheCommandLine() throws SpecException {
        // ESP(64 -> 128) with K = 4: n = 32; reduce 64*32, branches 4 * 32*32*9, BN 2*128, PReLU 128.
        Network net = Specs.load(Path.of("specs/blocks/esp.yaml"),
                Overrides.NONE.withParam("out", "128").withParam("K", "4").withParam("add", "false"));
        assertEquals(64 * 32 + 4 * 32 * 32 * 9 + 3 * 128, Costs.of(net, Profile.STANDARD).total().params());
    }
}
