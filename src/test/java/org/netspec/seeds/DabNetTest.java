package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Costs;
import org.netspec.analysis.LayerCount;
import org.netspec.analysis.Profile;
import org.netspec.exec.Execution;
import org.netspec.exec.Executor;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;
import org.netspec.spec.Overrides;
import org.netspec.testing.TorchCount;

/**
 * DABNet as Reagan1311/DABNet model/DABNet.py builds {@code DABNet(19)} (specs/networks/dabnet.yaml),
 * against src/test/resources/torch/dabnet.py, the same model written in PyTorch.
 */
class DabNetTest {
    private static final Path DABNET = Path.of("specs/networks/dabnet.yaml");

    private static LayerCount total(Overrides overrides) throws Exception {
        return Costs.of(Specs.load(DABNET, overrides), Profile.STANDARD).total();
    }

    @Test
    void countsAreTheOfficialModels() throws Exception {
        LayerCount t = total(Overrides.NONE);
        // Derived with Debian's torch 1.13 from the official model/DABNet.py itself, DABNet(19) on 1x3x512x1024
        // (netcount.py: sum of parameters(), BN running mean + var, conv MACs without bias); the README and
        // the paper say 0.76 M.
        assertEquals(756_643, t.params());
        assertEquals(9_106, t.buffers());
        assertEquals(10_220_380_160L, t.macs());
    }

    @Test
    void countsAreThoseTorchCountsOfTheSameModel() throws Exception {
        LayerCount t = total(Overrides.NONE);
        assertEquals(TorchCount.of("dabnet.py"), new TorchCount.Counts(t.params(), t.buffers(), t.macs()));
        LayerCount other = total(Overrides.NONE.withParam("classes", "11").withInput("", "1x3x360x480"));
        assertEquals(TorchCount.of("dabnet.py", "11", "360", "480"),
                new TorchCount.Counts(other.params(), other.buffers(), other.macs()));
    }

    @Test
    void theDabModuleFollowsItsFormula() throws Exception {
        // DAB module at C = 128 (h = C/2): BN + PReLU of C (3C); 3x3 C -> h with BN + PReLU (9 C h + 3h);
        // four depthwise 3x1 / 1x3 with BN + PReLU (4 (3h + 3h)); BN + PReLU of h (3h); 1x1 h -> C (h C).
        long c = 128;
        long h = c / 2;
        long expected = 3 * c + 9 * c * h + 3 * h + 4 * 6 * h + 3 * h + h * c;
        assertEquals(84_224, expected);
        assertEquals(expected, Costs.of(Specs.load(Path.of("specs/blocks/dab-module.yaml")), Profile.STANDARD)
                .total().params());
        // 131 -> 128 does not widen: the convolution gives all 128 channels and no pool runs.
        assertEquals(131 * 128 * 9 + 3 * 128, Costs.of(Specs.load(Path.of("specs/blocks/dab-downsampler.yaml"),
                Overrides.NONE.withParam("out", "128").withInput("", "1x131x128x256")), Profile.STANDARD).total().params());
    }

    @Test
    void theExecutorProducesEveryInferredShape() throws Exception {
        Network net = Specs.load(DABNET, Overrides.NONE.withInput("", "1x3x64x128"));
        Execution run = Executor.run(net, new Executor.Options(5, 2), (done, all, node) -> { });
        assertTrue(run.shapesMatch(), () -> run.stop().orElseThrow().toString());
        assertEquals("1x19x64x128", net.outputs().get(0).shape().toString());
    }
}
