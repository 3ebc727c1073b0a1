package org.netspec.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.LayerCount;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.Shape;

/**
 * The counts of one network as a table (per layer, block or stage) in text, Markdown or CSV, or
 * as the JSON object other tools read. Formats only: every number comes from {@link Costs}.
 */
public final class CostReport {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Costs costs;
    private final List<String> warnings;

    public CostReport(Costs costs, List<String> warnings) {
        this.costs = costs;
        this.warnings = List.copyOf(warnings);
    }

    /** The table of rows for a grouping, with a totals row. */
    public Table table(Grouping grouping) {
        Table t = grouping == Grouping.LAYER
                ? new Table("layer", "op", "output", ">params", ">buffers", ">MACs", ">ops")
                : new Table(grouping.name().toLowerCase(), ">nodes", "output", ">params", ">buffers", ">MACs", ">ops");
        for (Costs.Group g : costs.rollup(grouping)) {
            LayerCount c = g.count();
            String second = grouping == Grouping.LAYER
                    ? g.last().op().name() + (costs.network().isUnused(g.last()) ? " (unused)" : "")
                    : Integer.toString(g.nodes().size());
            String output = grouping == Grouping.OP ? "" : g.last().shape().toString();
            t.row(g.name(), second, output, Numbers.grouped(c.params()), Numbers.grouped(c.buffers()),
                    Numbers.grouped(c.macs()), Numbers.grouped(c.ops()));
        }
        LayerCount total = costs.total();
        t.rule().row("total", grouping == Grouping.LAYER ? "" : Integer.toString(costs.network().nodes().size()), "",
                Numbers.grouped(total.params()), Numbers.grouped(total.buffers()), Numbers.grouped(total.macs()),
                Numbers.grouped(total.ops()));
        return t;
    }

    /** A heading with the network, profile, shapes and totals, then the table, then warnings. */
    public String text(Grouping grouping) {
        StringBuilder sb = new StringBuilder();
        sb.append(summary(false)).append('\n').append(table(grouping).text());
        appendWarnings(sb, "warning: ");
        return sb.toString();
    }

    public String markdown(Grouping grouping) {
        StringBuilder sb = new StringBuilder();
        sb.append("## ").append(costs.network().name()).append("\n\n").append(summary(true)).append('\n')
                .append(table(grouping).markdown());
        if (!warnings.isEmpty()) {
            sb.append('\n');
            appendWarnings(sb, "- warning: ");
        }
        return sb.toString();
    }

    public String csv(Grouping grouping) {
        return table(grouping).csv();
    }

    private String summary(boolean markdown) {
        Network net = costs.network();
        LayerCount t = costs.total();
        String bullet = markdown ? "- " : "";
        StringBuilder sb = new StringBuilder();
        if (!markdown) {
            sb.append("network  ").append(net.name()).append("  (").append(net.file().getFileName()).append(")\n");
        }
        sb.append(bullet).append("profile  ").append(costs.profile().id()).append(": ").append(costs.profile().description()).append('\n');
        sb.append(bullet).append("input    ").append(net.inputs().stream().map(n -> n.name() + " " + n.shape())
                .collect(Collectors.joining(", "))).append('\n');
        sb.append(bullet).append("output   ").append(net.outputs().stream().map(n -> n.name() + " " + n.shape())
                .collect(Collectors.joining(", "))).append('\n');
        sb.append(bullet).append("params   ").append(Numbers.grouped(t.params())).append(" (").append(Numbers.compact(t.params()))
                .append("), buffers ").append(Numbers.grouped(t.buffers())).append('\n');
        sb.append(bullet).append("MACs     ").append(Numbers.grouped(t.macs())).append(" (").append(Numbers.compact(t.macs()))
                .append("), FLOPs ").append(Numbers.compact(t.flops())).append(" (2 x MACs), other ops ")
                .append(Numbers.compact(t.ops())).append('\n');
        return sb.toString();
    }

    private void appendWarnings(StringBuilder sb, String prefix) {
        for (String w : warnings) {
            sb.append(prefix).append(w).append('\n');
        }
    }

    /** The JSON contract: one object, layers summing to the totals. */
    public String json() {
        Network net = costs.network();
        ObjectNode root = JSON.createObjectNode();
        root.put("network", net.name());
        root.put("file", net.file().toString());
        root.put("profile", costs.profile().id());
        root.put("profile_description", costs.profile().description());
        ObjectNode input = root.putObject("input");
        for (Node n : net.inputs()) {
            shape(input.putArray(n.name()), n.shape());
        }
        counts(root.putObject("totals"), costs.total());
        ArrayNode outputs = root.putArray("outputs");
        for (Node n : net.outputs()) {
            ObjectNode o = outputs.addObject();
            o.put("name", n.name());
            shape(o.putArray("shape"), n.shape());
        }
        ArrayNode layers = root.putArray("layers");
        for (Node n : net.nodes()) {
            ObjectNode l = layers.addObject();
            l.put("name", n.name());
            l.put("op", n.op().name());
            if (n.block().isPresent()) {
                l.put("block", n.block().get());
            } else {
                l.putNull("block");
            }
            l.put("stage", n.stage());
            ArrayNode from = l.putArray("from");
            n.inputs().forEach(i -> from.add(i.name()));
            shape(l.putArray("output_shape"), n.shape());
            counts(l, costs.of(n));
            l.put("unused", net.isUnused(n));
        }
        rollup(root.putArray("blocks"), Grouping.BLOCK);
        rollup(root.putArray("stages"), Grouping.STAGE);
        ArrayNode w = root.putArray("warnings");
        warnings.forEach(w::add);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree of plain values always serialises", e);
        }
    }

    private void rollup(ArrayNode array, Grouping grouping) {
        for (Costs.Group g : costs.rollup(grouping)) {
            ObjectNode o = array.addObject();
            o.put("name", g.name());
            o.put("nodes", g.nodes().size());
            counts(o, g.count());
        }
    }

    private static void counts(ObjectNode o, LayerCount c) {
        o.put("params", c.params());
        o.put("buffers", c.buffers());
        o.put("macs", c.macs());
        o.put("flops", c.flops());
        o.put("ops", c.ops());
    }

    private static void shape(ArrayNode array, Shape s) {
        s.toList().forEach(array::add);
    }
}
