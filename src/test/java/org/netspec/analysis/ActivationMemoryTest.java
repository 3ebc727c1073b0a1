package org.netspec.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.graph.Network;
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
}
