package org.netspec.cli;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.netspec.ops.Operator;
import org.netspec.ops.Operators;
import org.netspec.report.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

/** {@code ops}: the operator catalogue with what each operator counts. */
@Command(name = "ops", mixinStandardHelpOptions = true,
        description = "List the primitive operators, their attributes and what each one counts.")
final class OperatorsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", defaultValue = "table", description = "table or markdown (default ${DEFAULT-VALUE})")
    String format;

    @Override
    public Integer call() {
        Table t = new Table("op", "attributes", "counts");
        for (Operator op : Operators.all()) {
            t.row(op.name(), op.attributes().stream().map(a -> a.required() ? a.name()
                    : a.name() + "=" + (a.defaultValue() == null ? "-" : a.defaultValue()))
                    .collect(Collectors.joining(" ")), op.costRule());
        }
        switch (format) {
            case "table" -> spec.commandLine().getOut().print(t.text());
            case "markdown" -> spec.commandLine().getOut().print(t.markdown());
            default -> throw new UsageException("unknown format `" + format + "`; expected table or markdown");
        }
        return 0;
    }
}
