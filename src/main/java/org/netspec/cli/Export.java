package org.netspec.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.netspec.export.ExportException;
import org.netspec.export.PyTorchExport;
import org.netspec.graph.Network;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code export}: the network in another framework's format. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write the network for another framework: --format pytorch writes one self-contained Python file "
                + "with an nn.Module per block, whose parameter and buffer names are netspec's weight names.")
final class Export implements Callable<Integer> {
    /** The export formats. */
    enum Format { pytorch }

    @Spec
    CommandSpec spec;

    @Mixin
    SpecOptions specOptions;

    @Option(names = "--format", required = true, description = "${COMPLETION-CANDIDATES}")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "the file to write (default: standard output)")
    Path output;

    @Override
    public Integer call() throws Exception {
        Network network = Loaded.of(specOptions).network();
        String code;
        try {
            code = PyTorchExport.of(network);
        } catch (ExportException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        }
        if (output == null) {
            spec.commandLine().getOut().print(code);
            return 0;
        }
        try {
            Files.writeString(output, code, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot write " + output + ": " + e.getMessage());
        }
        spec.commandLine().getOut().println("wrote " + output + ": class " + PyTorchExport.className(network));
        return 0;
    }
}
