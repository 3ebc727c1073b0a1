package org.netspec.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The {@code --set} values of a command over several specs, shared out among them. A plain
 * {@code NAME=VALUE} goes to every spec that declares the parameter, so comparing blocks with
 * different parameters never fails on the one without it; when no spec declares it, it goes to
 * every spec, whose own check then names the mistake. {@code SPEC:NAME=VALUE} goes to one spec,
 * named by file name ({@code eesp.yaml}), by file name without extension, or by position from 1.
 */
final class ParameterSettings {
    /** One value: the index of the spec it is meant for (-1 for every spec that declares it). */
    private record Setting(int target, String name, String value) {
    }

    private final List<Setting> settings;
    private final List<Set<String>> declared;

    private ParameterSettings(List<Setting> settings, List<Set<String>> declared) {
        this.settings = settings;
        this.declared = declared;
    }

    /**
     * @param values the {@code --set} pairs as given, keys possibly prefixed with {@code SPEC:}
     * @param declared per spec, the parameters it declares
     * @throws UsageException when a prefix names no spec
     */
    static ParameterSettings of(Map<String, String> values, List<Path> specs, List<Set<String>> declared) {
        return new ParameterSettings(values.entrySet().stream().map(e -> setting(e.getKey(), e.getValue(), specs)).toList(),
                declared);
    }

    private static Setting setting(String key, String value, List<Path> specs) {
        int colon = key.lastIndexOf(':');
        if (colon < 0) {
            return new Setting(-1, key, value);
        }
        String target = key.substring(0, colon).strip();
        String name = key.substring(colon + 1).strip();
        for (int i = 0; i < specs.size(); i++) {
            String file = specs.get(i).getFileName().toString();
            if (target.equals(Integer.toString(i + 1)) || target.equals(file) || target.equals(file.replaceFirst("\\.[^.]+$", ""))) {
                return new Setting(i, name, value);
            }
        }
        throw new UsageException("--set " + key + "=" + value + ": no spec `" + target + "` (give a file name or a position: "
                + IntStream.range(0, specs.size()).mapToObj(i -> (i + 1) + " " + specs.get(i).getFileName())
                        .collect(Collectors.joining(", ")) + ")");
    }

    /** The values spec {@code index} takes, by parameter name. */
    Map<String, String> forSpec(int index) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Setting s : settings) {
            boolean mine = s.target() == index
                    || s.target() < 0 && (declared.get(index).contains(s.name()) || declared.stream().noneMatch(d -> d.contains(s.name())));
            if (mine) {
                out.put(s.name(), s.value());
            }
        }
        return out;
    }
}
