package org.netspec.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The networks a comparison or review covers: several spec files, or one spec under several
 * variants ({@code --variant q=3 --variant q=8}), with values every one of them takes and the limits
 * each is read under.
 */
final class SubjectOptions {
    /** A network to analyse, with the label it is shown by. */
    record Subject(String label, Loaded loaded) {
    }

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "network or block spec files (YAML), or ONNX models (.onnx)")
    List<Path> specs = new ArrayList<>();

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a parameter of every spec, e.g. --set classes=19")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--input", paramLabel = "[NAME=]NxCxHxW", description = "override the input shape of every spec")
    List<String> inputs = List.of();

    @Option(names = "--variant", paramLabel = "NAME=VALUE[,NAME=VALUE...]",
            description = "one variant of a single spec, e.g. --variant q=3 --variant q=8")
    List<String> variants = List.of();

    @Mixin
    LimitOptions limitOptions = new LimitOptions();

    List<Subject> load() throws SpecException {
        if (!variants.isEmpty() && specs.size() != 1) {
            throw new UsageException("--variant takes one spec; give several specs or several variants, not both");
        }
        List<Subject> out = new ArrayList<>();
        if (variants.isEmpty()) {
            try (Progress progress = Progress.of("loading", specs.size())) {
                for (Path spec : specs) {
                    progress.step(spec.getFileName().toString());
                    out.add(new Subject(stem(spec), load(spec, Map.of())));
                }
            }
        } else {
            for (String variant : variants) {
                Map<String, String> values = new LinkedHashMap<>();
                for (String pair : variant.split(",")) {
                    int eq = pair.indexOf('=');
                    if (eq <= 0) {
                        throw new UsageException("--variant " + variant + ": expected NAME=VALUE[,NAME=VALUE...]");
                    }
                    values.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
                }
                out.add(new Subject(stem(specs.get(0)) + " " + variant.replace(",", " "), load(specs.get(0), values)));
            }
        }
        return out;
    }

    private Loaded load(Path spec, Map<String, String> variant) throws SpecException {
        SpecOptions one = new SpecOptions();
        one.spec = spec;
        one.limitOptions = limitOptions;
        one.params = new LinkedHashMap<>(params);
        one.params.putAll(variant);
        one.inputs = inputs;
        return Loaded.of(one);
    }

    private static String stem(Path spec) {
        String name = spec.getFileName().toString();
        return name.replaceFirst("\\.(yaml|onnx)$", "");
    }
}
