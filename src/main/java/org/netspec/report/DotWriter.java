package org.netspec.report;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.LayerCount;
import org.netspec.graph.Edge;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.spec.Frame;

/**
 * A network as Graphviz DOT with its block instances as clusters. Instances nested deeper than the
 * depth asked for become one node each, labelled with the block and its summed cost; edges
 * between the drawn nodes keep their tensor shapes, once per pair and shape.
 */
final class DotWriter {
    /** A cluster: one open block instance, and what it holds in network order (nodes, blocks, clusters). */
    private record Cluster(Frame frame, List<Object> items, Map<String, Cluster> children) {
        Cluster(Frame frame) {
            this(frame, new ArrayList<>(), new LinkedHashMap<>());
        }

        Cluster child(Frame f) {
            return children.computeIfAbsent(f.instance(), k -> {
                Cluster c = new Cluster(f);
                items.add(c);
                return c;
            });
        }
    }

    /** A block instance drawn as one node: its identifier and the nodes it stands for. */
    private record Collapsed(String id, Frame frame, List<Node> nodes) {
    }

    private final Analyses analyses;
    private final Network network;
    private final Cluster root = new Cluster(null);
    private final Map<Node, String> drawnAs = new IdentityHashMap<>();
    private final Function<Node, String> ids;
    private int clusters;

    DotWriter(Analyses analyses, int depth) {
        this.analyses = analyses;
        this.network = analyses.network();
        this.ids = GraphExport.identifiers(network);
        Map<String, Collapsed> collapsed = new LinkedHashMap<>();
        for (Node n : network.nodes()) {
            List<Frame> chain = n.chain();
            Cluster parent = root;
            for (int i = 0; i < Math.min(chain.size(), depth); i++) {
                parent = parent.child(chain.get(i));
            }
            if (chain.size() > depth) {
                Frame f = chain.get(depth);
                Cluster holder = parent;
                Collapsed c = collapsed.computeIfAbsent(f.instance(), k -> {
                    Collapsed made = new Collapsed("b" + collapsed.size(), f, new ArrayList<>());
                    holder.items().add(made);
                    return made;
                });
                c.nodes().add(n);
                drawnAs.put(n, c.id());
            } else {
                parent.items().add(n);
                drawnAs.put(n, ids.apply(n));
            }
        }
    }

    String text() {
        StringBuilder sb = new StringBuilder("digraph G {\n");
        sb.append("  rankdir=TB;\n  label=").append(quote(network.name() + " (" + analyses.costs().profile().id()
                + " profile)")).append(";\n  node [shape=box, fontname=\"DejaVu Sans\", fontsize=10];\n")
                .append("  edge [fontname=\"DejaVu Sans\", fontsize=8];\n");
        for (Object item : root.items()) {
            write(sb, item, "  ");
        }
        Set<String> drawn = new HashSet<>();
        for (Edge e : network.graph().edgeSet()) {
            String from = drawnAs.get(e.source());
            String to = drawnAs.get(e.target());
            String shape = e.shape().toString();
            if (!from.equals(to) && drawn.add(from + " " + to + " " + shape)) {
                sb.append("  ").append(from).append(" -> ").append(to).append(" [label=").append(quote(shape)).append("];\n");
            }
        }
        return sb.append("}\n").toString();
    }

    private void write(StringBuilder sb, Object item, String indent) {
        if (item instanceof Node n) {
            sb.append(indent).append(ids.apply(n)).append(" [label=").append(quote(label(n))).append(", tooltip=")
                    .append(quote(tooltip(n))).append(network.isUnused(n) ? ", style=dashed" : "").append("];\n");
        } else if (item instanceof Collapsed c) {
            sb.append(indent).append(c.id()).append(" [label=").append(quote(label(c)))
                    .append(", style=\"rounded,filled\", fillcolor=\"#E8F1F8\"];\n");
        } else if (item instanceof Cluster c) {
            sb.append(indent).append("subgraph cluster_").append(clusters++).append(" {\n");
            sb.append(indent).append("  label=").append(quote(c.frame().instance() + " (" + c.frame().block() + ")"))
                    .append("; style=rounded; color=\"#0072B2\"; fontname=\"DejaVu Sans\"; fontsize=10;\n");
            for (Object inner : c.items()) {
                write(sb, inner, indent + "  ");
            }
            sb.append(indent).append("}\n");
        }
    }

    private String label(Node n) {
        LayerCount c = analyses.costs().of(n);
        String settings = GraphExport.settings(n);
        return n.name() + "\n" + n.op().name() + " " + n.shape() + (settings.isEmpty() ? "" : "\n" + settings)
                + (c.params() > 0 ? "\nparams " + Numbers.grouped(c.params()) : "")
                + (c.macs() > 0 ? "\nMACs " + Numbers.compact(c.macs()) : "");
    }

    private String tooltip(Node n) {
        return n.name() + ": " + n.op().name() + ", memory access " + Numbers.grouped(analyses.access().of(n).total())
                + " elements, ops " + Numbers.grouped(analyses.costs().of(n).ops());
    }

    /** A collapsed block: its instance, kind and size, the shape it hands on, its summed cost. */
    private String label(Collapsed c) {
        long params = 0;
        long macs = 0;
        for (Node n : c.nodes()) {
            params += analyses.costs().of(n).params();
            macs += analyses.costs().of(n).macs();
        }
        Node last = c.nodes().get(c.nodes().size() - 1);
        return c.frame().instance() + "\n" + c.frame().block() + " block, " + c.nodes().size() + " nodes\n" + last.shape()
                + (params > 0 ? "\nparams " + Numbers.grouped(params) : "") + (macs > 0 ? "\nMACs " + Numbers.compact(macs) : "");
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
