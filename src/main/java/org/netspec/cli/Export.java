package org.netspec.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Profile;
import org.netspec.exec.Weights;
import org.netspec.export.ExportException;
import org.netspec.export.NetronSidecar;
import org.netspec.export.OnnxExport;
import org.netspec.export.PyTorchExport;
import org.netspec.graph.Network;
import org.netspec.safetensors.SafeTensorsException;
import org.netspec.safetensors.SafeTensorsFile;
import org.netspec.safetensors.WeightFile;
import org.netspec.spec.VisibleText;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export}: the network as a file other tools load. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write the network for other tools: --format onnx writes an ONNX model (opset 17) with its weights, "
                + "node names as in netspec and every inferred shape recorded; --format pytorch writes one "
                + "self-contained Python file with an nn.Module per block, whose parameter and buffer names are "
                + "netspec's weight names <node>.<weight> (load the weights `run --save-weights` writes).",
                "--format netron writes the analyses as a Netron attachment (a .json file to open in Netron while the "
                        + "ONNX model is shown): per node parameters, MACs, memory access, receptive field, gridding "
                        + "coverage and review warnings, under the standard profile.",
                "Weights are the seeded ones `run --seed N` uses (default seed 1) or read from a safetensors file. "
                        + "Exit 2 when the network cannot be exported or the output exists (without --force)."})
final class Export implements Callable<Integer> {
    /** The export formats. */
    enum Format { onnx, pytorch, netron }

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
        OutputDirectory.requireWritable("-o", output, force);
        if (format == Format.netron && !output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            throw new UsageException("-o " + output + ": Netron reads an attachment only from a .json file, "
                    + "e.g. model.metrics.json");
        }
        Network network = Loaded.of(specOptions).network();
        byte[] written;
        String what;
        try {
            if (format == Format.pytorch) {
                written = PyTorchExport.of(network).getBytes(StandardCharsets.UTF_8);
                what = "class " + PyTorchExport.className(network);
            } else if (format == Format.netron) {
                written = NetronSidecar.bytes(Analyses.of(network, Profile.STANDARD, 4));
                what = "netron attachment, " + written.length + " bytes";
            } else {
                written = OnnxExport.bytes(network, weights(network));
                what = "onnx, " + written.length + " bytes";
            }
        } catch (ExportException e) {
            spec.commandLine().getErr().println(VisibleText.escape("analyzer: " + e.getMessage()));
            return 2;
        } catch (SafeTensorsException e) {
            e.lines().forEach(l -> spec.commandLine().getErr().println(VisibleText.escape(l)));
            return 2;
        }
        OutputDirectory.writeFile(output, out -> out.write(written));
        spec.commandLine().getOut().println(VisibleText.escape("wrote " + output + ": " + what));
        return 0;
    }

    /** The weights the ONNX model carries: read from --weights, or seeded. */
    private Weights weights(Network network) {
        return weightSource.file != null
                ? WeightFile.read(weightSource.file, network, SafeTensorsFile.Limits.forHeap())
                : Weights.seeded(weightSource.seed == null ? 1 : weightSource.seed);
    }
}
