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
 * LEDNet against the official xiaoyufenfei/LEDNet train/lednet.py, through the user's path: the
 * literal figures were derived by counting the official Net(20) with PyTorch (netcount.py), and
 * src/test/resources/torch/lednet.py rewrites that model and is counted live.
 */
class LedNetTest {
    private static final Path LEDNET = Path.of("specs/networks/lednet.yaml");

    private static Costs count(Overrides overrides) throws SpecException {
        return Costs.of(Specs.load(LEDNET, overrides), Profile.STANDARD);
    }

    /** Parameters of an SS-nbt unit on c channels: 8 biased convs of 3 h^2 on the halves h, 4 BNs of h. */
    private static long ssNbt(long c) {
        long h = c / 2;
        return 8 * (3 * h * h + h) + 4 * 2 * h;
    }

    /** A downsampler in -> out: a biased 3x3 conv to out - in channels and a BN of out. */
    private static long downsampler(long in, long out) {
        return (out - in) * in * 9 + (out - in) + 2 * out;
    }

    @Test
    void lednetMatchesTheOfficialModel() throws SpecException {
        LayerCount t = count(Overrides.NONE).total();
        // Official Net(20) (train/main.py: NUM_CLASSES = 20) counted by netcount.py with Debian's torch
        // 1.13: sum of parameters(), BN running_mean + running_var, conv MACs on a 1x3x512x1024 input.
        assertEquals(925_663, t.params());   // the paper's "0.94 M" rounds up a slightly different count
        assertEquals(5_532, t.buffers());
        assertEquals(11_209_539_328L, t.macs());
    }

    @Test
    void lednetMatchesItsPyTorchModelLive() throws SpecException, IOException, InterruptedException {
        TorchCount.Counts torch = TorchCount.of("lednet.py");
        LayerCount t = count(Overrides.NONE).total();
        assertEquals(torch.params(), t.params());
        assertEquals(torch.buffers(), t.buffers());
        assertEquals(torch.macs(), t.macs());
        TorchCount.Counts torch19 = TorchCount.of("lednet.py", "19", "256", "512");
        LayerCount t19 = count(Overrides.NONE.withParam("classes", "19").withInput("", "1x3x256x512")).total();
        assertEquals(torch19.params(), t19.params());
        assertEquals(torch19.buffers(), t19.buffers());
        assertEquals(torch19.macs(), t19.macs());
    }

    @Test
    void encoderAndDecoderFollowTheUnitFormulas() throws SpecException {
        Map<String, Long> stages = count(Overrides.NONE).rollup(Grouping.STAGE).stream()
                .collect(Collectors.toMap(Costs.Group::name, g -> g.count().params()));
        long encoder = downsampler(3, 32) + 3 * ssNbt(32) + downsampler(32, 64) + 2 * ssNbt(64)
                + downsampler(64, 128) + 8 * ssNbt(128) + (128 * 20 + 20); // + the unused output_conv
        assertEquals(encoder, stages.get("encoder"));
        assertEquals(914_016, stages.get("encoder"));
        // APN: two 1x1 128 -> 20 (+ bias + BN), 7x7 128 -> 1, then one-channel 5x5, 3x3, 3x3, 5x5, 7x7,
        // each with a bias and a BN of 2.
        long apn = 2 * (128 * 20 + 20 + 40) + (128 * 49 + 3) + (25 + 3) + 2 * (9 + 3) + (25 + 3) + (49 + 3);
        assertEquals(apn, stages.get("decoder"));
        assertEquals(11_647, stages.get("decoder"));
    }

    @Test
    void theEncoderClassifierIsBuiltButNeverRuns() throws SpecException {
        Network net = Specs.load(LEDNET);
        assertTrue(net.isUnused(net.node("encoder.output_conv").orElseThrow()));
    }

    @Test
    void everyNodeRunsAtItsInferredShapeOnTheExecutor() throws SpecException {
        Network net = Specs.load(LEDNET, Overrides.NONE.withInput("", "1x3x64x128"));
        Execution e = Executor.run(net, new Executor.Options(3, 1), (done, total, node) -> { });
        assertTrue(e.shapesMatch(), () -> e.stop().orElseThrow().toString());
        assertEquals("1x20x64x128", net.outputs().get(0).shape().toString());
        assertEquals(net.outputs().get(0).shape(), e.outputs().get(net.outputs().get(0)).shape());
    }
}
