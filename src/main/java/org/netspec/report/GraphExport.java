package org.netspec.report;

import java.io.StringWriter;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.AttributeType;
import org.jgrapht.nio.BaseExporter;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;
import org.jgrapht.nio.graphml.GraphMLExporter;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.LayerCount;
import org.netspec.graph.Edge;
import org.netspec.graph.Network;
import org.netspec.graph.Node;

/**
 * The network graph in DOT (Graphviz) or GraphML, through JGraphT's exporters: nodes labelled
 * with their operator, output shape and cost, edges with the tensor shape.
 */
public final class GraphExport {
    private GraphExport() {
    }

    public static String dot(Analyses analyses) {
        DOTExporter<Node, Edge> exporter = new DOTExporter<>(identifiers(analyses.network()));
        // JGraphT writes graph attributes as they are: quote the label ourselves.
        // Attributes in a fixed order, so the same graph is written the same way on every run.
        exporter.setGraphAttributeProvider(() -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            a.put("rankdir", DefaultAttribute.createAttribute("TB"));
            a.put("label", DefaultAttribute.createAttribute("\"" + analyses.network().name() + " ("
                    + analyses.costs().profile().id() + " profile)\""));
            return a;
        });
        exporter.setVertexAttributeProvider(n -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            LayerCount c = analyses.costs().of(n);
            a.put("tooltip", DefaultAttribute.createAttribute(n.name() + ": " + n.op().name() + ", memory access "
                    + Numbers.grouped(analyses.access().of(n).total()) + " elements, ops " + Numbers.grouped(c.ops())));
            a.put("label", DefaultAttribute.createAttribute(n.name() + "\n" + n.op().name() + " " + n.shape()
                    + (c.params() > 0 ? "\nparams " + Numbers.grouped(c.params()) : "")
                    + (c.macs() > 0 ? "\nMACs " + Numbers.compact(c.macs()) : "")));
            a.put("shape", DefaultAttribute.createAttribute("box"));
            if (analyses.network().isUnused(n)) {
                a.put("style", DefaultAttribute.createAttribute("dashed"));
            }
            return a;
        });
        exporter.setEdgeAttributeProvider(e -> Map.of("label", DefaultAttribute.createAttribute(e.shape().toString())));
        return export(exporter, analyses);
    }

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
    private static Function<Node, String> identifiers(Network network) {
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
