package org.netspec.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;
import org.netspec.spec.SpecException;

/** Memory access cost against ShuffleNet V2's formulas. */
class MemoryAccessCostTest {
    @TempDir
    Path dir;

    private Network conv1x1(long c1, long c2, long h, long w) throws IOException, SpecException {
        Path p = dir.resolve("c" + c1 + "_" + c2 + ".yaml");
        Files.writeString(p, """
                network: pointwise
                inputs: {x: [1, %d, %d, %d]}
                layers:
                  - {name: pw, op: conv, out: %d, kernel: 1, bias: false}
                """.formatted(c1, h, w, c2));
        return Specs.load(p);
    }

    @Test
    void aPointwiseConvolutionReadsWritesAndLoadsItsWeights() throws IOException, SpecException {
        Network net = conv1x1(32, 64, 14, 14);
        MemoryAccessCost mac = MemoryAccessCost.of(net);
        // hw(c1 + c2) + c1 c2
        assertEquals(14 * 14 * (32 + 64) + 32 * 64, mac.of(net.node("pw").orElseThrow()).total());
        assertEquals(mac.of(net.node("pw").orElseThrow()).total(), mac.total().total()); // the input costs nothing
    }

    @Test
    void forFixedMacsEqualWidthsAccessTheLeastMemory() throws IOException, SpecException {
        // B = hw c1 c2 is the same for every pair below (c1 c2 = 4096 at 28x28).
        long[][] pairs = {{8, 512}, {16, 256}, {32, 128}, {64, 64}, {128, 32}, {256, 16}};
        long best = Long.MAX_VALUE;
        long bestC1 = 0;
        for (long[] p : pairs) {
            Network net = conv1x1(p[0], p[1], 28, 28);
            assertEquals(28L * 28 * 4096, Costs.of(net, Profile.STANDARD).total().macs());
            long access = MemoryAccessCost.of(net).total().total();
            assertEquals(28 * 28 * (p[0] + p[1]) + p[0] * p[1], access);
            if (access < best) {
                best = access;
                bestC1 = p[0];
            }
        }
        assertEquals(64, bestC1);
        // and the minimum meets ShuffleNet V2's bound 2 sqrt(hw B) + B / hw with equality.
        double b = 28.0 * 28 * 4096;
        assertEquals(2 * Math.sqrt(28 * 28 * b) + b / (28 * 28), best, 1e-6);
    }

    @Test
    void elementWiseSplitShuffleAndConcatAllCount() throws IOException, SpecException {
        Path p = dir.resolve("unit.yaml");
        Files.writeString(p, """
                network: unit
                inputs: {x: [1, 8, 4, 4]}
                layers:
                  - {name: left, op: chunk, chunks: 2, index: 0}
                  - {name: right, op: chunk, from: x, chunks: 2, index: 1}
                  - {name: act, op: relu}
                  - {name: cat, op: concat, from: [left, act]}
                  - {name: shuffle, op: channel_shuffle, groups: 2}
                  - {name: same, op: identity}
                """);
        Network net = Specs.load(p);
        MemoryAccessCost mac = MemoryAccessCost.of(net);
        long half = 4 * 16;
        assertEquals(2 * half, mac.of(net.node("left").orElseThrow()).total());     // copies its half out
        assertEquals(2 * half, mac.of(net.node("act").orElseThrow()).total());      // reads and writes its half
        assertEquals(4 * half, mac.of(net.node("cat").orElseThrow()).total());      // reads both halves, writes all
        assertEquals(4 * half, mac.of(net.node("shuffle").orElseThrow()).total());  // a permuting copy
        assertEquals(0, mac.of(net.node("same").orElseThrow()).total());            // a view moves nothing
        assertEquals(2 * half + 2 * half + 2 * half + 4 * half + 4 * half, mac.total().total());
        assertTrue(MemoryAccessCost.perMac(mac.total(), 0) > 1e300);
    }
}
