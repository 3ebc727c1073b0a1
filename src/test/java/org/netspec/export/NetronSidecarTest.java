package org.netspec.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Profile;
import org.netspec.exec.Weights;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.onnx.Onnx.NodeProto;
import org.netspec.report.ReviewWarnings;

/** The Netron attachment: Netron's layout, targets that are ONNX node names, and each node's own numbers. */
class NetronSidecarTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static JsonNode sidecar(Network net) throws Exception {
        return JSON.readTree(NetronSidecar.bytes(Analyses.of(net, Profile.STANDARD, 4)));
    }

    /** The metrics of one target, by name; Netron keeps one value per name and target. */
    private static Map<String, JsonNode> metrics(JsonNode sidecar, String kind, String target) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode e : sidecar.get("metrics")) {
            if (e.get("kind").asText().equals(kind) && e.get("target").asText().equals(target)) {
                assertEquals(null, out.put(e.get("name").asText(), e.get("value")), "one " + e.get("name") + " per target");
            }
        }
        return out;
    }

    @Test
    void everyTargetIsAnOnnxNodeOfTheExportedModelAndEveryComputedNodeIsATarget() throws Exception {
        Network net = Specs.load(Path.of("specs/networks/espnet-c.yaml"));
        JsonNode sidecar = sidecar(net);
        assertEquals("netron:attachment", sidecar.get("signature").asText());
        Set<String> onnxNodes = OnnxExport.model(net, Weights.seeded(1)).getGraph().getNodeList().stream()
                .map(NodeProto::getName).collect(Collectors.toSet());
        Set<String> targets = new HashSet<>();
        for (JsonNode e : sidecar.get("metrics")) {
            assertEquals(Set.of("kind", "target", "name", "value"), fieldNames(e), e.toString());
            String kind = e.get("kind").asText();
            assertTrue(kind.equals("node") || kind.equals("graph"), kind);
            if (kind.equals("node")) {
                assertTrue(onnxNodes.contains(e.get("target").asText()), "no ONNX node " + e.get("target"));
                targets.add(e.get("target").asText());
            } else {
                assertEquals("", e.get("target").asText(), "Netron finds a graph's metrics under the empty name");
            }
        }
        Set<String> computed = net.nodes().stream().filter(n -> !n.inputs().isEmpty()).map(Node::name)
                .collect(Collectors.toSet());
        assertEquals(computed, targets);
        for (String t : targets) {
            metrics(sidecar, "node", t);
        }
    }

    /**
     * A grouped, biased, padded 3x3 convolution 8 -> 12 channels in 2 groups on 1x8x16x16:
     * params = Cout*Cin/g*kh*kw + Cout = 12*4*9 + 12 = 444; MACs = 12*4*9 * 16*16 = 110592;
     * memory access = read 8*256 + written 12*256 + weights 444 = 5564; receptive field 3x3, stride 1.
     * The dilated 3x3 after it (dilation 2, 12 -> 12, no bias) sees 3 + 2*2 = 7 pixels a side at stride 1.
     */
    @Test
    void aConvolutionCarriesItsOwnCounts() throws Exception {
        Path spec = dir.resolve("tiny.yaml");
        Files.writeString(spec, "network: tiny\ninputs: {x: [1, 8, 16, 16]}\nlayers:\n"
                + "  - {name: grouped, op: conv, out: 12, kernel: 3, padding: 1, groups: 2, bias: true}\n"
                + "  - {name: dilated, op: conv, out: 12, kernel: 3, padding: 2, dilation: 2, bias: false}\n");
        JsonNode sidecar = sidecar(Specs.load(spec));
        Map<String, JsonNode> grouped = metrics(sidecar, "node", "grouped");
        assertEquals(444, grouped.get("parameters").asLong());
        assertEquals(0, grouped.get("buffers").asLong());
        assertEquals(110592, grouped.get("macs").asLong());
        assertEquals(12 * 256, grouped.get("ops").asLong(), "one bias add per output element");
        assertEquals(8 * 256 + 12 * 256 + 444, grouped.get("memory_access").asLong());
        assertEquals(List.of(3, 3), ints(grouped.get("receptive_field").get("size")));
        assertEquals(1.0, grouped.get("receptive_field").get("stride").get(0).asDouble());
        Map<String, JsonNode> dilated = metrics(sidecar, "node", "dilated");
        assertEquals(12 * 12 * 9, dilated.get("parameters").asLong());
        assertEquals(List.of(7, 7), ints(dilated.get("receptive_field").get("size")));
        assertFalse(metrics(sidecar, "node", "x").containsKey("parameters"), "inputs are no ONNX nodes");
        Map<String, JsonNode> graph = metrics(sidecar, "graph", "");
        assertEquals(444 + 12 * 12 * 9, graph.get("parameters").asLong());
        assertEquals("standard", graph.get("profile").asText());
    }

    /** Each review warning is shown once: a block's on its last node, the network's on the graph. */
    @Test
    void everyReviewWarningIsShownOnceWhereItBelongs() throws Exception {
        Network net = Specs.load(Path.of("specs/networks/espnet-c.yaml"));
        Analyses analyses = Analyses.of(net, Profile.STANDARD, 4);
        JsonNode sidecar = JSON.readTree(NetronSidecar.bytes(analyses));
        List<String> shown = new ArrayList<>();
        for (JsonNode e : sidecar.get("metrics")) {
            if (e.get("name").asText().equals("warnings")) {
                e.get("value").forEach(w -> shown.add(w.asText()));
            }
        }
        List<String> expected = ReviewWarnings.of(analyses);
        assertFalse(expected.isEmpty());
        assertEquals(expected.stream().sorted().toList(), shown.stream().sorted().toList());
        List<Node> block = net.nodes().stream().filter(n -> n.block().equals(Optional.of("level2.0"))).toList();
        String last = block.get(block.size() - 1).name();
        assertTrue(metrics(sidecar, "node", last).get("warnings").toString().contains("gridding `level2.0`"), last);
        assertTrue(metrics(sidecar, "graph", "").get("warnings").toString().contains("G4 `espnet_c`"));
    }

    private static Set<String> fieldNames(JsonNode o) {
        Set<String> names = new HashSet<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asInt()));
        return out;
    }
}
