package org.netspec.analysis.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.analysis.field.ReceptiveField.Axis;
import org.netspec.analysis.field.ReceptiveField.Field;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.ops.AxisMap;
import org.netspec.spec.Overrides;
import org.netspec.testing.SpecFixtures;

/** Receptive fields: receptive-field-and-gridding.md sections 1 to 3, values derived by hand or quoted from the note. */
class ReceptiveFieldTest {
    @TempDir
    Path dir;

    /** A network of the given layers (YAML flow, one per line) on a 1x8x64x64 input `x`. */
    private Network net(String... layers) throws Exception {
        StringBuilder yaml = new StringBuilder("network: probe\ninputs: {x: [1, 8, 64, 64]}\nlayers:\n");
        for (String l : layers) {
            yaml.append("  - ").append(l).append('\n');
        }
        Path spec = dir.resolve("probe.yaml");
        Files.writeString(spec, yaml.toString());
        return Specs.load(spec);
    }

    private static Field field(Network net, String node) {
        return ReceptiveField.of(net).field(net.node(node).orElseThrow()).orElseThrow();
    }

    private static Axis height(Network net, String node) {
        return field(net, node).height();
    }

    private static BigFraction half(long n) {
        return new BigFraction(n, 2L);
    }

    @Test
    void chainOfDilations125Reaches17() throws Exception {
        // 1 + 2 * (1 + 2 + 5) = 17; every conv is centred, so the centre stays at y
        Network net = Specs.load(SpecFixtures.spec("rf/dilated-chain.yaml"));
        Field f = field(net, "dilated_chain.conv2");
        for (Axis a : List.of(f.height(), f.width())) {
            assertEquals(17, a.size());
            assertEquals(17, a.minSize());
            assertEquals(BigFraction.ONE, a.stride());
            assertEquals(BigFraction.ZERO, a.offset());
            assertEquals(8, a.effectivePadding());
            assertEquals(1, a.period());
        }
        assertTrue(f.aligned());
        assertTrue(f.exact());
        assertFalse(f.global());
    }

    @Test
    void chainOfDilations248Reaches29() throws Exception {
        // 1 + 2 * (2 + 4 + 8) = 29
        Network net = Specs.load(SpecFixtures.spec("rf/dilated-chain.yaml"), Overrides.NONE.withParam("rates", "[2, 4, 8]"));
        assertEquals(29, height(net, "dilated_chain.conv2").size());
    }

    @Test
    void parallelDilationsTakeTheLargestBranchNotTheSum() throws Exception {
        // branches 3, 5, 9, 17 wide, all centred on y: the union is 17 (a chain would give 31)
        Network net = Specs.load(SpecFixtures.spec("rf/parallel-dilations.yaml"));
        Axis a = height(net, "parallel_dilations.cat");
        assertEquals(17, a.size());
        assertEquals(3, a.minPathSize());
        assertTrue(a.aligned());
        assertEquals(BigFraction.ZERO, a.centreShift());
    }

    @Test
    void evenKernelsPutCentresOnHalfPixels() throws Exception {
        // 2x2/s2 reads 2y, 2y+1: centre 2y + 1/2; a second one adds 0.5 * J_in = 1: centre 4y + 3/2
        Network net = net("{name: a, op: conv, out: 8, kernel: 2, stride: 2}",
                "{name: b, op: conv, out: 8, kernel: 2, stride: 2}");
        Axis a = height(net, "a");
        assertEquals(2, a.size());
        assertEquals(new BigFraction(2), a.stride());
        assertEquals(half(1), a.offset());
        Axis b = height(net, "b");
        // r = 2 + (2 - 1) * 2 = 4
        assertEquals(4, b.size());
        assertEquals(new BigFraction(4), b.stride());
        assertEquals(half(3), b.offset());
        assertEquals(0, b.effectivePadding());
    }

    @Test
    void strided3x3WithPadding1IsCentredOn2y() throws Exception {
        Axis a = height(net("{name: c, op: conv, out: 8, kernel: 3, stride: 2, padding: 1}"), "c");
        assertEquals(3, a.size());
        assertEquals(new BigFraction(2), a.stride());
        assertEquals(BigFraction.ZERO, a.offset());
        assertEquals(1, a.effectivePadding());
    }

    @Test
    void asymmetricKernelsGrowOneAxisEach() throws Exception {
        // 5x1 adds 4 to r_H, 1x5 adds 4 to r_W
        Network net = net("{name: a, op: conv, out: 8, kernel: [5, 1], padding: [2, 0]}",
                "{name: b, op: conv, out: 8, kernel: [1, 5], padding: [0, 2]}");
        assertEquals(5, field(net, "a").height().size());
        assertEquals(1, field(net, "a").width().size());
        assertEquals(5, field(net, "b").width().size());
        assertEquals(5, field(net, "b").height().size());
    }

    @Test
    void enetInitialBlockConcatIsMisalignedByHalfAPixel() throws Exception {
        // the 3x3/s2/p1 conv is centred on 2y, the 2x2/s2 max-pool on 2y + 1/2
        Network net = Specs.load(Path.of("specs/blocks/enet-initial.yaml"));
        assertEquals(BigFraction.ZERO, height(net, "enet_initial.conv").offset());
        assertEquals(half(1), height(net, "enet_initial.pool").offset());
        Field cat = field(net, "enet_initial.cat");
        assertEquals(half(1), cat.height().centreShift());
        assertEquals(half(1), cat.width().centreShift());
        assertFalse(cat.aligned());
        // the union [2y - 1, 2y + 1] is the conv's
        assertEquals(3, cat.height().size());
        assertEquals(2, cat.height().minPathSize());
        // misalignment stays with every node downstream
        assertFalse(field(net, "enet_initial.br.act").aligned());
    }

    @Test
    void transposedConvolutionHasTwoPhases() throws Exception {
        // k3 s2 p1: phase 0 reads input 0 ([0, 0]), phase 1 reads inputs 0 and 1 ([0, 1]); J = 1/2
        Axis a = height(net("{name: up, op: conv_transpose, out: 8, kernel: 3, stride: 2, padding: 1, output_padding: 1}"),
                "up");
        assertEquals(2, a.period());
        assertEquals(half(1), a.stride());
        assertEquals(2, a.size());
        assertEquals(1, a.minSize());
        assertEquals(BigFraction.ZERO, a.offset());
        // k2 s2 p0 (ESPNet's decoder): each output reads input floor(y/2), centres y/2 and y/2 - 1/2,
        // which no period-1 table holds (J = 1/2 is not a whole step)
        Axis k2 = height(net("{name: up, op: conv_transpose, out: 8, kernel: 2, stride: 2}"), "up");
        assertEquals(2, k2.period());
        assertEquals(1, k2.size());
        assertEquals(1, k2.minSize());
    }

    @Test
    void nearestUpSamplingKeepsTheFieldAndHalvesTheStride() throws Exception {
        Network net = net("{name: c, op: conv, out: 8, kernel: 3, padding: 1}",
                "{name: up, op: upsample, scale: 2.0}");
        Axis c = height(net, "c");
        Axis up = height(net, "up");
        assertEquals(c.size(), up.size());
        assertEquals(c.stride().divide(2), up.stride());
        assertEquals(2, up.period());
    }

    @Test
    void bilinearUpSamplingReadsTwoInputsPerPhase() throws Exception {
        // half-pixel x2: phase 0 reads {-1, 0}, phase 1 {0, 1}: r = r_in + J_in = 2, centre of output 0 = -1/2
        Axis a = height(net("{name: up, op: upsample, scale: 2.0, mode: bilinear}"), "up");
        assertEquals(2, a.size());
        assertEquals(2, a.minSize());
        assertEquals(half(1), a.stride());
        assertEquals(half(-1), a.offset());
    }

    @Test
    void alignCornersResizeDependsOnTheSizes() throws Exception {
        // 64 -> 127: src = y * 63/126 = y/2: phase 0 reads {0}, phase 1 {0, 1}
        Axis a = height(net("{name: up, op: upsample, size: 127, mode: bilinear, align_corners: true}"), "up");
        assertEquals(half(1), a.stride());
        assertEquals(2, a.period());
        assertEquals(2, a.size());
        assertEquals(1, a.minSize());
    }

    @Test
    void adaptivePoolingBinsOverlap() throws Exception {
        // 3 bins over 64: [0, 22), [21, 43), [42, 64): sizes 22, 22, 22 (floor(64/3)=21, ceil(64/3)=22)
        // 5 bins over 64: [0, 13), [12, 26), [25, 39), [38, 52), [51, 64): sizes 13, 14, 14, 14, 13
        Network net = net("{name: p3, op: adaptive_avgpool, from: x, size: 3}",
                "{name: p5, op: adaptive_avgpool, from: x, size: 5}");
        Axis p3 = height(net, "p3");
        assertEquals(22, p3.size());
        assertEquals(new BigFraction(64, 3), p3.stride());
        Axis p5 = height(net, "p5");
        assertEquals(14, p5.size());
        assertEquals(13, p5.minSize());
        assertEquals(5, p5.period());
    }

    @Test
    void globalPoolingIsFlaggedAndKeepsTheLocalPaths() throws Exception {
        Network net = net("{name: gap, op: global_avgpool, from: x}",
                "{name: gate, op: conv, out: 8, kernel: 1}",
                "{name: attend, op: mul, from: [x, gate]}");
        Axis gap = height(net, "gap");
        assertTrue(gap.global());
        // the whole input: 64 rows
        assertEquals(64, gap.size());
        assertNull(gap.localSize());
        assertNull(gap.stride());
        Axis attend = height(net, "attend");
        assertTrue(attend.global());
        assertEquals(64, attend.size());
        // the identity path: 1
        assertEquals(1, attend.localSize());
        assertEquals(1, attend.minPathSize());
        assertEquals(BigFraction.ONE, attend.stride());
    }

    @Test
    void flattenAndLinearAreGlobal() throws Exception {
        Network net = net("{name: c, op: conv, out: 2, kernel: 3, stride: 2, padding: 1}", "{op: flatten}",
                "{name: fc, op: linear, out: 10}");
        Field fc = field(net, "fc");
        assertTrue(fc.global());
        assertEquals(64, fc.height().size());
        assertNull(fc.height().localSize());
    }

    @Test
    void maxUnpoolingMovesTheFieldLikeNearestUpSampling() throws Exception {
        Network net = net("{name: pool, op: maxpool, from: x, kernel: 2, stride: 2, indices: true}",
                "{name: unpool, op: max_unpool, from: [pool, pool], kernel: 2, stride: 2}",
                "{name: nearest, op: upsample, from: pool, scale: 2.0}");
        Axis unpool = height(net, "unpool");
        Axis nearest = height(net, "nearest");
        assertEquals(nearest, unpool);
        // output y reads pool floor(y/2), which reads 2 floor(y/2) and the next: r = 2, J = 1, period 2
        assertEquals(2, unpool.size());
        assertEquals(BigFraction.ONE, unpool.stride());
        assertEquals(2, unpool.period());
    }

    @Test
    void fieldsFromAnyNode() throws Exception {
        Network net = net("{name: a, op: conv, out: 8, kernel: 3, padding: 1}",
                "{name: b, op: conv, out: 8, kernel: 3, padding: 1}");
        ReceptiveField fromA = ReceptiveField.from(net, net.node("a").orElseThrow());
        assertEquals(3, fromA.field(net.node("b").orElseThrow()).orElseThrow().height().size());
        assertTrue(fromA.field(net.node("x").orElseThrow()).isEmpty());
        assertEquals(1, fromA.field(net.node("a").orElseThrow()).orElseThrow().height().size());
    }

    @Test
    void espModuleMinimalPathIsTheIdentity() throws Exception {
        // section 2: ESP module 1 (identity path); its field over the input is the d16 branch's, 33
        Network net = Specs.load(Path.of("specs/blocks/esp.yaml"));
        Axis a = height(net, "esp.act");
        assertEquals(33, a.size());
        assertEquals(1, a.minPathSize());
        assertTrue(a.aligned());
    }

    @Test
    void asppMinimalPathIsTheOneByOneBranchAndImagePoolingIsGlobal() throws Exception {
        // section 2: ASPP 1 (the 1x1 branch); image pooling makes it global; rate 36 gives 73
        Network net = Specs.load(Path.of("specs/blocks/aspp.yaml"));
        Axis a = height(net, "aspp.cat");
        assertEquals(1, a.minPathSize());
        assertTrue(a.global());
        assertEquals(73, a.localSize());
        // with the whole 65-row input: row 0 reads -36 .. 64 (101 rows); rows 28 to 36 read y-36 .. y+36 (73)
        assertEquals(101, a.size());
        assertEquals(73, a.minSize());
        assertTrue(height(net, "aspp.pooling.up").global());
    }

    @Test
    void enetStage2() throws Exception {
        // section 2: minimal path 8 through the max-pools (2 -> 4 -> 8);
        // section 3: each 2x2/s2 layer adds 0.5 J_in to c0: 0.5*2 + 0.5*4 = 3
        Network net = Specs.load(Path.of("specs/networks/enet.yaml"));
        Axis a = height(net, "stage2.bottleneck2_8.act");
        assertEquals(8, a.minPathSize());
        assertEquals(new BigFraction(3), a.offset());
        assertEquals(new BigFraction(8), a.stride());
        // the initial block's half-pixel misalignment is never undone
        assertFalse(a.aligned());
    }

    @Test
    void fastScnnPyramidPoolingHasSizeDependentFields() throws Exception {
        Network net = Specs.load(Path.of("specs/networks/fast-scnn.yaml"));
        // section 3: Tramac's unpadded first conv gives c0 = 1 and P_eff = 222 at the GFE
        Axis gfe = height(net, "global_feature_extractor.bottleneck3.2.residual");
        assertEquals(BigFraction.ONE, gfe.offset());
        assertEquals(222, gfe.effectivePadding());
        // section 2: minimal path 127 through the shortcuts
        assertEquals(127, gfe.minPathSize());
        // section 2: the bin-2 branch after its align_corners resize: J = 512/31, r from 927 to 1439 rows
        Axis bin2 = height(net, "global_feature_extractor.ppm.bin2.up");
        assertEquals(new BigFraction(512, 31), bin2.stride());
        assertEquals(1439, bin2.size());
        assertEquals(927, bin2.minSize());
        // against J = 32 on the identity path: a stride mismatch, no single stride
        Axis cat = height(net, "global_feature_extractor.ppm.cat");
        assertTrue(cat.strideMismatch());
        assertNull(cat.stride());
        assertNull(cat.centreShift());
        assertFalse(cat.aligned());
        // the bin-1 branch is image pooling
        assertTrue(cat.global());
    }

    @Test
    void periodsBeyondTheBoundBecomeConservativeBands() throws Exception {
        // 64 -> 128 (align_corners: period 127, advance 63), pooled back to 64, resized again: the
        // second resize needs 127 * 127 = 16129 phases, above MAX_PERIOD
        Network net = net("{name: up1, op: upsample, size: 128, mode: bilinear, align_corners: true}",
                "{name: pool, op: adaptive_avgpool, size: 64}",
                "{name: up2, op: upsample, size: 128, mode: bilinear, align_corners: true}");
        assertTrue(127L * 127 > ReceptiveField.MAX_PERIOD);
        Axis a = height(net, "up2");
        assertFalse(a.exact());
        assertNull(a.period());
        // J = 63/127 * 2 * 63/127
        assertEquals(new BigFraction(2 * 63 * 63, 127L * 127), a.stride());
        // the band holds the true fields, computed here position by position from the maps
        long[] exact = bruteForce(net, net.node("up2").orElseThrow(), 128);
        long largest = Arrays.stream(exact).max().orElseThrow();
        long smallest = Arrays.stream(exact).min().orElseThrow();
        assertTrue(a.size() >= largest, a + " vs " + largest);
        assertTrue(a.minSize() <= smallest, a + " vs " + smallest);
        assertTrue(a.size() <= 2 * largest, "a band is a bound, not a guess: " + a + " vs " + largest);
    }

    /** The height field of every output row of a chain of single-input nodes, straight from their maps. */
    private static long[] bruteForce(Network net, Node node, int rows) {
        long[] sizes = new long[rows];
        for (int y = 0; y < rows; y++) {
            long[] span = span(node, y);
            sizes[y] = span[1] - span[0] + 1;
        }
        return sizes;
    }

    /** First and last source row that row y of the node reads. */
    private static long[] span(Node node, long y) {
        if (node.inputs().isEmpty()) {
            return new long[] {y, y};
        }
        AxisMap m = node.op().axisMap(node.attributes(), node.inputShapes(), node.shape(), 0, true);
        long phase = Math.floorMod(y, (long) m.period());
        long cycle = Math.floorDiv(y, (long) m.period());
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (long t : m.taps((int) phase)) {
            long[] in = span(node.inputs().get(0), cycle * m.advance() + t);
            first = Math.min(first, in[0]);
            last = Math.max(last, in[1]);
        }
        return new long[] {first, last};
    }
}
