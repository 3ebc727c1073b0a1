package org.netspec.device;

import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.stream.Collectors;

/** A device profile as the YAML {@link DeviceLoader} reads, with the measurements it came from. */
public final class DeviceWriter {
    private DeviceWriter() {
    }

    /** @param header comment lines (without {@code #}) saying how the profile was made */
    public static String yaml(DeviceProfile p, String header) {
        StringBuilder y = new StringBuilder();
        header.lines().forEach(l -> y.append("# ").append(l).append('\n'));
        y.append("device: ").append(quoted(p.name())).append('\n');
        y.append("runtime: ").append(quoted(p.runtime())).append('\n');
        y.append("threads: ").append(p.threads()).append('\n');
        y.append("element_bytes: ").append(p.elementBytes()).append('\n');
        y.append("peak_gflops: ").append(number(p.peakGflops())).append('\n');
        topTable(y, "peak_by_flops", p.peakByFlops());
        y.append("bandwidth_gbs: ").append(number(p.bandwidthGbs())).append('\n');
        y.append("dispatch_us: ").append(number(p.dispatchMicros())).append('\n');
        y.append("fusions: [").append(p.fusions().stream().map(Fusion::key).collect(Collectors.joining(", "))).append("]\n");
        if (p.layoutBlock() > 0) {
            y.append("layout_block: ").append(p.layoutBlock()).append('\n');
        }
        y.append("classes:\n");
        for (Map.Entry<KernelClass, DeviceProfile.ClassParams> e : p.classes().entrySet()) {
            DeviceProfile.ClassParams c = e.getValue();
            y.append("  ").append(e.getKey().key()).append(": {efficiency: ").append(number(c.efficiency()));
            if (!Double.isNaN(c.dispatchMicros())) {
                y.append(", dispatch_us: ").append(number(c.dispatchMicros()));
            }
            table(y, "by_dilation", c.byDilation());
            table(y, "by_groups", c.byGroups());
            table(y, "by_stride", c.byStride());
            table(y, "by_bytes", c.byBytes());
            if (c.unblocked() != 1) {
                y.append(", unblocked: ").append(number(c.unblocked()));
            }
            y.append("}\n");
        }
        // an empty key would read back as null, not as an empty list
        y.append(p.measurements().isEmpty() ? "measurements: []\n" : "measurements:\n");
        for (DeviceProfile.Measurement m : p.measurements()) {
            y.append("  - {kind: ").append(quoted(m.kind())).append(", ms: ").append(number(m.milliseconds())).append("}\n");
        }
        return y.toString();
    }

    /** A profile-level table on its own line, when it has entries. */
    private static void topTable(StringBuilder y, String key, NavigableMap<Long, Double> t) {
        if (!t.isEmpty()) {
            y.append(key).append(": ").append(flow(t)).append('\n');
        }
    }

    /** A class's table inside its flow mapping, when it has entries. */
    private static void table(StringBuilder y, String key, NavigableMap<Long, Double> t) {
        if (!t.isEmpty()) {
            y.append(", ").append(key).append(": ").append(flow(t));
        }
    }

    private static String flow(NavigableMap<Long, Double> t) {
        return t.entrySet().stream().map(e -> e.getKey() + ": " + number(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+($|e)", "$1$2").replaceAll("\\.($|e)", "$1");
    }

    private static String quoted(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
