package org.netspec.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.Guidelines;
import org.netspec.analysis.LayerCount;
import org.netspec.analysis.MemoryAccessCost;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.report.FieldJson;
import org.netspec.report.ReviewWarnings;

/**
 * The analyses of a network as a Netron attachment: a JSON file that Netron (browser and desktop)
 * accepts when it is opened while a model is shown, listing metrics per node in the sidebar.
 *
 * <p>The format is Netron's own ({@code metadata.Attachment} in lutzroeder/netron
 * {@code source/view.js}): a {@code .json} file whose {@code signature} is
 * {@code "netron:attachment"}, with a {@code metrics} array of entries
 * {@code {kind, target, name, value}}. An entry of kind {@code node} is shown with the node whose
 * name equals {@code target}; netspec's ONNX export names the ONNX node that writes a netspec
 * node's output after that node, so every non-input node is a target. An entry of kind
 * {@code graph} with the empty target is shown with the graph (Netron looks graphs up by the empty
 * name); its {@code parameters} replaces Netron's own count, which adds buffers to parameters.
 *
 * <p>Per node: parameters, buffers, MACs and other ops under the analyses' profile, memory access,
 * the receptive field (as {@code analyze --format json} writes it), the gridding coverage, and the
 * review warnings about it. A block's warnings go on the block's last node; the network's on the
 * graph. Values come from the analyses and texts from the reports; nothing is computed here.
 */
public final class NetronSidecar {
    /** What Netron checks before it reads a JSON file as an attachment. */
    static final String SIGNATURE = "netron:attachment";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private NetronSidecar() {
    }

    public static ObjectNode json(Analyses analyses) {
        Network network = analyses.network();
        Map<String, List<String>> warnings = warningsByTarget(analyses);
        ObjectNode root = JSON.createObjectNode();
        root.put("signature", SIGNATURE);
        ArrayNode metrics = root.putArray("metrics");
        Entries graph = new Entries(metrics, "graph", "");
        graph.put("profile", JSON.valueToTree(analyses.costs().profile().id()));
        counts(graph, analyses.costs().total(), analyses.access().total());
        graph.warnings(warnings.get(""));
        for (Node n : network.nodes()) {
            if (n.inputs().isEmpty()) {
                continue;
            }
            Entries node = new Entries(metrics, "node", n.name());
            counts(node, analyses.costs().of(n), analyses.access().of(n));
            if (network.isUnused(n)) {
                node.put("unused", JSON.valueToTree(true));
            }
            analyses.receptiveField().field(n).ifPresent(f -> node.put("receptive_field", FieldJson.of(f)));
            analyses.gridding().coverage(n).ifPresent(c -> node.put("gridding_coverage", JSON.valueToTree(c.doubleValue())));
            node.warnings(warnings.get(n.name()));
        }
        return root;
    }

    /** The sidecar file's bytes: indented JSON in UTF-8, ending with a newline. */
    public static byte[] bytes(Analyses analyses) {
        try {
            return (JSON.writeValueAsString(json(analyses)) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of plain values always serialises", e);
        }
    }

    private static void counts(Entries e, LayerCount count, MemoryAccessCost.Access access) {
        e.put("parameters", JSON.valueToTree(count.params()));
        e.put("buffers", JSON.valueToTree(count.buffers()));
        e.put("macs", JSON.valueToTree(count.macs()));
        e.put("ops", JSON.valueToTree(count.ops()));
        e.put("memory_access", JSON.valueToTree(access.total()));
    }

    /**
     * The review warnings by the node they are shown on ("" for the graph): a finding about a node
     * on that node, about a block on its last node, about the network on the graph.
     */
    private static Map<String, List<String>> warningsByTarget(Analyses analyses) {
        Network network = analyses.network();
        Map<String, List<Node>> blocks = Grouping.BLOCK.groups(network);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (Gridding.Warning w : analyses.gridding().warnings()) {
            out.computeIfAbsent(target(network, blocks, w.block()), k -> new ArrayList<>()).add(ReviewWarnings.gridding(w));
        }
        for (Guidelines.Finding f : analyses.guidelineWarnings()) {
            out.computeIfAbsent(target(network, blocks, f.subject()), k -> new ArrayList<>()).add(ReviewWarnings.guideline(f));
        }
        return out;
    }

    private static String target(Network network, Map<String, List<Node>> blocks, String subject) {
        if (network.node(subject).isPresent()) {
            return subject;
        }
        List<Node> block = blocks.get(subject);
        return block == null ? "" : block.get(block.size() - 1).name();
    }

    /** The entries of one target, appended to the attachment's metrics array. */
    private record Entries(ArrayNode metrics, String kind, String target) {
        void put(String name, JsonNode value) {
            metrics.addObject().put("kind", kind).put("target", target).put("name", name).set("value", value);
        }

        void warnings(List<String> texts) {
            if (texts != null) {
                put("warnings", JSON.valueToTree(texts));
            }
        }
    }
}
