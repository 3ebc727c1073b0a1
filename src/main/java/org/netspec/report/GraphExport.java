package org.netspec.report;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.AttributeType;
import org.jgrapht.nio.BaseExporter;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.graphml.GraphMLExporter;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.LayerCount;
import org.netspec.graph.Edge;
import org.netspec.graph.Network;
import org.netspec.graph.Node;

/**
 * The network graph in DOT (Graphviz) or GraphML: nodes labelled with their operator, window
 * settings, output shape and cost, edges with the tensor shape. GraphML goes through JGraphT's
 * exporter; DOT is written by {@link DotWriter}, since JGraphT's has no clusters.
 */
public final class GraphExport {
    private GraphExport() {
    }

    /** Every block open: each node drawn, inside the clusters of its block instances. */
    public static String dot(Analyses analyses) {
        return dot(analyses, Integer.MAX_VALUE);
    }

    /**
     * The graph with block instances as clusters ({@code subgraph cluster_...}, nested as the
     * blocks nest); instances nested deeper than {@code depth} are drawn as one node each, with
     * their summed cost (0: every block written in the network file is one node).
     */
    public static String dot(Analyses analyses, int depth) {
        return new DotWriter(analyses, depth).text();
    }

    /**
     * The block graph of the HTML report as SVG: every block written in the network file as one
     * node ({@code depth} 0), rendered by Graphviz; empty when {@code dot} is not installed.
     */
    public static Optional<String> blockGraphSvg(Analyses analyses) {
        return Graphviz.render(dot(analyses, 0), "svg").map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** The one-line summary of a node's non-default window settings: kernel, stride, dilation, groups. */
    static String settings(Node n) {
        List<String> shown = new ArrayList<>();
        for (org.netspec.ops.Attribute<?> a : n.op().attributes()) {
            if (!SETTINGS.contains(a.name())) {
                continue;
            }
            Object value = n.attributes().find(a).orElse(null);
            if (value != null && (a.required() || !value.equals(a.defaultValue()))) {
                shown.add(a.name() + " " + value);
            }
        }
        return String.join(", ", shown);
    }

    private static final List<String> SETTINGS = List.of("kernel", "stride", "dilation", "groups");

    public static String graphml(Analyses analyses) {
        GraphMLExporter<Node, Edge> exporter = new GraphMLExporter<>(identifiers(analyses.network()));
        for (String key : new String[] {"name", "op", "shape", "block"}) {
            exporter.registerAttribute(key, GraphMLExporter.AttributeCategory.NODE, AttributeType.STRING);
        }
        for (String key : new String[] {"params", "macs", "ops", "memory_access"}) {
            exporter.registerAttribute(key, GraphMLExporter.AttributeCategory.NODE, AttributeType.LONG);
        }
        exporter.registerAttribute("unused", GraphMLExporter.AttributeCategory.NODE, AttributeType.BOOLEAN);
        exporter.registerAttribute("shape", GraphMLExporter.AttributeCategory.EDGE, AttributeType.STRING);
        exporter.registerAttribute("port", GraphMLExporter.AttributeCategory.EDGE, AttributeType.INT);
        exporter.setVertexAttributeProvider(n -> attributes(analyses, n));
        exporter.setEdgeAttributeProvider(e -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("shape", DefaultAttribute.createAttribute(e.shape().toString()));
            a.put("port", DefaultAttribute.createAttribute(e.port()));
            return a;
        });
        return export(exporter, analyses);
    }

    private static Map<String, Attribute> attributes(Analyses analyses, Node n) {
        LayerCount c = analyses.costs().of(n);
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("name", DefaultAttribute.createAttribute(n.name()));
        a.put("op", DefaultAttribute.createAttribute(n.op().name()));
        a.put("shape", DefaultAttribute.createAttribute(n.shape().toString()));
        a.put("block", DefaultAttribute.createAttribute(n.block().orElse("")));
        a.put("params", DefaultAttribute.createAttribute(c.params()));
        a.put("macs", DefaultAttribute.createAttribute(c.macs()));
        a.put("ops", DefaultAttribute.createAttribute(c.ops()));
        a.put("memory_access", DefaultAttribute.createAttribute(analyses.access().of(n).total()));
        a.put("unused", DefaultAttribute.createAttribute(analyses.network().isUnused(n)));
        return a;
    }

    /** Node identifiers valid in both formats: the position in the declaration order. */
    static Function<Node, String> identifiers(Network network) {
        Map<Node, String> ids = new IdentityHashMap<>();
        for (Node n : network.nodes()) {
            ids.put(n, "n" + ids.size());
        }
        return ids::get;
    }

    private static String export(BaseExporter<Node, Edge> exporter, Analyses analyses) {
        StringWriter out = new StringWriter();
        ((org.jgrapht.nio.GraphExporter<Node, Edge>) exporter).exportGraph(analyses.network().graph(), out);
        return out.toString();
    }
}
