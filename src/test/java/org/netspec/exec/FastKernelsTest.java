package org.netspec.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;
import org.netspec.spec.SpecException;

/** The working memory the registry plans for each fast kernel, worked out by hand. */
class FastKernelsTest {
    @TempDir
    Path dir;

    @Test
    void scratchBytesFollowEachKernelsCopies() throws IOException, SpecException {
        Path p = dir.resolve("scratch.yaml");
        Files.writeString(p, """
                network: scratch
                inputs: {x: [1, 4, 8, 8]}
                layers:
                  - {name: pw, op: conv, out: 4, kernel: 1}
                  - {name: bn, op: batchnorm}
                  - {name: pool, op: maxpool, kernel: 2, indices: true}
                  - {name: avg, op: avgpool, from: bn, kernel: 2}
                  - {name: near, op: upsample, from: avg, scale: 2}
                  - {name: bil, op: upsample, from: avg, scale: 2, mode: bilinear}
                  - {name: cat, op: concat, from: [near, bil]}
                  - {name: up, op: max_unpool, from: [pool, pool], kernel: 2}
                outputs: [cat, up]
                """);
        Network net = Specs.load(p);
        // each thread of a 1x1 convolution copies a chunk of 576 positions of the 4 input channels,
        // rows of 576 floats, the widest vector core's slack (64) and a cache line of skew (16)
        assertEquals(4L * Runtime.getRuntime().availableProcessors() * 4 * (576 + 64 + 16), scratch(net, "pw"));
        // per-channel and element-wise kernels write only their output; operators without a fast kernel hold nothing
        assertEquals(0, scratch(net, "bn"));
        assertEquals(0, scratch(net, "cat"));
        assertEquals(0, scratch(net, "up"));
        // channel slices copy the input (256 floats) and output (64 floats), and the 64 indices at 8 bytes
        assertEquals(4 * (256 + 64) + 8 * 64, scratch(net, "pool"));
        // average pooling reads its input in place, plane by plane
        assertEquals(0, scratch(net, "avg"));
        // nearest up-sampling runs on channel slices (64 in, 256 out); bilinear on planes, no copies
        assertEquals(4 * (64 + 256), scratch(net, "near"));
        assertEquals(0, scratch(net, "bil"));
    }

    private static long scratch(Network net, String node) {
        return FastKernels.scratchBytes(net.node(node).orElseThrow());
    }
}
