package org.netspec.cli;

import java.util.concurrent.Callable;
import org.netspec.spec.SpecSchema;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code schema}: the JSON Schema of spec files, for editors. */
@Command(name = "schema", mixinStandardHelpOptions = true,
        description = "Print the JSON Schema of spec files (specs/netspec.schema.json), for yaml-language-server.")
final class SchemaCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(SpecSchema.json());
        return 0;
    }
}
