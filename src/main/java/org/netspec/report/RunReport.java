package org.netspec.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Costs;
import org.netspec.exec.Execution;
import org.netspec.graph.Network;
import org.netspec.graph.Node;

/**
 * An execution of a network as a table or as JSON. The JSON is the {@code analyze} contract
 * ({@link NetworkReport#json()}) extended with what the run measured: each layer's executed shape
 * and time, the total time, the achieved GFLOP/s (2 x MACs of the nodes run, per second of the
 * node loop) and the peak memory. Formats only: the numbers come from the analyses and the execution.
 */
public final class RunReport {
    private final Analyses analyses;
    private final Costs costs;
    private final List<String> warnings;
    private final Execution execution;
    private final long seed;
    private final int repeats;

    /**
     * @param warnings the spec's own warnings
     * @param repeats how many runs the times are medians of
     */
    public RunReport(Analyses analyses, List<String> warnings, Execution execution, long seed, int repeats) {
        this.analyses = analyses;
        this.costs = analyses.costs();
        this.warnings = List.copyOf(warnings);
        this.execution = execution;
        this.seed = seed;
        this.repeats = repeats;
    }

    /** FLOPs (2 x MACs under the report's profile) of the nodes that ran. */
    private long flopsRun() {
        return execution.runs().stream().mapToLong(r -> costs.of(r.node()).flops()).sum();
    }

    private static double gflopsPerSecond(long flops, long nanos) {
        return nanos == 0 ? 0 : flops / (double) nanos;
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    public String text() {
        Network net = costs.network();
        StringBuilder sb = new StringBuilder();
        sb.append("network  ").append(net.name()).append("  (").append(net.file().getFileName()).append(")\n");
        sb.append("input    ").append(net.inputs().stream().map(n -> n.name() + " " + n.shape())
                .collect(Collectors.joining(", "))).append(", seed ").append(seed).append('\n');
        sb.append("kernels  ").append(execution.kernels()).append(", ").append(execution.threads()).append(" thread")
                .append(execution.threads() == 1 ? "" : "s")
                .append(repeats > 1 ? ", times are medians of " + repeats + " runs" : "").append('\n');
        Table t = new Table("layer", "op", "output", "executed", ">ms", ">GFLOP/s");
        for (Node n : net.nodes()) {
            Optional<Execution.NodeRun> run = execution.run(n);
            long flops = costs.of(n).flops();
            t.row(n.name(), n.op().name(), n.shape().toString(),
                    run.map(r -> r.matches() ? "same" : r.shape() + " (differs)").orElse(net.isUnused(n) ? "(unused)" : "(not run)"),
                    run.map(r -> ms(r.nanos())).orElse(""),
                    run.filter(r -> flops > 0).map(r -> String.format(Locale.ROOT, "%.1f", gflopsPerSecond(flops, r.nanos())))
                            .orElse(""));
        }
        t.rule().row("total", "", "", "", ms(execution.nanos()),
                String.format(Locale.ROOT, "%.1f", gflopsPerSecond(flopsRun(), execution.nanos())));
        sb.append(t.text());
        sb.append("time     ").append(ms(execution.nanos())).append(" ms for ").append(execution.runs().size())
                .append(" nodes, ").append(Numbers.compact(flopsRun())).append("FLOP (2 x MACs) at ")
                .append(String.format(Locale.ROOT, "%.1f", gflopsPerSecond(flopsRun(), execution.nanos())))
                .append(" GFLOP/s\n");
        sb.append("memory   peak ").append(Numbers.bytes(execution.peakBytes()))
                .append(" of tensors and weights; planned ").append(Numbers.bytes(execution.plan().peakBytes()))
                .append(" at `").append(execution.plan().peakNode().name()).append("` with the kernels' working copies\n");
        sb.append("shapes   ").append(execution.stop()
                .map(s -> "stopped at `" + s.node().name() + "` (" + s.node().op().name() + "): " + s.reason())
                .orElse("every executed shape matches the inferred one")).append('\n');
        // The spec's warnings are located diagnostics that already say "warning:".
        for (String w : warnings) {
            sb.append(w).append('\n');
        }
        return sb.toString();
    }

    /** The analyze JSON contract plus the measurements of the run. */
    public String json() {
        ObjectNode root = new NetworkReport(analyses, warnings).tree();
        root.put("executed_shapes_match", execution.shapesMatch());
        ObjectNode totals = (ObjectNode) root.get("totals");
        totals.put("time_ms", execution.nanos() / 1e6);
        totals.put("gflops_per_s", gflopsPerSecond(flopsRun(), execution.nanos()));
        totals.put("peak_bytes", execution.peakBytes());
        Network net = costs.network();
        int i = 0;
        for (JsonNode layer : root.get("layers")) {
            Optional<Execution.NodeRun> run = execution.run(net.nodes().get(i++));
            ObjectNode l = (ObjectNode) layer;
            if (run.isPresent()) {
                ArrayNode shape = l.putArray("executed_shape");
                run.get().shape().toList().forEach(shape::add);
                l.put("time_ms", run.get().nanos() / 1e6);
            } else {
                l.putNull("executed_shape");
                l.putNull("time_ms");
            }
        }
        ObjectNode run = root.putObject("run");
        run.put("seed", seed);
        run.put("threads", execution.threads());
        run.put("kernels", execution.kernels());
        run.put("repeats", repeats);
        run.put("planned_peak_bytes", execution.plan().peakBytes());
        run.put("planned_peak_node", execution.plan().peakNode().name());
        if (execution.stop().isPresent()) {
            ObjectNode stop = run.putObject("stopped_at");
            stop.put("node", execution.stop().get().node().name());
            stop.put("reason", execution.stop().get().reason());
        } else {
            run.putNull("stopped_at");
        }
        return Json.text(root);
    }
}
