package org.netspec.analysis.latency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.analysis.MemoryAccessCost;
import org.netspec.device.DeviceLoader;
import org.netspec.device.DeviceProfile;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;

/**
 * Pins the derivation of specs/devices/h200-pytorch-fp32.yaml: every G1/G2/dilation/G4 micro case
 * of the shared H200 measurements (a copy under test resources), built as its ten stacked layers,
 * is estimated within 25% of its measured gpu_fp32_ms for at least 80% of the cases.
 */
class H200ProfileTest {
    private static final Pattern CONV = Pattern.compile("(?:(\\d+) x )?Conv2d\\((\\d+), (\\d+), kernel_size=\\((\\d+), \\d+\\)"
            + "(?:, stride=\\(1, 1\\))?(?:, padding=\\((\\d+), \\d+\\))?(?:, dilation=\\((\\d+), \\d+\\))?(?:, groups=(\\d+))?");

    @TempDir
    Path dir;

    @Test
    void atLeastFourFifthsOfTheMicroCasesAreWithinAQuarter() throws Exception {
        DeviceProfile h200 = DeviceLoader.load(Path.of("specs/devices/h200-pytorch-fp32.yaml"));
        JsonNode cases;
        try (InputStream in = getClass().getResourceAsStream("/latency/latency-micro-h200.json")) {
            cases = new ObjectMapper().readTree(in).get("cases");
        }
        int within = 0;
        List<String> misses = new ArrayList<>();
        for (JsonNode c : cases) {
            Network net = Specs.load(spec(c));
            double estimateMs = Latency.of(net, MemoryAccessCost.of(net), h200).total() * 1e3;
            double measuredMs = c.get("gpu_fp32_ms").asDouble();
            if (Math.abs(estimateMs - measuredMs) <= 0.25 * measuredMs) {
                within++;
            } else {
                misses.add(c.get("kind").asText());
            }
        }
        assertEquals(28, cases.size());
        assertTrue(within >= 0.8 * cases.size(), within + " of " + cases.size() + " within 25%; missed " + misses);
    }

    /** The case's ten layers as a network spec. */
    private Path spec(JsonNode c) throws IOException {
        JsonNode s = c.get("shape");
        StringBuilder y = new StringBuilder("network: micro\ninputs: {x: [1, " + s.get(1) + ", " + s.get(2) + ", "
                + s.get(3) + "]}\nlayers:\n");
        int i = 0;
        for (JsonNode layer : c.get("layers")) {
            String text = layer.asText();
            Matcher m = CONV.matcher(text);
            if (m.lookingAt()) {
                int repeat = m.group(1) == null ? 1 : Integer.parseInt(m.group(1));
                for (int r = 0; r < repeat; r++, i++) {
                    y.append("  - {name: l").append(i).append(", op: conv, out: ").append(m.group(3)).append(", kernel: ")
                            .append(m.group(4)).append(", padding: ").append(m.group(5) == null ? "0" : m.group(5))
                            .append(", dilation: ").append(m.group(6) == null ? "1" : m.group(6)).append(", groups: ")
                            .append(m.group(7) == null ? "1" : m.group(7)).append(", bias: false}\n");
                }
            } else {
                assertEquals("relu(x + x)", text);
                String prev = i == 0 ? "x" : "l" + (i - 1);
                y.append("  - {name: s").append(i).append(", op: add, from: [").append(prev).append(", ").append(prev)
                        .append("]}\n  - {name: l").append(i).append(", op: relu}\n");
                i++;
            }
        }
        assertEquals(10, i);
        Path p = dir.resolve(c.get("kind").asText().replaceAll("[^A-Za-z0-9]", "_") + ".yaml");
        Files.writeString(p, y.toString());
        return p;
    }
}
