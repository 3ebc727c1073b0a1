package org.netspec.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.netspec.exec.RandomWeights;
import org.netspec.export.ExportException;
import org.netspec.export.OnnxExport;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export}: the network with weights as a file other tools load. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the network with its weights for other tools: ONNX (opset 17), node names as in netspec, "
                + "every inferred shape recorded, weights named <node>.<weight> as PyTorch names them.",
                "Weights are the seeded ones `run --seed N` uses (default seed 1) or read from a safetensors file. "
                        + "Exit 2 when the network cannot be exported or the output exists (without --force)."})
final class Export implements Callable<Integer> {
    /** The export formats. */
    enum Format { onnx }

    /** Where the weights come from: a file, or the seeded values of {@code run}. */
    static final class WeightSource {
        @Option(names = "--weights", paramLabel = "FILE", description = "weights from a safetensors file")
        Path file;

        @Option(names = "--seed", paramLabel = "N", description = "seeded random weights, as `run --seed N` draws them")
        Long seed;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    SpecOptions specOptions;

    @Option(names = "--format", required = true, description = "${COMPLETION-CANDIDATES}")
    Format format;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE", description = "the file to write")
    Path output;

    @Option(names = "--force", description = "replace the output file if it exists")
    boolean force;

    @ArgGroup(exclusive = true)
    WeightSource weightSource = new WeightSource();

    @Override
    public Integer call() throws Exception {
        if (Files.isDirectory(output)) {
            throw new UsageException("-o " + output + " is a directory; name the file to write");
        }
        if (Files.exists(output) && !force) {
            throw new UsageException("-o " + output + " exists; choose another file or add --force to replace it");
        }
        Network network = Loaded.of(specOptions).network();
        Function<Node, List<float[]>> weights = weightSource.file != null
                ? weightsFromFile(network, weightSource.file)
                : new RandomWeights(weightSource.seed == null ? 1 : weightSource.seed)::of;
        byte[] model;
        try {
            model = OnnxExport.bytes(network, weights);
        } catch (ExportException e) {
            spec.commandLine().getErr().println("analyzer: " + e.getMessage());
            return 2;
        }
        OutputDirectory.writeAtomically(output, model);
        spec.commandLine().getOut().println("wrote " + output + " (" + format + ", " + model.length + " bytes)");
        return 0;
    }

    /**
     * The weights of a safetensors file, bound to the network's weights by name.
     * To be wired to org.netspec.safetensors (built beside this command) when the branches merge.
     */
    private static Function<Node, List<float[]>> weightsFromFile(Network network, Path file) {
        throw new UsageException("--weights is not available yet in this build; use --seed N");
    }
}
