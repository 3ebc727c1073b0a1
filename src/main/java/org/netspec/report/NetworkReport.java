package org.netspec.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.netspec.analysis.ActivationMemory;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.Guidelines;
import org.netspec.analysis.LayerCount;
import org.netspec.analysis.MemoryAccessCost;
import org.netspec.analysis.field.ReceptiveField;
import org.netspec.analysis.gridding.Chain;
import org.netspec.analysis.gridding.Footprint;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.analysis.gridding.NodeFootprint;
import org.netspec.analysis.latency.Latency;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.Shape;
import org.netspec.spec.VisibleText;

/**
 * The analyses of one network as a table (per layer, block, stage or operator) in text, Markdown
 * or CSV, or as the JSON object other tools read. Formats only: every number comes from
 * {@link Analyses}.
 */
public final class NetworkReport {
    /** Builds the tree's nodes from plain values; {@link Json} writes it. */
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Analyses analyses;
    private final Costs costs;
    private final List<String> warnings;

    /**
     * @param warnings the spec's own warnings (unused nodes); the review warnings are added here
     */
    public NetworkReport(Analyses analyses, List<String> warnings) {
        this.analyses = analyses;
        this.costs = analyses.costs();
        List<String> all = new ArrayList<>(warnings);
        all.addAll(ReviewWarnings.of(analyses));
        this.warnings = List.copyOf(all);
    }

    /** The table of rows for a grouping, with a totals row; estimated times when there is a device. */
    public Table table(Grouping grouping) {
        Optional<Latency> latency = analyses.latency();
        List<String> headers = new ArrayList<>(grouping == Grouping.LAYER
                ? List.of("layer", "op", "output", ">params", ">buffers", ">MACs", ">ops", ">mem access", ">RF")
                : List.of(grouping.name().toLowerCase(), ">nodes", "output", ">params", ">buffers", ">MACs", ">ops",
                        ">mem access", ">peak act."));
        latency.ifPresent(l -> headers.addAll(LatencyCells.headers(grouping)));
        Table t = new Table(headers.toArray(String[]::new));
        List<MemoryAccessCost.Group> access = analyses.access().rollup(grouping);
        List<Costs.Group> groups = costs.rollup(grouping);
        List<Latency.Group> times = latency.map(l -> l.rollup(grouping)).orElse(List.of());
        for (int i = 0; i < groups.size(); i++) {
            Costs.Group g = groups.get(i);
            LayerCount c = g.count();
            long mem = access.get(i).access().total();
            List<Object> row = new ArrayList<>(grouping == Grouping.LAYER
                    ? List.of(g.name(), g.last().op().name() + (costs.network().isUnused(g.last()) ? " (unused)" : ""),
                            g.last().shape().toString(), c.params(), c.buffers(), c.macs(), c.ops(), mem, rf(g.last()))
                    : List.of(g.name(), Integer.toString(g.nodes().size()), grouping == Grouping.OP ? "" : g.last().shape().toString(),
                            c.params(), c.buffers(), c.macs(), c.ops(), mem,
                            new ByteSize(analyses.memory().best().peakOf(g.nodes()))));
            if (latency.isPresent()) {
                row.addAll(LatencyCells.row(latency.get(), grouping, times.get(i)));
            }
            t.row(row.toArray());
        }
        LayerCount total = costs.total();
        long totalMem = analyses.access().total().total();
        List<Object> row = new ArrayList<>(grouping == Grouping.LAYER
                ? List.of("total", "", "", total.params(), total.buffers(), total.macs(), total.ops(), totalMem, "")
                : List.of("total", Integer.toString(costs.network().nodes().size()), "", total.params(),
                        total.buffers(), total.macs(), total.ops(), totalMem,
                        new ByteSize(analyses.memory().best().peakBytes())));
        latency.ifPresent(l -> row.addAll(LatencyCells.total(l, grouping)));
        t.rule().row(row.toArray());
        return t;
    }

    /**
     * A heading with the network, profile, shapes and totals, then the table. The warnings are not
     * here: the command prints them on standard error, located.
     */
    public String text(Grouping grouping) {
        return summary(false) + '\n' + table(grouping).text();
    }

    public String markdown(Grouping grouping) {
        return "## " + VisibleText.escape(costs.network().name()) + "\n\n" + summary(true) + '\n' + table(grouping).markdown();
    }

    /** The table with the profile on every row, so the file says which convention its MACs follow. */
    public String csv(Grouping grouping) {
        Table t = table(grouping).withLeadingColumn("profile", costs.profile().id());
        return analyses.latency().map(l -> t.withLeadingColumn("device", l.device().name())).orElse(t).csv();
    }

    /** The heading lines, with the names and file name in them escaped as the table's cells are. */
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
        ActivationMemory memory = analyses.memory();
        long access = analyses.access().total().total();
        sb.append(bullet).append("memory   access ").append(Numbers.compact(access)).append(" elements (")
                .append(Numbers.bytes(access * memory.elementBytes())).append(" at ").append(memory.elementBytes())
                .append(" B), ").append(perMac(access, t.macs())).append(" per MAC; weights ")
                .append(Numbers.bytes(memory.weightBytes())).append('\n');
        sb.append(bullet).append("peak     activations ").append(Numbers.bytes(memory.declared().peakBytes())).append(" at `")
                .append(memory.declared().peakNode().name()).append("` in declaration order");
        if (memory.best() != memory.declared()) {
            sb.append("; ").append(Numbers.bytes(memory.best().peakBytes())).append(" at `")
                    .append(memory.best().peakNode().name()).append("` in ").append(memory.best().name()).append(" order");
        }
        sb.append('\n');
        analyses.latency().ifPresent(l -> sb.append(bullet).append("latency  ").append(LatencyCells.summary(l)).append('\n'));
        for (Node o : analyses.network().outputs()) {
            analyses.receptiveField().field(o).ifPresent(f -> sb.append(bullet).append("RF       `").append(o.name())
                    .append("`: ").append(f.global() ? "global" : f.height().size() + " x " + f.width().size()
                            + " pixels, stride " + stride(f.height().stride()) + " x " + stride(f.width().stride()))
                    .append(f.aligned() ? "" : " (paths disagree in stride or centre)").append('\n'));
        }
        return VisibleText.escapeLines(sb.toString());
    }

    /** The receptive field as a reviewer reads it: 17x17, with * when paths disagree, or global. */
    private String rf(Node n) {
        return analyses.receptiveField().field(n).map(f -> f.global() ? "global"
                : f.height().size() + "x" + f.width().size() + (f.aligned() ? "" : "*") + (f.exact() ? "" : "~")).orElse("");
    }

    private static String perMac(long access, long macs) {
        return macs == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f", (double) access / macs);
    }

    private static String stride(org.apache.commons.math3.fraction.BigFraction j) {
        if (j == null) {
            return "mixed";
        }
        return j.getDenominatorAsLong() == 1 ? Long.toString(j.getNumeratorAsLong()) : j.getNumeratorAsLong() + "/" + j.getDenominatorAsLong();
    }

    /** The JSON contract: one object, layers summing to the totals. */
    public String json() {
        return Json.text(tree());
    }

    /** The JSON contract as a tree, for {@code run} to extend with what it measured. */
    ObjectNode tree() {
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
        ObjectNode totals = root.putObject("totals");
        counts(totals, costs.total());
        ActivationMemory memory = analyses.memory();
        totals.put("memory_access", analyses.access().total().total());
        totals.put("memory_access_bytes", analyses.access().total().total() * memory.elementBytes());
        totals.put("peak_activation_bytes", memory.best().peakBytes());
        totals.put("weight_bytes", memory.weightBytes());
        root.put("element_bytes", memory.elementBytes());
        ObjectNode peak = root.putObject("peak_activation");
        schedule(peak.putObject("declared_order"), memory.declared());
        schedule(peak.putObject("best_order"), memory.best());
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
            MemoryAccessCost.Access a = analyses.access().of(n);
            l.put("memory_access", a.total());
            l.put("memory_read", a.read());
            l.put("memory_written", a.written());
            l.put("unused", net.isUnused(n));
            Optional<ReceptiveField.Field> field = analyses.receptiveField().field(n);
            if (field.isPresent()) {
                l.set("receptive_field", FieldJson.of(field.get()));
            } else {
                l.putNull("receptive_field");
            }
            analyses.latency().ifPresent(lat -> l.set("latency", LatencyCells.json(lat, n)));
            var coverage = analyses.gridding().coverage(n);
            if (coverage.isPresent()) {
                l.putObject("gridding").put("coverage", coverage.get().doubleValue());
            } else {
                l.putNull("gridding");
            }
        }
        analyses.latency().ifPresent(l -> root.set("latency", LatencyCells.json(l)));
        rollup(root.putArray("blocks"), Grouping.BLOCK);
        rollup(root.putArray("stages"), Grouping.STAGE);
        ArrayNode griddingBlocks = root.putArray("gridding");
        for (Gridding.Block b : analyses.gridding().blocks()) {
            griddingBlock(griddingBlocks.addObject(), b);
        }
        ArrayNode guidelines = root.putArray("guidelines");
        for (Guidelines.Finding f : analyses.guidelines()) {
            ObjectNode o = guidelines.addObject();
            o.put("guideline", f.guideline());
            o.put("subject", f.subject());
            o.put("value", f.value());
            o.put("warning", f.warning());
            o.put("message", ReviewWarnings.guideline(f));
        }
        ArrayNode w = root.putArray("warnings");
        warnings.forEach(w::add);
        return root;
    }

    private void rollup(ArrayNode array, Grouping grouping) {
        List<MemoryAccessCost.Group> access = analyses.access().rollup(grouping);
        List<Costs.Group> groups = costs.rollup(grouping);
        List<Latency.Group> times = analyses.latency().map(l -> l.rollup(grouping)).orElse(null);
        for (int i = 0; i < groups.size(); i++) {
            Costs.Group g = groups.get(i);
            ObjectNode o = array.addObject();
            o.put("name", g.name());
            o.put("nodes", g.nodes().size());
            counts(o, g.count());
            o.put("memory_access", access.get(i).access().total());
            o.put("peak_activation_bytes", analyses.memory().best().peakOf(g.nodes()));
            if (times != null) {
                o.put("estimated_us", LatencyCells.micros(times.get(i).seconds()));
            }
        }
    }

    private static void griddingBlock(ObjectNode o, Gridding.Block b) {
        o.put("block", b.name());
        o.put("source", b.source().name());
        o.put("output", b.output().name());
        if (b.unmeasured() != null) {
            o.put("unmeasured", GriddingText.unmeasured(b.unmeasured()));
            return;
        }
        o.put("coverage", b.coverage() == null ? null : b.coverage().doubleValue());
        Footprint union = b.footprint().union(0, 0);
        o.put("rows", union.rows());
        o.put("cols", union.cols());
        o.put("support", union.support());
        o.put("holes", union.holes());
        ArrayNode groups = o.putArray("groups");
        for (NodeFootprint.Group g : b.footprint().groups()) {
            ObjectNode go = groups.addObject();
            go.put("first_channel", g.firstChannel());
            go.put("channels", g.channels());
            go.put("global", g.global());
            go.put("coverage", g.coverage() == null ? null : g.coverage().doubleValue());
        }
        ArrayNode rings = o.putArray("path_count_rings");
        for (Footprint.Ring r : union.rings()) {
            rings.addObject().put("radius", r.radius()).put("mass", r.mass()).put("share", r.share());
        }
        ArrayNode chains = o.putArray("chains");
        for (Chain c : b.chains()) {
            ObjectNode co = chains.addObject();
            ArrayNode layers = co.putArray("layers");
            c.layers().forEach(n -> layers.add(n.name()));
            if (c.hdc() != null) {
                ObjectNode h = co.putObject("hdc");
                h.set("rates", JSON.valueToTree(c.hdc().rates()));
                h.set("max_distances", JSON.valueToTree(c.hdc().maxDistances()));
                h.put("first_rate_is_one", c.hdc().firstRateIsOne());
                h.put("pass", c.hdc().pass());
                h.put("gcd", c.hdc().gcd());
                h.put("contiguous", c.hdc().contiguous());
            }
        }
    }

    private static void schedule(ObjectNode o, ActivationMemory.Schedule s) {
        o.put("order", s.name());
        o.put("peak_bytes", s.peakBytes());
        o.put("peak_node", s.peakNode().name());
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
