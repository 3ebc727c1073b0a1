package org.netspec.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.spec.SpecException;
import org.netspec.testing.SpecFixtures;

/** Peak activation memory against liveness worked out by hand. */
class ActivationMemoryTest {
    @TempDir
    Path dir;

    @Test
    void branchOrderChangesThePeakAsDerivedByHand() throws SpecException {
        // the comments in the two specs derive 1200 and 1600 elements of 4 bytes.
        ActivationMemory wide = ActivationMemory.of(Specs.load(SpecFixtures.spec("memory/two-branch-wide-first.yaml")), 4);
        assertEquals(1200 * 4, wide.declared().peakBytes());
        assertEquals("a2", wide.declared().peakNode().name());
        assertEquals(wide.declared(), wide.best());
        ActivationMemory narrow = ActivationMemory.of(Specs.load(SpecFixtures.spec("memory/two-branch-narrow-first.yaml")), 4);
        assertEquals(1600 * 4, narrow.declared().peakBytes());
        assertEquals("a1", narrow.declared().peakNode().name());
        // another order runs the wide branch first and finds the 1200-element peak.
        assertEquals(1200 * 4, narrow.best().peakBytes());
        assertEquals("a1", narrow.best().order().get(1).name());
    }

    @Test
    void weightsAndViewsAndOutputs() throws IOException, SpecException {
        Path p = dir.resolve("chain.yaml");
        Files.writeString(p, """
                network: chain
                inputs: {x: [1, 2, 5, 5]}
                layers:
                  - {name: c, op: conv, out: 4, kernel: 3, padding: 1}
                  - {name: drop, op: dropout, p: 0.1}
                  - {name: bn, op: batchnorm}
                """);
        Network net = Specs.load(p);
        ActivationMemory m = ActivationMemory.of(net, 2);
        // running c: x (50) + c (100); the dropout is a view of c; running bn: c (100) + bn (100), x freed.
        assertEquals(150 * 2, m.declared().liveBytes().get(net.node("c").orElseThrow()));
        assertEquals(200 * 2, m.declared().liveBytes().get(net.node("bn").orElseThrow()));
        assertEquals(200 * 2, m.declared().peakBytes());
        // weights: conv 4*2*9 + 4, batch norm 2*4 params and 2*4 buffers, at 2 bytes each.
        assertEquals((4 * 2 * 9 + 4 + 8 + 8) * 2, m.weightBytes());
    }

    @Test
    void maxPoolIndicesStayAliveUntilTheUnpoolAt8BytesEach() throws IOException, SpecException {
        Path p = dir.resolve("unpool.yaml");
        Files.writeString(p, """
                network: unpool
                inputs: {x: [1, 1, 4, 4]}
                layers:
                  - {name: pool, op: maxpool, kernel: 2, indices: true}
                  - {name: up, op: max_unpool, from: [pool, pool], kernel: 2}
                """);
        Network net = Specs.load(p);
        ActivationMemory m = ActivationMemory.of(net, 4);
        // pool: x 16*4 + values 4*4 + indices 4*8; then up: pool 48 + up 16*4, x freed.
        assertEquals(64 + 16 + 32, m.declared().liveBytes().get(net.node("pool").orElseThrow()));
        assertEquals(16 + 32 + 64, m.declared().liveBytes().get(net.node("up").orElseThrow()));
    }

    @Test
    void livenessFreesEachStorageAfterItsLastReaderAndViewsShareTheirInputs() throws IOException, SpecException {
        Path p = dir.resolve("live.yaml");
        Files.writeString(p, """
                network: live
                inputs: {x: [1, 2, 4, 4]}
                layers:
                  - {name: a, op: conv, out: 2, kernel: 1}
                  - {name: v, op: identity}
                  - {name: p, op: relu, from: x}
                  - {name: b, op: maxpool, from: v, kernel: 2}
                  - {name: u, op: upsample, from: [b, p]}
                  - {name: dead, op: relu, from: u}
                  - {name: s, op: add, from: [u, v]}
                outputs: [s]
                """);
        Network net = Specs.load(p);
        Liveness live = Liveness.of(net);
        assertEquals(List.of("x", "a", "v", "p", "b", "u", "s"), names(live.executed()), "`dead` reaches no output");
        Node a = net.node("a").orElseThrow();
        assertEquals(a, live.storage(net.node("v").orElseThrow()));
        assertEquals(List.of("a", "v"), names(live.sharing(a)));
        // the view reads nothing; upsample reads b's values and only p's shape; add reads u and v's storage a
        assertEquals(List.of(), live.reads(net.node("v").orElseThrow()));
        assertEquals(List.of("b"), names(live.reads(net.node("u").orElseThrow())));
        assertEquals(List.of("u", "a"), names(live.reads(net.node("s").orElseThrow())));
        // x is read by a and p; p by nobody (freed at once); a by b (through v) and s; s is the output
        Liveness.Countdown countdown = live.countdown();
        Map<String, List<String>> freed = new LinkedHashMap<>();
        for (Node n : live.executed()) {
            freed.put(n.name(), names(countdown.ran(n)));
        }
        assertEquals(Map.of("x", List.of(), "a", List.of(), "v", List.of(), "p", List.of("x", "p"), "b", List.of(),
                "u", List.of("b"), "s", List.of("u", "a")), freed);
    }

    private static List<String> names(List<Node> nodes) {
        return nodes.stream().map(Node::name).toList();
    }
}
