package org.netspec.analysis.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.MemoryAccessCost;
import org.netspec.device.DeviceProfile;
import org.netspec.device.KernelClass;
import org.netspec.device.TestDevices;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;

/** The roofline-plus-dispatch model against hand-computed times. */
class LatencyTest {
    @TempDir
    Path dir;

    /** A device of 100 GFLOP/s and 10 GB/s, 5 us dispatch, element-wise at half efficiency. */
    private DeviceProfile device(String fusions) throws Exception {
        return device(fusions, "");
    }

    private DeviceProfile device(String fusions, String more) throws Exception {
        return TestDevices.load(dir, """
                device: toy
                runtime: hand
                peak_gflops: 100
                bandwidth_gbs: 10
                dispatch_us: 5
                fusions: [%s]
                %s
                """.formatted(fusions, more), "dense_conv: {efficiency: 1, by_dilation: {1: 1, 4: 0.5}}",
                "pointwise_conv: {efficiency: 0.5}", "depthwise_conv: {efficiency: 0.25}",
                "element_wise: {efficiency: 0.5, dispatch_us: 2}", "prelu: {efficiency: 0.5, dispatch_us: 2}");
    }

    private Network net(String layers) throws Exception {
        return net("[1, 16, 8, 8]", layers);
    }

    /** A network of one input x of this shape and these layers (and, after them, any other keys). */
    private Network net(String shape, String layers) throws Exception {
        Path p = dir.resolve("net.yaml");
        Files.writeString(p, "network: toy\ninputs: {x: " + shape + "}\nlayers:\n" + layers);
        return Specs.load(p);
    }

    @Test
    void aNodeTakesDispatchPlusItsRooflineTimeOverItsEfficiency() throws Exception {
        Network n = net("""
                  - {name: pw, op: conv, out: 32, kernel: 1, bias: false}
                  - {name: d, op: conv, out: 32, kernel: 3, padding: 4, dilation: 4, bias: false}
                  - {name: r, op: relu}
                """);
        Latency l = Latency.of(n, MemoryAccessCost.of(n), device(""));
        // pw: 2*64*16*32 = 65536 FLOPs; bytes 4*(64*16 + 64*32 + 16*32) = 14336: memory-bound,
        // 14336 / 10e9 = 1.4336 us at efficiency 0.5 -> 2.8672 us, plus 5 us dispatch.
        assertEquals(5e-6 + 2 * 14336 / 10e9, l.of(n.node("pw").orElseThrow()).seconds(), 1e-12);
        assertEquals(KernelClass.POINTWISE_CONV, l.of(n.node("pw").orElseThrow()).kernelClass().orElseThrow());
        // d: 2*64*32*32*9 = 1179648 FLOPs -> 11.79648 us; bytes 4*(2048 + 2048 + 9216) = 53248 -> 5.3248 us:
        // compute-bound, at efficiency 1 * 0.5 (dilation 4).
        assertEquals(5e-6 + 1179648 / 100e9 / 0.5, l.of(n.node("d").orElseThrow()).seconds(), 1e-12);
        // r: 2048 ops, 4*(2048 + 2048) bytes = 1.6384 us at 0.5, dispatch 2 us.
        assertEquals(2e-6 + 16384 / 10e9 / 0.5, l.of(n.node("r").orElseThrow()).seconds(), 1e-12);
        assertEquals(0, l.of(n.node("x").orElseThrow()).seconds());
        double sum = l.of(n.node("pw").orElseThrow()).seconds() + l.of(n.node("d").orElseThrow()).seconds()
                + l.of(n.node("r").orElseThrow()).seconds();
        assertEquals(sum, l.total(), 1e-15);
        assertEquals(sum, l.rollup(Grouping.STAGE).stream().mapToDouble(Latency.Group::seconds).sum(), 1e-15);
        // Roofline position of d: intensity 1179648 / 53248 FLOP/B, attainable min(100, 22.15 * 10) * 0.5 GFLOP/s.
        assertEquals(1179648.0 / 53248, l.of(n.node("d").orElseThrow()).arithmeticIntensity(), 1e-12);
        assertEquals(50, l.attainableGflops(n.node("d").orElseThrow()), 1e-9);
    }

    @Test
    void aFusedBatchNormAndActivationCostNothing() throws Exception {
        String layers = """
                  - {name: c, op: conv, out: 16, kernel: 3, padding: 1, bias: false}
                  - {name: bn, op: batchnorm}
                  - {name: r, op: relu}
                  - {name: s, op: add, from: [r, x]}
                  - {name: a, op: relu}
                """;
        Network n = net(layers);
        Latency fused = Latency.of(n, MemoryAccessCost.of(n), device("conv_bn_act, add_act"));
        Latency plain = Latency.of(n, MemoryAccessCost.of(n), device(""));
        for (String name : new String[] {"bn", "r", "a"}) {
            assertTrue(fused.of(n.node(name).orElseThrow()).fused(), name);
            assertEquals(0, fused.of(n.node(name).orElseThrow()).seconds(), name);
            assertFalse(plain.of(n.node(name).orElseThrow()).fused(), name);
            assertTrue(plain.of(n.node(name).orElseThrow()).seconds() > 2e-6, name);
        }
        assertEquals(plain.of(n.node("c").orElseThrow()).seconds(), fused.of(n.node("c").orElseThrow()).seconds());
    }

    @Test
    void onlyTheActivationsTheRuntimeFusesAndBatchNormRunInAConvolutionsKernel() throws Exception {
        // ONNX Runtime fuses Relu, Clip, Sigmoid, Tanh, HardSigmoid and LeakyRelu into a convolution, and
        // folds a batch norm into it; a hard swish, a group norm and a PReLU run as kernels of their own.
        Network n = net("""
                  - {name: c1, op: conv, out: 16, kernel: 1, bias: false}
                  - {name: r6, op: relu6}
                  - {name: c2, op: conv, out: 16, kernel: 1, bias: false}
                  - {name: hs, op: hardswish}
                  - {name: c3, op: conv, out: 16, kernel: 1, bias: false}
                  - {name: gn, op: groupnorm, groups: 4}
                  - {name: c4, op: conv, out: 16, kernel: 1, bias: false}
                  - {name: lr, op: leaky_relu}
                """);
        Latency l = Latency.of(n, MemoryAccessCost.of(n), device("conv_bn_act"));
        assertTrue(l.of(n.node("r6").orElseThrow()).fused());
        assertTrue(l.of(n.node("lr").orElseThrow()).fused());
        assertFalse(l.of(n.node("hs").orElseThrow()).fused());
        assertFalse(l.of(n.node("gn").orElseThrow()).fused());
    }

    @Test
    void aKernelSeesTheComputeRateOfItsWork() throws Exception {
        Network n = net("  - {name: d, op: conv, out: 32, kernel: 3, padding: 1, bias: false}\n");
        // d: 2*64*16*32*9 = 589824 FLOPs, between 2^18 and 2^20 in log2 halfway (log2 589824 = 19.17),
        // so 40 + (19.17 - 18) / 2 * (80 - 40) GFLOP/s; its 4*(1024 + 2048 + 4608) = 30720 B at 10 GB/s
        // take 3.072 us, less than its compute: compute-bound at dense efficiency 1, plus 5 us dispatch.
        Latency l = Latency.of(n, MemoryAccessCost.of(n), device("", "peak_by_flops: {262144: 40, 1048576: 80}"));
        double rate = 40 + (Math.log(589824) / Math.log(2) - 18) / 2 * 40;
        assertEquals(5e-6 + 589824 / (rate * 1e9), l.of(n.node("d").orElseThrow()).seconds(), 1e-15);
        assertEquals(Math.min(rate, 589824.0 / 30720 * 10), l.attainableGflops(n.node("d").orElseThrow()), 1e-9);
    }

    @Test
    void aBlockedLayoutReordersWhereItMeetsPReluAndAtTheEnds() throws Exception {
        Network n = net("""
                  - {name: c1, op: conv, out: 16, kernel: 1, bias: false}
                  - {name: p, op: prelu}
                  - {name: c2, op: conv, out: 16, kernel: 1, bias: false}
                """);
        Latency plain = Latency.of(n, MemoryAccessCost.of(n), device(""));
        Latency blocked = Latency.of(n, MemoryAccessCost.of(n), device("", "layout_block: 16"));
        // Every tensor is 16 x 8 x 8 = 1024 elements; a reorder copies one: 5 us dispatch (copy has
        // none of its own) + 2 * 4096 B at 10 GB/s at efficiency 1 = 5.8192 us. The input is reordered
        // for c1 (16 channels, one block), c1's output for p (PReLU runs in NCHW), p's for c2, and
        // c2's, an output, back to NCHW: one copy charged to c1, one to p, two to c2.
        double copy = 5e-6 + 8192 / 10e9;
        for (String[] charged : new String[][] {{"c1", "1"}, {"p", "1"}, {"c2", "2"}}) {
            Latency.Estimate e = blocked.of(n.node(charged[0]).orElseThrow());
            assertEquals(Integer.parseInt(charged[1]) * copy, e.reorderSeconds(), 1e-15, charged[0]);
            assertEquals(plain.of(n.node(charged[0]).orElseThrow()).seconds() + e.reorderSeconds(), e.seconds(), 1e-15);
        }
        assertEquals(plain.total() + 4 * copy, blocked.total(), 1e-15);
    }

    @Test
    void aStridedConvolutionRunsAtItsStridesEfficiency() throws Exception {
        Network n = net("  - {name: s, op: conv, out: 16, kernel: 3, stride: 2, padding: 1, bias: false}\n");
        DeviceProfile d = TestDevices.load(dir, "device: toy\nruntime: hand\npeak_gflops: 100\nbandwidth_gbs: 1000\n"
                + "dispatch_us: 5\nfusions: []\n", "dense_conv: {efficiency: 0.8, by_stride: {1: 1, 4: 0.5}}");
        // s: 2 x 9 x 16 x 16 x 4 x 4 = 73,728 FLOPs at 100 GFLOP/s (its bytes at 1000 GB/s take less);
        // stride 2 lies halfway in log2 from 1 to 4: multiplier 0.75, efficiency 0.8 x 0.75 = 0.6
        assertEquals(5e-6 + 73728 / 100e9 / 0.6, Latency.of(n, MemoryAccessCost.of(n), d).of(n.node("s").orElseThrow()).seconds(),
                1e-15);
    }

    @Test
    void aMaxPoolThatWritesItsIndicesRunsAtItsOwnClassEfficiency() throws Exception {
        Network n = net("""
                  - {name: plain, op: maxpool, from: x, kernel: 2, stride: 2}
                  - {name: indexed, op: maxpool, from: x, kernel: 2, stride: 2, indices: true}
                  - {name: sum, op: add, from: [plain, indexed]}
                """);
        DeviceProfile d = TestDevices.load(dir, "device: toy\nruntime: hand\npeak_gflops: 100\nbandwidth_gbs: 10\ndispatch_us: 5\n"
                + "fusions: []\n", "pooling: {efficiency: 0.5}", "pooling_indices: {efficiency: 0.02}");
        Latency l = Latency.of(n, MemoryAccessCost.of(n), d);
        Latency.Estimate plain = l.of(n.node("plain").orElseThrow());
        Latency.Estimate indexed = l.of(n.node("indexed").orElseThrow());
        assertEquals(KernelClass.POOLING, plain.kernelClass().orElseThrow());
        assertEquals(KernelClass.POOLING_INDICES, indexed.kernelClass().orElseThrow());
        // Both read 16 x 8 x 8 floats and write 16 x 4 x 4; the indexed one writes 16 x 4 x 4 indices
        // too. 768 comparisons at 100 GFLOP/s take less than the bytes at 10 GB/s: memory-bound.
        assertEquals(4 * (1024 + 256), plain.bytes());
        assertEquals(4 * (1024 + 256 + 256), indexed.bytes());
        assertEquals(5e-6 + 4 * 1280 / 10e9 / 0.5, plain.seconds(), 1e-15);
        assertEquals(5e-6 + 4 * 1536 / 10e9 / 0.02, indexed.seconds(), 1e-15);
    }

    @Test
    void aMaxPoolWithIndicesAndAMaxUnpoolRunInNchw() throws Exception {
        // ONNX Runtime's NCHWc transformer leaves a MaxPool with its indices output in NCHW, and does
        // not know MaxUnpool: c1's 16 x 8 x 8 output is reordered for p (charged to p), and u's plain
        // output is reordered for c2 (charged to c2), besides the input (c1) and c2's output (c2).
        // Without indices (and without the unpooling), the pooling stays blocked: no copy for it.
        Network n = net("""
                  - {name: c1, op: conv, out: 16, kernel: 1, bias: false}
                  - {name: p, op: maxpool, kernel: 2, stride: 2, indices: true}
                  - {name: u, op: max_unpool, from: [p, p], kernel: 2, stride: 2}
                  - {name: c2, op: conv, out: 16, kernel: 1, bias: false}
                """);
        Latency blocked = Latency.of(n, MemoryAccessCost.of(n), device("", "layout_block: 16"));
        double copy = 5e-6 + 8192 / 10e9;
        for (String[] charged : new String[][] {{"c1", "1"}, {"p", "1"}, {"u", "0"}, {"c2", "2"}}) {
            assertEquals(Integer.parseInt(charged[1]) * copy, blocked.of(n.node(charged[0]).orElseThrow()).reorderSeconds(),
                    1e-15, charged[0]);
        }
        Network plainPool = net("""
                  - {name: c1, op: conv, out: 16, kernel: 1, bias: false}
                  - {name: p, op: maxpool, kernel: 2, stride: 2}
                  - {name: c2, op: conv, out: 16, kernel: 1, bias: false}
                """);
        Latency l = Latency.of(plainPool, MemoryAccessCost.of(plainPool), device("", "layout_block: 16"));
        assertEquals(0, l.of(plainPool.node("p").orElseThrow()).reorderSeconds());
    }

    @Test
    void aConvolutionOutsideTheBlockedLayoutMovesItsColumnMatrix() throws Exception {
        // Two groups of 8 input channels, not a multiple of 16: c runs as im2col + GEMM on NCHW, its
        // column matrix 16 * 3 * 3 * 8 * 8 = 9216 elements written and read: 2 * 9216 * 4 B more. The
        // input is not reordered (c is not blocked) and c's output is plain.
        Network n = net("  - {name: c, op: conv, out: 16, kernel: 3, padding: 1, groups: 2, bias: false}\n");
        Latency plain = Latency.of(n, MemoryAccessCost.of(n), device(""));
        Latency blocked = Latency.of(n, MemoryAccessCost.of(n), device("", "layout_block: 16"));
        Latency.Estimate e = blocked.of(n.node("c").orElseThrow());
        assertEquals(plain.of(n.node("c").orElseThrow()).bytes() + 2 * 9216 * 4, e.bytes(), 1e-9);
        assertEquals(0, e.reorderSeconds());
        // bytes 4 * (1024 + 1024 + 1152) + 73728 = 86528 at 10 GB/s = 8.6528 us; FLOPs 2 * 64 * 16 * 72 =
        // 147456 at 100 GFLOP/s = 1.47456 us: memory-bound, at grouped efficiency 1, plus 5 us dispatch.
        assertEquals(5e-6 + 86528 / 10e9, e.seconds(), 1e-15);
    }

    @Test
    void aConvolutionReadsAMultipleOfFourChannelsBlockedAndFewerThanABlockOfPlainOnesDirectly() throws Exception {
        // c2's 24 output channels are padded to two blocks, so c2 is blocked, and c3 reads them blocked
        // (ONNX Runtime 1.29 ran such convolutions of 8 and 24 input channels blocked): nothing is
        // copied for c2, c3 or c4. x (16 x 8 x 8) is reordered for c1. p (PReLU) runs in NCHW, reading
        // c4's 8 x 8 x 8 output reordered; c5 reads p's 8 plain channels directly, fewer than a block,
        // and its output, the network's, is reordered. Each copy is 5 us + 2 x 4 B per element at 10 GB/s.
        Network n = net("""
                  - {name: c1, op: conv, out: 32, kernel: 1, bias: false}
                  - {name: c2, op: conv, out: 24, kernel: 1, bias: false}
                  - {name: c3, op: conv, out: 16, kernel: 1, bias: false}
                  - {name: c4, op: conv, out: 8, kernel: 1, bias: false}
                  - {name: p, op: prelu}
                  - {name: c5, op: conv, out: 16, kernel: 1, bias: false}
                """);
        Latency l = Latency.of(n, MemoryAccessCost.of(n), device("", "layout_block: 16"));
        double perElement = 8.0 / 10e9;
        Map<String, Double> charged = Map.of("c1", 5e-6 + 1024 * perElement, "c2", 0.0, "c3", 0.0, "c4", 0.0, "p", 5e-6 + 512 * perElement, "c5", 5e-6 + 1024 * perElement);
        charged.forEach((node, seconds) -> assertEquals(seconds, l.of(n.node(node).orElseThrow()).reorderSeconds(), 1e-15, node));
    }

    @Test
    void aDenseConvolutionOfOddInputChannelsRunsUnblockedAndABlockedOneComputesWholeBlocks() throws Exception {
        Network n = net("""
                  - {name: c1, op: conv, out: 25, kernel: 1, bias: false}
                  - {name: c2, op: conv, out: 16, kernel: 3, padding: 1, bias: false}
                  - {name: c3, op: conv, out: 20, kernel: 1, bias: false}
                  - {name: c4, op: conv, out: 16, kernel: 3, padding: 1, bias: false}
                """);
        DeviceProfile d = TestDevices.load(dir, "device: toy\nruntime: hand\npeak_gflops: 100\nbandwidth_gbs: 10\n"
                + "dispatch_us: 5\nfusions: []\nlayout_block: 16\n", "dense_conv: {efficiency: 1, unblocked: 0.5}");
        Latency l = Latency.of(n, MemoryAccessCost.of(n), d);
        Latency.Estimate c1 = l.of(n.node("c1").orElseThrow());
        Latency.Estimate c2 = l.of(n.node("c2").orElseThrow());
        Latency.Estimate c3 = l.of(n.node("c3").orElseThrow());
        Latency.Estimate c4 = l.of(n.node("c4").orElseThrow());
        // Blocked convolutions compute whole blocks: c1 (16 -> 25 channels at 8x8) 2 x 64 x 16 x 32 FLOPs,
        // not x 25; c3 (16 -> 20) likewise; c4 reads c3's 20 channels, a multiple of 4, blocked, padded
        // to 32: 2 x 64 x 32 x 16 x 9.
        assertEquals(65536, c1.flops());
        assertEquals(65536, c3.flops());
        assertEquals(589824, c4.flops());
        assertFalse(c1.unblocked() || c3.unblocked() || c4.unblocked());
        // c2 reads 25 channels, neither fewer than a block nor a multiple of 4: it runs in NCHW (ONNX
        // Runtime 1.29 did so after a blocked convolution too), as im2col and a matrix product, at dense
        // efficiency 1 x unblocked 0.5. Its own FLOPs, 2 x 64 x 25 x 16 x 9 = 460,800 (4.608 us at 100
        // GFLOP/s); bytes 4 x (1600 in + 1024 out + 3600 weights + 2 x 14,400 columns) = 140,096 (14.0096
        // us at 10 GB/s): memory-bound, 14.0096 / 0.5 us plus 5 us dispatch. c1's output is reordered for it.
        assertTrue(c2.unblocked());
        assertEquals(460800, c2.flops());
        assertEquals(5e-6 + 140096 / 10e9 / 0.5, c2.kernelSeconds(), 1e-15);
        assertEquals(5e-6 + 8.0 * 1600 / 10e9, c2.reorderSeconds(), 1e-15);
        // A runtime without a blocked layout runs every convolution as it is: no multiplier, its own FLOPs.
        Latency plain = Latency.of(n, MemoryAccessCost.of(n), device(""));
        assertFalse(plain.of(n.node("c2").orElseThrow()).unblocked());
        assertEquals(51200, plain.of(n.node("c1").orElseThrow()).flops());
    }

    @Test
    void aConvolutionOfFewerInputChannelsThanABlockReadsNchwSoABlockedInputIsReorderedForIt() throws Exception {
        // c1 (16 -> 8) is blocked; c2 reads its 8 channels in NCHW (ONNX Runtime 1.29's profiler showed a
        // ReorderOutput before such a convolution), so c1's output (8 x 8 x 8) is reordered for c2, and c2
        // computes its own 2 x 64 x 8 x 16 FLOPs, not a padded block of input channels. c2's output, the
        // network's, is reordered too (16 x 8 x 8). Each copy is 5 us + 2 x 4 B per element at 10 GB/s.
        Network n = net("""
                  - {name: c1, op: conv, out: 8, kernel: 1, bias: false}
                  - {name: c2, op: conv, out: 16, kernel: 1, bias: false}
                """);
        Latency.Estimate c2 = Latency.of(n, MemoryAccessCost.of(n), device("", "layout_block: 16")).of(n.node("c2").orElseThrow());
        assertEquals(2 * (5e-6) + 8.0 * (512 + 1024) / 10e9, c2.reorderSeconds(), 1e-15);
        assertEquals(16384, c2.flops());
    }

    @Test
    void aPoolingAndABilinearUpSamplingOutsideTheBlockedLayoutRunAtTheirUnblockedEfficiency() throws Exception {
        Network n = net("[1, 24, 8, 8]", """
                  - {name: p, op: maxpool, kernel: 3, stride: 1, padding: 1}
                  - {name: b, op: upsample, scale: 2, mode: bilinear}
                  - {name: n, op: upsample, from: p, scale: 2, mode: nearest}
                  - {name: i, op: maxpool, from: p, kernel: 2, stride: 2, indices: true}
                  - {name: c, op: conv, from: x, out: 32, kernel: 1, bias: false}
                  - {name: q, op: maxpool, kernel: 3, stride: 1, padding: 1}
                outputs: [b, n, i, q]
                """);
        DeviceProfile d = TestDevices.load(dir, "device: toy\nruntime: hand\npeak_gflops: 100\nbandwidth_gbs: 10\n"
                + "dispatch_us: 5\nfusions: []\nlayout_block: 16\n", "pooling: {efficiency: 0.8, unblocked: 0.5}",
                "resize: {efficiency: 0.6, unblocked: 0.25}");
        Latency l = Latency.of(n, MemoryAccessCost.of(n), d);
        // p pools 24 channels, not a whole block, in NCHW: 0.8 x 0.5; b up-samples p's plain output
        // bilinearly in NCHW: 0.6 x 0.25. A nearest up-sampling in NCHW is a copy, as fast as a blocked
        // one (n: 0.6); a max pooling that writes its indices has no blocked kernel to be slower than
        // (i: its class's 1). q pools c's 32 blocked channels: 0.8.
        Map<String, Double> efficiency = Map.of("p", 0.4, "b", 0.15, "n", 0.6, "i", 1.0, "q", 0.8);
        efficiency.forEach((node, e) -> assertEquals(e, l.of(n.node(node).orElseThrow()).efficiency(), 1e-12, node));
        Latency.Estimate pool = l.of(n.node("p").orElseThrow());
        assertTrue(pool.unblocked());
        assertEquals(5e-6 + d.rooflineSeconds(pool.flops(), pool.bytes()) / 0.4, pool.seconds(), 1e-15);
    }

    @Test
    void anUpSamplingByAWholeFactorStaysBlockedAndOneByAnotherRunsInNchw() throws Exception {
        // ONNX Runtime 1.29's transformer blocks a Resize by whole factors, bilinear or nearest: up
        // (bilinear x2, 16 x 16 x 16) follows c1 blocked, nothing copied. odd (x1.5, 16 x 24 x 24) runs
        // in NCHW: it reads c2's output reordered (4,096 elements); c3 reads odd's output reordered back
        // and its own output, the network's, is reordered to NCHW (9,216 each). x (16 x 8 x 8) is
        // reordered for c1. Each copy is 5 us + 2 x 4 B per element at 10 GB/s.
        Network n = net("""
                  - {name: c1, op: conv, out: 16, kernel: 1, bias: false}
                  - {name: up, op: upsample, mode: bilinear, scale: 2}
                  - {name: c2, op: conv, out: 16, kernel: 1, bias: false}
                  - {name: odd, op: upsample, mode: bilinear, scale: 1.5}
                  - {name: c3, op: conv, out: 16, kernel: 1, bias: false}
                """);
        Latency l = Latency.of(n, MemoryAccessCost.of(n), device("", "layout_block: 16"));
        double perElement = 8.0 / 10e9;
        Map<String, Double> charged = Map.of("c1", 5e-6 + 1024 * perElement, "up", 0.0, "c2", 0.0,
                "odd", 5e-6 + 4096 * perElement, "c3", 2 * (5e-6 + 9216 * perElement));
        charged.forEach((node, seconds) -> assertEquals(seconds, l.of(n.node(node).orElseThrow()).reorderSeconds(), 1e-15, node));
    }

    @Test
    void aGlobalPoolingFollowsItsInputAndAProductIsBlockedOnlyOverEqualShapes() throws Exception {
        // p (PReLU) runs in NCHW, so the global pooling g of its output stays there; m multiplies two
        // blocked tensors of one shape, blocked; m2 multiplies tensors of two shapes, which the
        // transformer leaves in NCHW: m's output is reordered for it. 16 x 8 x 8 elements a copy.
        Network n = net("""
                  - {name: c1, op: conv, out: 16, kernel: 1, bias: false}
                  - {name: p, op: prelu}
                  - {name: g, op: global_avgpool}
                  - {name: m, op: mul, from: [c1, c1]}
                  - {name: m2, op: mul, from: [m, g]}
                """);
        Latency l = Latency.of(n, MemoryAccessCost.of(n), device("", "layout_block: 16"));
        double copy = 5e-6 + 8.0 * 1024 / 10e9;
        for (Object[] charged : new Object[][] {{"c1", copy}, {"p", copy}, {"g", 0.0}, {"m", 0.0}, {"m2", copy}}) {
            assertEquals((double) charged[1], l.of(n.node((String) charged[0]).orElseThrow()).reorderSeconds(), 1e-15,
                    (String) charged[0]);
        }
    }

    @Test
    void aReorderRunsAtTheEfficiencyOfItsSize() throws Exception {
        // x (16 x 8 x 8) is reordered for c, and c's output, the network's, back: 8,192 bytes read and
        // written each, where this device's reorders run at 0.5 x 2 (its by_bytes table, flat below
        // 8,192): 5 us + 8,192 B / 10 GB/s each.
        Network n = net("  - {name: c, op: conv, out: 16, kernel: 1, bias: false}\n");
        DeviceProfile d = TestDevices.load(dir, "device: toy\nruntime: hand\npeak_gflops: 100\nbandwidth_gbs: 10\n"
                + "dispatch_us: 5\nfusions: []\nlayout_block: 16\n", "reorder: {efficiency: 0.5, by_bytes: {8192: 2, 65536: 1}}");
        Latency l = Latency.of(n, MemoryAccessCost.of(n), d);
        assertEquals(2 * (5e-6 + 8192 / 10e9), l.of(n.node("c").orElseThrow()).reorderSeconds(), 1e-15);
        assertEquals(2 * 8192, l.reorderBytes());
    }

    @Test
    void aGlobalPoolingOfTheNetworksInputRunsBlocked() throws Exception {
        // ONNX Runtime's transformer takes a node with no producer for one whose inputs it already
        // converted, and blocks a global pooling of a plain input then: x (16 x 8 x 8) is reordered for g,
        // and g's 16 x 1 x 1 output back for the broadcast product m, in NCHW. 5 us + 2 x 4 B per element
        // at 10 GB/s a copy.
        Network n = net("""
                  - {name: g, op: global_avgpool}
                  - {name: m, op: mul, from: [x, g]}
                """);
        Latency l = Latency.of(n, MemoryAccessCost.of(n), device("", "layout_block: 16"));
        assertEquals(5e-6 + 8.0 * 1024 / 10e9, l.of(n.node("g").orElseThrow()).reorderSeconds(), 1e-15);
        assertEquals(5e-6 + 8.0 * 16 / 10e9, l.of(n.node("m").orElseThrow()).reorderSeconds(), 1e-15);
    }

    @Test
    void aDenseConvolutionRunsBlockedWhateverItsOutputChannels() throws Exception {
        // ONNX Runtime pads 20 output channels to two blocks: c is blocked, moves no column matrix,
        // and pays for its input's reorder (16 x 8 x 8) and its output's back to NCHW (20 x 8 x 8),
        // each 5 us dispatch + 2 x 4 B per element at 10 GB/s.
        Network n = net("  - {name: c, op: conv, out: 20, kernel: 3, padding: 1, bias: false}\n");
        Latency plain = Latency.of(n, MemoryAccessCost.of(n), device(""));
        Latency.Estimate e = Latency.of(n, MemoryAccessCost.of(n), device("", "layout_block: 16")).of(n.node("c").orElseThrow());
        assertEquals(plain.of(n.node("c").orElseThrow()).bytes(), e.bytes());
        assertEquals(5e-6 + 8 * 1024 / 10e9 + 5e-6 + 8 * 1280 / 10e9, e.reorderSeconds(), 1e-15);
    }
}
