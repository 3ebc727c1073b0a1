package org.netspec.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.latency.Latency;
import org.netspec.device.KernelClass;
import org.netspec.graph.Node;

/**
 * Estimated times as table cells, summary text and JSON, always labelled as estimates on a named
 * device. Formats only: the numbers come from {@link Latency}.
 */
final class LatencyCells {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LatencyCells() {
    }

    static List<String> headers(Grouping grouping) {
        return grouping == Grouping.LAYER ? List.of(">est. us", ">FLOP/B", ">att. GFLOP/s") : List.of(">est. us", ">share");
    }

    static List<Object> row(Latency latency, Grouping grouping, Latency.Group group) {
        if (grouping != Grouping.LAYER) {
            return List.of(fixed(group.seconds() * 1e6, 1), percent(group.seconds(), latency.total()));
        }
        Node n = group.nodes().get(group.nodes().size() - 1);
        Latency.Estimate e = latency.of(n);
        if (e.kernelClass().isEmpty()) {
            return List.of("", "", "");
        }
        if (e.fused()) {
            return List.of("fused", fixed(e.arithmeticIntensity(), 2), "");
        }
        return List.of(fixed(e.seconds() * 1e6, 1), fixed(e.arithmeticIntensity(), 2),
                fixed(latency.attainableGflops(n), 1));
    }

    static List<Object> total(Latency latency, Grouping grouping) {
        String us = fixed(latency.total() * 1e6, 1);
        return grouping == Grouping.LAYER ? List.of(us, "", "") : List.of(us, "100%");
    }

    /** The summary line: the network's estimated time, labelled as an estimate on the device. */
    static String summary(Latency latency) {
        return "estimated " + fixed(latency.total() * 1e3, 3) + " ms on " + latency.device().name() + " ("
                + latency.device().runtime() + ", " + latency.device().threads() + " thread"
                + (latency.device().threads() == 1 ? "" : "s") + "): an estimate from the device profile, not a measurement";
    }

    /** The network's estimate. */
    static ObjectNode json(Latency latency) {
        ObjectNode o = JSON.createObjectNode();
        o.put("device", latency.device().name());
        o.put("runtime", latency.device().runtime());
        o.put("threads", latency.device().threads());
        o.put("estimate", true);
        o.put("estimated_ms", latency.total() * 1e3);
        return o;
    }

    /** One node's estimate and roofline position. */
    static ObjectNode json(Latency latency, Node n) {
        Latency.Estimate e = latency.of(n);
        ObjectNode o = JSON.createObjectNode();
        o.put("kernel_class", e.kernelClass().map(KernelClass::key).orElse(null));
        o.put("fused", e.fused());
        o.put("estimated_us", micros(e.seconds()));
        o.put("reorder_us", micros(e.reorderSeconds()));
        o.put("flops", e.flops());
        o.put("bytes", e.bytes());
        o.put("arithmetic_intensity", e.arithmeticIntensity());
        o.put("attainable_gflops", e.kernelClass().isEmpty() || e.fused() ? 0 : latency.attainableGflops(n));
        return o;
    }

    static double micros(double seconds) {
        return seconds * 1e6;
    }

    static String fixed(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    private static String percent(double part, double whole) {
        return whole == 0 ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * part / whole);
    }
}
