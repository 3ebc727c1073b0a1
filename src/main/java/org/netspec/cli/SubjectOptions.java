package org.netspec.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.netspec.graph.Node;
import org.netspec.importer.OnnxModel;
import org.netspec.spec.BlockSpec;
import org.netspec.spec.NetworkSpec;
import org.netspec.spec.SpecException;
import org.netspec.spec.SpecLoader;
import org.netspec.spec.VisibleText;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The networks a comparison or review covers: several spec files, or one spec under several
 * variants ({@code --variant q=3 --variant q=8}), with the values they take and the limits each is
 * read under. Block files are compared on one input: without {@code --input}, each block file
 * takes the first subject's input when it builds on it.
 */
final class SubjectOptions {
    /**
     * A network to analyse, with the label it is shown by.
     *
     * @param inputNote why the subject runs on an input other than the first subject's, when it does
     */
    record Subject(String label, Loaded loaded, Optional<String> inputNote) {
    }

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "network or block spec files (YAML), or ONNX models (.onnx)")
    List<Path> specs = new ArrayList<>();

    @Option(names = "--set", paramLabel = "[SPEC:]NAME=VALUE",
            description = "override a parameter in every spec that declares it (--set classes=19), or in one spec named by "
                    + "file name or position from 1 (--set eesp.yaml:K=8, --set 2:K=8)")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--input", paramLabel = "[NAME=]NxCxHxW",
            description = "override the input shape of every spec; without it, block files take the first spec's input "
                    + "when they build on it")
    List<String> inputs = List.of();

    @Option(names = "--variant", paramLabel = "NAME=VALUE[,NAME=VALUE...]",
            description = "one variant of a single spec, e.g. --variant q=3 --variant q=8")
    List<String> variants = List.of();

    @Mixin
    LimitOptions limitOptions = new LimitOptions();

    /** A spec under one set of values, before it is built. */
    /** A subject to load; its label, from a file name and --variant text, has its invisible characters escaped. */
    private record Planned(String label, Path spec, Map<String, String> params, boolean blockFile) {
        Planned {
            label = VisibleText.escape(label);
        }
    }

    List<Subject> load() throws SpecException {
        if (!variants.isEmpty() && specs.size() != 1) {
            throw new UsageException("--variant takes one spec; give several specs or several variants, not both");
        }
        List<Optional<NetworkSpec>> read = new ArrayList<>();
        for (Path spec : specs) {
            read.add(read(spec));
        }
        ParameterSettings settings = ParameterSettings.of(params, specs, read.stream().map(SubjectOptions::declaredParams).toList());
        List<Planned> planned = new ArrayList<>();
        if (variants.isEmpty()) {
            for (int i = 0; i < specs.size(); i++) {
                planned.add(new Planned(stem(specs.get(i)), specs.get(i), settings.forSpec(i), isBlockFile(read.get(i))));
            }
        } else {
            for (String variant : variants) {
                Map<String, String> values = new LinkedHashMap<>(settings.forSpec(0));
                values.putAll(variantValues(variant));
                planned.add(new Planned(stem(specs.get(0)) + " " + variant.replace(",", " "), specs.get(0), values, false));
            }
        }
        List<Subject> out = new ArrayList<>();
        try (Progress progress = Progress.of("loading", planned.size())) {
            for (Planned p : planned) {
                progress.step(p.spec().getFileName().toString());
                out.add(out.isEmpty() || !inputs.isEmpty() || !variants.isEmpty()
                        ? new Subject(p.label(), load(p.spec(), p.params(), inputs), Optional.empty())
                        : onFirstInput(p, out.get(0)));
            }
        }
        return out;
    }

    private static Map<String, String> variantValues(String variant) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : variant.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--variant " + variant + ": expected NAME=VALUE[,NAME=VALUE...]");
            }
            values.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return values;
    }

    /**
     * A block file built on the first subject's input when it builds on it (that is how "it accepts
     * the input" is decided: a block's own requirements and shape rules say so); otherwise, and for
     * network files and models, which declare their input as part of the design, on its own input.
     */
    private Subject onFirstInput(Planned p, Subject first) throws SpecException {
        Loaded own = load(p.spec(), p.params(), List.of());
        List<Node> givenInputs = first.loaded().network().inputs();
        List<Node> ownInputs = own.network().inputs();
        if (!p.blockFile() || shapes(givenInputs).equals(shapes(ownInputs))) {
            return new Subject(p.label(), own, Optional.empty());
        }
        List<String> given = new ArrayList<>();
        if (givenInputs.size() == 1 && ownInputs.size() == 1) {
            given.add(givenInputs.get(0).shape().toString());
        } else {
            Set<String> ownNames = ownInputs.stream().map(Node::name).collect(Collectors.toSet());
            givenInputs.stream().filter(n -> ownNames.contains(n.name())).forEach(n -> given.add(n.name() + "=" + n.shape()));
        }
        String shown = String.join(", ", shapes(givenInputs));
        if (given.isEmpty()) {
            return new Subject(p.label(), own, Optional.of(p.label() + " keeps its own input " + String.join(", ", shapes(ownInputs))
                    + ": its inputs are not named like " + first.label() + "'s"));
        }
        try {
            return new Subject(p.label(), load(p.spec(), p.params(), given), Optional.empty());
        } catch (SpecException e) {
            return new Subject(p.label(), own, Optional.of(p.label() + " keeps its own input " + String.join(", ", shapes(ownInputs))
                    + ": it does not build on " + first.label() + "'s input " + shown + " (" + e.getMessage().lines().findFirst()
                    .orElse("") + ")"));
        }
    }

    private static List<String> shapes(List<Node> inputs) {
        return inputs.stream().map(n -> n.shape().toString()).toList();
    }

    private Loaded load(Path spec, Map<String, String> values, List<String> inputShapes) throws SpecException {
        return Loaded.of(options(spec, values, inputShapes));
    }

    private SpecOptions options(Path spec, Map<String, String> values, List<String> inputShapes) {
        SpecOptions one = new SpecOptions();
        one.spec = spec;
        one.limitOptions = limitOptions;
        one.params = new LinkedHashMap<>(values);
        one.inputs = inputShapes;
        return one;
    }

    /** A spec read (not yet built) to see what it declares; empty for an ONNX model. */
    private Optional<NetworkSpec> read(Path spec) throws SpecException {
        if (OnnxModel.isOnnx(spec)) {
            return Optional.empty();
        }
        SpecOptions one = options(spec, Map.of(), List.of());
        return Optional.of(SpecLoader.load(spec, one.limits(), one.importRoots()));
    }

    private static Set<String> declaredParams(Optional<NetworkSpec> spec) {
        return spec.map(s -> s.params().keySet()).orElse(Set.of());
    }

    /** A block file is analysed as a network of one instance of its block, defined in the same file. */
    private static boolean isBlockFile(Optional<NetworkSpec> spec) {
        return spec.map(s -> {
            BlockSpec block = s.blocks().get(s.name());
            return block != null && block.location().file().equals(s.file());
        }).orElse(false);
    }

    private static String stem(Path spec) {
        String name = spec.getFileName().toString();
        return name.replaceFirst("\\.(yaml|onnx)$", "");
    }
}
