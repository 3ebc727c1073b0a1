package org.netspec.cli;

import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.netspec.ops.Attribute;
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
            t.row(op.name(), op.attributes().stream().map(OperatorsCommand::attribute).collect(Collectors.joining(" ")),
                    op.costRule());
        }
        switch (format) {
            case "table" -> spec.commandLine().getOut().print(t.text() + "\n" + SYNTAX.replace("`", "") + "\n");
            case "markdown" -> spec.commandLine().getOut().print(t.markdown() + "\n" + SYNTAX + "\n");
            default -> throw new UsageException("unknown format `" + format + "`; expected table or markdown");
        }
        return 0;
    }

    /** How the values of pairs and padding are written, the syntax the table's marks stand for. */
    static final String SYNTAX = "`name[h,w]`: one integer for both axes or a list `[h, w]`, e.g. `kernel: 3` or "
            + "`kernel: [3, 1]`; `name=default`: optional; `|same`: `padding: same` pads the dilated kernel's extent "
            + "minus one, the smaller half first, so stride 1 keeps the size (PyTorch's padding='same').";

    /** An attribute as the table shows it: its name, {@code [h,w]} for a pair, its default, {@code |same}. */
    private static String attribute(Attribute<?> a) {
        String shape = switch (a.kind()) {
            case PAIR, PADDING -> "[h,w]";
            default -> "";
        };
        String value = a.required() ? "" : "=" + (a.defaultValue() == null ? "-" : a.defaultValue());
        return a.name() + shape + value + (a.kind() == Attribute.Kind.PADDING ? "|same" : "");
    }
}
