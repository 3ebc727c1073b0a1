package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.LayerCount;
import org.netspec.analysis.Profile;
import org.netspec.exec.Execution;
import org.netspec.exec.Executor;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;
import org.netspec.testing.TorchCount;

/**
 * BiSeNetV2 at inference against CoinCheung/BiSeNet lib/models/bisenetv2.py (aux_mode='eval'),
 * and its mmsegmentation variant: the literal figures were derived by counting CoinCheung's
 * BiSeNetV2(19, aux_mode='eval') with PyTorch (netcount.py); src/test/resources/torch/bisenetv2.py
 * rewrites that model and is counted live.
 */
class BiSeNetV2Test {
    private static final Path BISENETV2 = Path.of("specs/networks/bisenetv2.yaml");

    private static Costs count(Overrides overrides) throws SpecException {
        return Costs.of(Specs.load(BISENETV2, overrides), Profile.STANDARD);
    }

    @Test
    void bisenetv2MatchesTheReimplementation() throws SpecException {
        LayerCount t = count(Overrides.NONE).total();
        // CoinCheung BiSeNetV2(19, aux_mode='eval') counted by netcount.py with Debian's torch 1.13 on
        // 1x3x512x1024: sum of parameters(), BN running_mean + running_var, conv MACs.
        assertEquals(3_358_627, t.params());   // "3.4 M" as usually cited
        assertEquals(17_328, t.buffers());
        assertEquals(24_603_312_128L, t.macs());
    }

    @Test
    void mmsegmentationAddsTheTwoPointwiseBiasesOfTheAggregationLayer() throws SpecException {
        LayerCount coin = count(Overrides.NONE).total();
        LayerCount mmseg = count(Overrides.NONE.withParam("mmseg", "true")).total();
        assertEquals(2 * 128, mmseg.params() - coin.params());
        assertEquals(3_358_883, mmseg.params());
        assertEquals(coin.macs(), mmseg.macs()); // biases are not MACs; the resizes have no weights
    }

    @Test
    void bisenetv2MatchesItsPyTorchModelLive() throws SpecException, IOException, InterruptedException {
        TorchCount.Counts torch = TorchCount.of("bisenetv2.py");
        LayerCount t = count(Overrides.NONE).total();
        assertEquals(torch.params(), t.params());
        assertEquals(torch.buffers(), t.buffers());
        assertEquals(torch.macs(), t.macs());
        TorchCount.Counts mm = TorchCount.of("bisenetv2.py", "11", "256", "512", "mmseg");
        LayerCount m = count(Overrides.NONE.withParam("mmseg", "true").withParam("classes", "11")
                .withInput("", "1x3x256x512")).total();
        assertEquals(mm.params(), m.params());
        assertEquals(mm.buffers(), m.buffers());
        assertEquals(mm.macs(), m.macs());
    }

    @Test
    void detailBranchAndHeadFollowTheirLayers() throws SpecException {
        Map<String, LayerCount> stages = count(Overrides.NONE).rollup(Grouping.STAGE).stream()
                .collect(Collectors.toMap(Costs.Group::name, Costs.Group::count));
        // 3x3 convs 3->64, 4 x 64->64, 64->128, 2 x 128->128, no bias; a BN after each.
        long detail = 9L * (3 * 64 + 4 * 64 * 64 + 64 * 128 + 2 * 128 * 128) + 2 * (5 * 64 + 3 * 128);
        assertEquals(detail, stages.get("detail").params());
        // 3x3 conv 128 -> 1024 + BN, 1x1 conv 1024 -> 19 with bias; both at 1/8 (64 x 128).
        assertEquals(128 * 1024 * 9 + 2 * 1024 + 1024 * 19 + 19, stages.get("head").params());
        assertEquals((128L * 1024 * 9 + 1024 * 19) * 64 * 128, stages.get("head").macs());
    }

    @Test
    void theHeadWidthIsTheKnobOfTheExample() throws SpecException {
        // examples/bisenetv2-vs-espnet: a head of 128 instead of 1,024 channels drops 896 channels of
        // the 3x3 conv from 128 (and their BN) and of the 1x1 conv to 19, all at 64 x 128.
        LayerCount wide = count(Overrides.NONE).total();
        LayerCount narrow = count(Overrides.NONE.withParam("head_mid", "128")).total();
        assertEquals(896L * (128 * 9 + 19) * 64 * 128, wide.macs() - narrow.macs());
        assertEquals(896 * (128 * 9 + 2 + 19), wide.params() - narrow.params());
        assertEquals(16_008_134_656L, narrow.macs());
    }

    @Test
    void everyNodeRunsAtItsInferredShapeOnTheExecutor() throws SpecException {
        Network net = Specs.load(BISENETV2, Overrides.NONE.withInput("", "1x3x64x128"));
        Execution e = Executor.run(net, new Executor.Options(3, 1), (done, total, node) -> { });
        assertTrue(e.shapesMatch(), () -> e.stop().orElseThrow().toString());
        assertEquals("1x19x64x128", net.outputs().get(0).shape().toString());
        assertEquals(net.outputs().get(0).shape(), e.outputs().get(net.outputs().get(0)).shape());
    }
}
