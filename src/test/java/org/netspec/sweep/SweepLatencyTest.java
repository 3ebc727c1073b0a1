package org.netspec.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.analysis.MemoryAccessCost;
import org.netspec.analysis.Profile;
import org.netspec.analysis.latency.Latency;
import org.netspec.device.DeviceLoader;
import org.netspec.device.DeviceProfile;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;
import org.netspec.spec.Limits;
import org.netspec.spec.NetworkSpec;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;
import org.netspec.spec.SpecLoader;

/** latency_ms is the device profile's estimate of the variant, in milliseconds. */
class SweepLatencyTest {
    @TempDir
    Path dir;

    private SweepSpec sweep(String device) throws Exception {
        Path f = dir.resolve("l.sweep.yaml");
        Files.writeString(f, """
                sweep: l
                spec: %s
                input: 1x64x32x32
                %s
                params:
                  K: [2, 4]
                constraints:
                  - {quantity: params, max: 1000000}
                objectives:
                  - {minimise: latency_ms}
                """.formatted(Path.of("specs/blocks/esp.yaml").toAbsolutePath(), device));
        return SweepLoader.load(f, Limits.DEFAULT);
    }

    @Test
    void latencyIsTheProfilesEstimateInMilliseconds() throws Exception {
        SweepSpec s = sweep("device: h200-pytorch-fp32");
        assertEquals("h200-pytorch-fp32", s.device());
        DeviceProfile h200 = DeviceLoader.load(Path.of("specs/devices/h200-pytorch-fp32.yaml"));
        NetworkSpec spec = SpecLoader.load(s.spec(), Limits.DEFAULT);
        Evaluator e = new Evaluator(s, spec, Limits.DEFAULT, Profile.named("standard").orElseThrow(), h200);
        List<Map<String, Object>> variants = Variants.all(s.params());
        for (int i = 0; i < variants.size(); i++) {
            Network net = Specs.load(Path.of("specs/blocks/esp.yaml"),
                    Overrides.NONE.withInput("", "1x64x32x32").withParam("K", variants.get(i).get("K").toString()));
            double seconds = Latency.of(net, MemoryAccessCost.of(net), h200).total();
            assertEquals(seconds * 1000, e.evaluate(i, variants.get(i)).figures().get("latency_ms"), 1e-12);
        }
    }

    @Test
    void latencyWithoutADeviceIsALocatedError() throws Exception {
        SweepSpec s = sweep("");
        NetworkSpec spec = SpecLoader.load(s.spec(), Limits.DEFAULT);
        SpecException x = assertThrows(SpecException.class,
                () -> new Evaluator(s, spec, Limits.DEFAULT, Profile.named("standard").orElseThrow(), null));
        String line = x.diagnostics().get(0).toString();
        assertTrue(line.contains("l.sweep.yaml:10:16") && line.contains("latency_ms needs a device profile"), line);
    }
}
