package org.netspec.device;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.Limits;
import org.netspec.spec.SpecException;
import org.netspec.spec.YamlNode;
import org.netspec.spec.YamlReader;

/**
 * Reads a device profile (specs/devices/*.yaml) with the spec reader, so a mistake is reported at
 * its file:line:column like a spec's. Every key is checked: unknown keys and missing kernel
 * classes are errors, so a profile never silently falls back on a guess.
 */
public final class DeviceLoader {
    private static final List<String> KEYS = List.of("device", "runtime", "threads", "element_bytes", "peak_gflops",
            "peak_by_flops", "bandwidth_gbs", "dispatch_us", "fusions", "layout_block", "classes", "measurements");
    private static final List<String> CLASS_KEYS = List.of("efficiency", "dispatch_us", "by_dilation", "by_groups", "by_stride",
            "by_bytes", "unblocked");

    private final List<Diagnostic> errors = new ArrayList<>();

    private DeviceLoader() {
    }

    /**
     * @throws SpecException with every problem found, each at its line
     */
    public static DeviceProfile load(Path file) throws SpecException {
        return new DeviceLoader().read(file);
    }

    private DeviceProfile read(Path file) throws SpecException {
        YamlNode root = new YamlReader(Limits.DEFAULT).read(file);
        if (!(root instanceof YamlNode.Mapping m)) {
            throw new SpecException(Diagnostic.error(root.location(), "a device profile is a mapping, got " + root.kind()));
        }
        checkKeys(m, KEYS);
        String name = text(m, "device");
        String runtime = text(m, "runtime");
        int threads = (int) number(m, "threads", 1, 4096, 1);
        int elementBytes = (int) number(m, "element_bytes", 1, 64, 4);
        double peak = number(m, "peak_gflops", 1e-6, 1e12, Double.NaN);
        NavigableMap<Long, Double> peakByFlops = table(m, "peak_by_flops");
        double bandwidth = number(m, "bandwidth_gbs", 1e-6, 1e12, Double.NaN);
        double dispatch = number(m, "dispatch_us", 0, 1e9, Double.NaN);
        Set<Fusion> fusions = fusions(m);
        int layoutBlock = (int) number(m, "layout_block", 0, 1024, 0);
        Map<KernelClass, DeviceProfile.ClassParams> classes = classes(m);
        List<DeviceProfile.Measurement> measurements = measurements(m);
        if (!errors.isEmpty()) {
            throw new SpecException(errors);
        }
        return new DeviceProfile(name, runtime, threads, elementBytes, peak, peakByFlops, bandwidth, dispatch, classes, fusions,
                layoutBlock, measurements);
    }

    private void checkKeys(YamlNode.Mapping m, List<String> known) {
        for (YamlNode.Mapping.Entry e : m.entries().values()) {
            if (!known.contains(e.key())) {
                errors.add(Diagnostic.error(e.keyLocation(), "unknown key `" + e.key() + "`; expected one of "
                        + String.join(", ", known)));
            }
        }
    }

    private String text(YamlNode.Mapping m, String key) {
        YamlNode v = m.get(key).orElse(null);
        if (v == null) {
            errors.add(Diagnostic.error(m.location(), "missing `" + key + "`"));
            return "";
        }
        if (!(v instanceof YamlNode.Scalar s) || !(s.value() instanceof String str) || str.isBlank()) {
            errors.add(Diagnostic.error(v.location(), "`" + key + "` must be text, got " + v.kind()));
            return "";
        }
        return str;
    }

    /** A number within bounds; the default when absent, or an error when the default is NaN. */
    private double number(YamlNode.Mapping m, String key, double min, double max, double absent) {
        YamlNode v = m.get(key).orElse(null);
        if (v == null) {
            if (Double.isNaN(absent)) {
                errors.add(Diagnostic.error(m.location(), "missing `" + key + "`"));
            }
            return absent;
        }
        return number(v, "`" + key + "`", min, max);
    }

    private double number(YamlNode v, String what, double min, double max) {
        if (!(v instanceof YamlNode.Scalar s) || !(s.value() instanceof Number n)) {
            errors.add(Diagnostic.error(v.location(), what + " must be a number, got " + v.kind()));
            return Double.NaN;
        }
        double d = n.doubleValue();
        if (!(d >= min && d <= max)) {
            errors.add(Diagnostic.error(v.location(), what + " must be between " + min + " and " + max + ", got " + d));
        }
        return d;
    }

    private Set<Fusion> fusions(YamlNode.Mapping m) {
        Set<Fusion> out = EnumSet.noneOf(Fusion.class);
        YamlNode v = m.get("fusions").orElse(null);
        if (v == null) {
            return out;
        }
        if (!(v instanceof YamlNode.Sequence seq)) {
            errors.add(Diagnostic.error(v.location(), "`fusions` must be a list, got " + v.kind()));
            return out;
        }
        for (YamlNode item : seq.items()) {
            Fusion.ofKey(item.text()).ifPresentOrElse(out::add, () -> errors.add(Diagnostic.error(item.location(),
                    "unknown fusion `" + item.text() + "`; expected conv_bn_act or add_act")));
        }
        return out;
    }

    private Map<KernelClass, DeviceProfile.ClassParams> classes(YamlNode.Mapping m) {
        Map<KernelClass, DeviceProfile.ClassParams> out = new EnumMap<>(KernelClass.class);
        YamlNode v = m.get("classes").orElse(null);
        if (!(v instanceof YamlNode.Mapping classes)) {
            errors.add(Diagnostic.error(v == null ? m.location() : v.location(), v == null ? "missing `classes`"
                    : "`classes` must be a mapping, got " + v.kind()));
            return out;
        }
        for (YamlNode.Mapping.Entry e : classes.entries().values()) {
            KernelClass k = KernelClass.ofKey(e.key()).orElse(null);
            if (k == null) {
                errors.add(Diagnostic.error(e.keyLocation(), "unknown kernel class `" + e.key() + "`; expected one of "
                        + String.join(", ", keys())));
            } else if (!(e.value() instanceof YamlNode.Mapping p)) {
                errors.add(Diagnostic.error(e.value().location(), "`" + e.key() + "` must be a mapping, got "
                        + e.value().kind()));
            } else {
                checkKeys(p, CLASS_KEYS);
                out.put(k, new DeviceProfile.ClassParams(number(p, "efficiency", 1e-9, 1, Double.NaN),
                        p.has("dispatch_us") ? number(p, "dispatch_us", 0, 1e9, 0) : Double.NaN,
                        table(p, "by_dilation"), table(p, "by_groups"), table(p, "by_stride"),
                        table(p, "by_bytes"), number(p, "unblocked", 1e-9, 1e12, 1)));
            }
        }
        for (KernelClass k : KernelClass.values()) {
            if (!classes.has(k.key())) {
                errors.add(Diagnostic.error(classes.location(), "missing kernel class `" + k.key() + "`"));
            }
        }
        return out;
    }

    private NavigableMap<Long, Double> table(YamlNode.Mapping m, String key) {
        NavigableMap<Long, Double> out = new TreeMap<>();
        YamlNode v = m.get(key).orElse(null);
        if (v == null) {
            return out;
        }
        if (!(v instanceof YamlNode.Mapping t)) {
            errors.add(Diagnostic.error(v.location(), "`" + key + "` must map positive integers to numbers, got " + v.kind()));
            return out;
        }
        for (YamlNode.Mapping.Entry e : t.entries().values()) {
            long at;
            try {
                at = Long.parseLong(e.key());
            } catch (NumberFormatException ex) {
                at = 0;
            }
            if (at < 1) {
                errors.add(Diagnostic.error(e.keyLocation(), "`" + key + "` keys must be positive integers, got `"
                        + e.key() + "`"));
                continue;
            }
            out.put(at, number(e.value(), "`" + key + "` value", 1e-9, 1e12));
        }
        return out;
    }

    private List<DeviceProfile.Measurement> measurements(YamlNode.Mapping m) {
        List<DeviceProfile.Measurement> out = new ArrayList<>();
        YamlNode v = m.get("measurements").orElse(null);
        if (v == null) {
            return out;
        }
        if (!(v instanceof YamlNode.Sequence seq)) {
            errors.add(Diagnostic.error(v.location(), "`measurements` must be a list, got " + v.kind()));
            return out;
        }
        for (YamlNode item : seq.items()) {
            if (!(item instanceof YamlNode.Mapping im)) {
                errors.add(Diagnostic.error(item.location(), "a measurement is a mapping {kind, ms}, got " + item.kind()));
                continue;
            }
            checkKeys(im, List.of("kind", "ms"));
            out.add(new DeviceProfile.Measurement(text(im, "kind"), number(im, "ms", 0, 1e9, Double.NaN)));
        }
        return out;
    }

    private static List<String> keys() {
        return Arrays.stream(KernelClass.values()).map(KernelClass::key).toList();
    }
}
