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
 * CGNet as wutianyiRosun/CGNet model/CGNet.py builds {@code Context_Guided_Network(19, M=3, N=21)}
 * (specs/networks/cgnet.yaml), against src/test/resources/torch/cgnet.py, the same model in PyTorch.
 */
class CgNetTest {
    private static final Path CGNET = Path.of("specs/networks/cgnet.yaml");

    private static LayerCount total(Overrides overrides) throws Exception {
        return Costs.of(Specs.load(CGNET, overrides), Profile.STANDARD).total();
    }

    @Test
    void countsAreTheOfficialModels() throws Exception {
        LayerCount t = total(Overrides.NONE);
        // Derived with Debian's torch 1.13 from the official model/CGNet.py itself,
        // Context_Guided_Network(19, M=3, N=21) on 1x3x1024x2048 (netcount.py: sum of parameters(), BN
        // running mean + var, conv and linear MACs without bias); the README says "less than 0.5 M".
        assertEquals(496_306, t.params());
        assertEquals(10_252, t.buffers());
        assertEquals(27_049_112_576L, t.macs());
    }

    @Test
    void countsAreThoseTorchCountsOfTheSameModel() throws Exception {
        LayerCount t = total(Overrides.NONE);
        assertEquals(TorchCount.of("cgnet.py"), new TorchCount.Counts(t.params(), t.buffers(), t.macs()));
        LayerCount other = total(Overrides.NONE.withParam("classes", "11").withInput("", "1x3x360x480"));
        assertEquals(TorchCount.of("cgnet.py", "11", "360", "480"),
                new TorchCount.Counts(other.params(), other.buffers(), other.macs()));
    }

    @Test
    void theContextGuidedBlockFollowsItsFormula() throws Exception {
        // CG block at C = 128, r = 16: 1x1 CBR C -> C/2 (C^2/2 + 2 C/2 BN + C/2 PReLU), two depthwise 3x3 on C/2
        // (2 x 9 C/2), BN + PReLU on C (3C), FGlo's two fully connected layers with bias (2 C^2/16 + C/16 + C).
        long c = 128;
        long expected = c * c / 2 + 3 * c / 2 + 2 * 9 * c / 2 + 3 * c + 2 * c * c / 16 + c / 16 + c;
        assertEquals(12_104, expected);
        assertEquals(expected, Costs.of(Specs.load(Path.of("specs/blocks/context-guided.yaml")), Profile.STANDARD)
                .total().params());
        // Stages 2 and 3 add M - 1 and N - 1 blocks: N = 22 adds one CG block at 128 channels.
        assertEquals(expected, total(Overrides.NONE.withParam("N", "22")).params() - total(Overrides.NONE).params());
    }

    @Test
    void theExecutorProducesEveryInferredShape() throws Exception {
        Network net = Specs.load(CGNET, Overrides.NONE.withInput("", "1x3x64x128"));
        Execution run = Executor.run(net, new Executor.Options(5, 2), (done, all, node) -> { });
        assertTrue(run.shapesMatch(), () -> run.stop().orElseThrow().toString());
        assertEquals("1x19x64x128", net.outputs().get(0).shape().toString());
    }
}
