package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.LayerCount;
import org.netspec.analysis.Profile;
import org.netspec.exec.Execution;
import org.netspec.exec.Executor;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.spec.Overrides;
import org.netspec.testing.TorchCount;

/**
 * ERFNet as Eromera/erfnet_pytorch train/erfnet.py builds {@code Net(19)} (specs/networks/erfnet.yaml),
 * against src/test/resources/torch/erfnet.py, the same model written in PyTorch.
 */
class ErfNetTest {
    private static final Path ERFNET = Path.of("specs/networks/erfnet.yaml");

    private static LayerCount total(Overrides overrides) throws Exception {
        return Costs.of(Specs.load(ERFNET, overrides), Profile.STANDARD).total();
    }

    @Test
    void countsAreTheOfficialModels() throws Exception {
        LayerCount t = total(Overrides.NONE);
        // Derived with Debian's torch 1.13 from the official train/erfnet.py itself, Net(19) on 1x3x512x1024
        // (netcount.py: sum of parameters(), BN running mean + var, conv/deconv MACs without bias); the
        // README gives no figure, the paper's Table V says 2.1 M. erfnet.py below reproduces all three.
        assertEquals(2_066_642, t.params());
        assertEquals(6_592, t.buffers());
        assertEquals(26_604_339_200L, t.macs());
    }

    @Test
    void countsAreThoseTorchCountsOfTheSameModel() throws Exception {
        LayerCount t = total(Overrides.NONE);
        TorchCount.Counts torch = TorchCount.of("erfnet.py");
        assertEquals(torch, new TorchCount.Counts(t.params(), t.buffers(), t.macs()));
        LayerCount other = total(Overrides.NONE.withParam("classes", "20").withInput("", "1x3x256x512"));
        assertEquals(TorchCount.of("erfnet.py", "20", "256", "512"),
                new TorchCount.Counts(other.params(), other.buffers(), other.macs()));
    }

    @Test
    void blocksFollowTheirFormulas() throws Exception {
        // Non-bottleneck-1D at C channels: four 3x1 / 1x3 convolutions with bias, two batch norms: 4 (3C^2 + C) + 4C.
        long c = 128;
        assertEquals(4 * (3 * c * c + c) + 4 * c, blockParams("non-bottleneck-1d.yaml"));
        // Downsampler 16 -> 64: 3x3 conv 16 -> 48 with bias, BN 64: 48 * 16 * 9 + 48 + 2 * 64.
        assertEquals(48 * 16 * 9 + 48 + 2 * 64, blockParams("erfnet-downsampler.yaml"));
        // Upsampler 128 -> 64: 3x3 transposed conv with bias, BN 64.
        assertEquals(128 * 64 * 9 + 64 + 2 * 64, blockParams("erfnet-upsampler.yaml"));
        // The encoder's classifier is built but unused: 128 x 19 + 19 parameters, no MACs.
        Network net = Specs.load(ERFNET);
        assertEquals(List.of("encoder.output_conv"), net.unused().stream().map(Node::name).toList());
        LayerCount classifier = Costs.of(net, Profile.STANDARD).rollup(Grouping.LAYER).stream()
                .filter(g -> g.name().equals("encoder.output_conv")).findFirst().orElseThrow().count();
        assertEquals(128 * 19 + 19, classifier.params());
        assertEquals(0, classifier.macs());
    }

    private static long blockParams(String file) throws Exception {
        return Costs.of(Specs.load(Path.of("specs/blocks", file)), Profile.STANDARD).total().params();
    }

    @Test
    void theExecutorProducesEveryInferredShape() throws Exception {
        Network net = Specs.load(ERFNET, Overrides.NONE.withInput("", "1x3x64x128"));
        Execution run = Executor.run(net, new Executor.Options(5, 2), (done, all, node) -> { });
        assertTrue(run.shapesMatch(), () -> run.stop().orElseThrow().toString());
        assertEquals("1x19x64x128", net.outputs().get(0).shape().toString());
    }
}
