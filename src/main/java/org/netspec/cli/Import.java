package org.netspec.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.netspec.graph.Network;
import org.netspec.graph.NetworkBuilder;
import org.netspec.importer.FlatSpec;
import org.netspec.importer.OnnxModel;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;
import org.netspec.spec.VisibleText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code import}: an ONNX model written as a flat spec, a starting point for a design. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Write a flat spec of an ONNX model (opset 11 and newer): its inputs, one layer per operator "
                + "with its attributes and inputs, its outputs. Analysing the spec gives the model's counts.")
final class Import implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL", description = "an ONNX model (.onnx)")
    Path model;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "SPEC", description = "the spec file to write")
    Path out;

    @Option(names = "--force", description = "replace the spec file if it exists")
    boolean force;

    @Option(names = "--input", paramLabel = "[NAME=]NxCxHxW",
            description = "the shape of an input, for models with symbolic sizes (name it when there are several inputs)")
    List<String> inputs = List.of();

    @Mixin
    LimitOptions limitOptions = new LimitOptions();

    @Override
    public Integer call() throws SpecException {
        if (!OnnxModel.isOnnx(model)) {
            throw new UsageException("import reads an ONNX model (a .onnx file), got " + model);
        }
        OutputDirectory.requireWritable("-o", out, force);
        Overrides overrides = Overrides.NONE;
        for (String in : inputs) {
            int eq = in.indexOf('=');
            overrides = eq < 0 ? overrides.withInput("", in) : overrides.withInput(in.substring(0, eq), in.substring(eq + 1));
        }
        OnnxModel imported = OnnxModel.load(model, overrides, limitOptions.importLimits());
        NetworkBuilder.Result result = imported.result();
        if (result.hasErrors()) {
            throw new SpecException(result.diagnostics().stream().filter(Diagnostic::isError).toList());
        }
        PrintWriter err = spec.commandLine().getErr();
        result.diagnostics().forEach(err::println);
        Network network = result.network().orElseThrow();
        String text = FlatSpec.write(network, imported.notes(), "Imported from " + model.getFileName() + " by `analyzer import`: "
                + "each operator of the model is a layer.\nAnalysing this spec gives the model's counts.");
        OutputDirectory.writeFile(out, o -> o.write(text.getBytes(StandardCharsets.UTF_8)));
        spec.commandLine().getOut().println(VisibleText.escape("wrote " + out + ": "
                + (network.nodes().size() - network.inputs().size()) + " layers"));
        return 0;
    }
}
