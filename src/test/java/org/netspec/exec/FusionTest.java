package org.netspec.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.analysis.Liveness;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;

/** Nodes that take the per-channel nodes after them into their own kernels. */
class FusionTest {
    private static final Executor.Progress QUIET = (done, total, node) -> { };

    @TempDir
    Path dir;

    private Network network() throws IOException, SpecException {
        Path p = dir.resolve("fusion.yaml");
        Files.writeString(p, """
                network: fusion
                inputs: {x: [1, 6, 9, 11]}
                layers:
                  - {name: c1, op: conv, out: 6, kernel: 3, padding: 1}
                  - {name: bn1, op: batchnorm}
                  - {name: act1, op: prelu}
                  - {name: c2, op: conv, out: 6, kernel: 3, padding: 2, dilation: 2, groups: 6}
                  - {name: bn2, op: batchnorm}
                  - {name: c3, op: conv, from: bn2, out: 7, kernel: 1}
                  - {name: r3, op: relu6}
                  - {name: c4, op: conv, from: bn2, out: 7, kernel: 3, stride: 1, padding: 1, bias: false}
                  - {name: r4, op: hardswish}
                  - {name: sum, op: add, from: [r3, r4]}
                  - {name: c5, op: conv, out: 4, kernel: 1}
                  - {name: bn5, op: batchnorm}
                  - {name: c6, op: conv, from: sum, out: 4, kernel: 3, stride: 2, padding: 1}
                  - {name: bn6, op: batchnorm}
                  - {name: s2, op: add, from: [r3, r4]}
                  - {name: s2act, op: prelu}
                  - {name: s2bn, op: batchnorm}
                  - {name: cat, op: concat, from: [r4, s2bn]}
                  - {name: catbn, op: batchnorm}
                  - {name: catact, op: relu}
                  - {name: pool, op: avgpool, from: catact, kernel: 2}
                outputs: [bn5, c6, bn6, pool]
                """);
        return Specs.load(p);
    }

    @Test
    void eachNodeTakesTheChainOnlyItFeeds() throws IOException, SpecException {
        Network net = network();
        Fusion fusion = Fusion.of(net, Liveness.of(net));
        // bn2 has two readers, so its chain ends there; c6 is a network output, so bn6 runs on its own
        assertEquals(List.of("bn1", "act1"), chain(net, fusion, "c1"));
        assertEquals(List.of("bn2"), chain(net, fusion, "c2"));
        assertEquals(List.of("r3"), chain(net, fusion, "c3"));
        assertEquals(List.of("r4"), chain(net, fusion, "c4"));
        assertEquals(List.of("bn5"), chain(net, fusion, "c5"));
        assertEquals(List.of(), chain(net, fusion, "c6"));
        // any other node takes in the chain on its output: an addition, a concatenation
        assertEquals(List.of("s2act", "s2bn"), chain(net, fusion, "s2"));
        assertEquals(List.of("catbn", "catact"), chain(net, fusion, "cat"));
        assertEquals(List.of(), chain(net, fusion, "sum"));
        assertTrue(fusion.isAbsorbed(net.node("act1").orElseThrow()));
        assertFalse(fusion.isAbsorbed(net.node("bn6").orElseThrow()));
        assertFalse(fusion.isAbsorbed(net.node("sum").orElseThrow()));
    }

    @Test
    void fusedRunsGiveTheUnfusedBitsOnAnyThreadCount() throws IOException, SpecException {
        Network net = network();
        Execution unfused = run(net, 1, false);
        for (int threads : new int[] {1, 2}) {
            Execution fused = run(net, threads, true);
            assertTrue(fused.shapesMatch());
            assertEquals(unfused.runs().size(), fused.runs().size(), "every fused node still runs");
            for (Node o : net.outputs()) {
                assertArrayEquals(unfused.outputs().get(o).data(), fused.outputs().get(o).data(), o.name());
            }
        }
    }

    @Test
    void seedNetworksGiveTheUnfusedBits() throws SpecException {
        for (String spec : List.of("specs/networks/espnetv2-seg.yaml", "specs/networks/fast-scnn.yaml")) {
            Network net = Specs.load(Path.of(spec), Overrides.NONE.withInput("", "1x3x64x128"));
            Execution unfused = run(net, 2, false);
            Execution fused = run(net, 2, true);
            for (Node o : net.outputs()) {
                assertArrayEquals(unfused.outputs().get(o).data(), fused.outputs().get(o).data(), spec + " " + o.name());
            }
        }
    }

    private static Execution run(Network net, int threads, boolean fuse) {
        return Executor.run(net, new Executor.Options(5, threads), QUIET, ConvCore.fastest(), Long.MAX_VALUE, fuse);
    }

    private static List<String> chain(Network net, Fusion fusion, String conv) {
        return fusion.chainOf(net.node(conv).orElseThrow()).stream().map(Node::name).toList();
    }
}
