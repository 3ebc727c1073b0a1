package org.netspec.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import org.netspec.spec.SpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code analyzer} command line. The only layer that touches files, standard output and
 * exit codes: 0 success, 1 {@code validate} found problems, 2 bad input or usage. Errors are one
 * line each on standard error, never a stack trace.
 */
@Command(name = "analyzer", mixinStandardHelpOptions = true, version = "netspec 0.1.0",
        description = "Exact counts and design analyses of efficient CNNs declared in YAML specs.",
        subcommands = {Analyze.class, Validate.class, OperatorsCommand.class})
public final class Main {
    private static final PrintWriter OUT = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
    private static final PrintWriter ERR = new PrintWriter(System.err, true, StandardCharsets.UTF_8);

    private Main() {
    }

    static PrintWriter out() {
        return OUT;
    }

    static PrintWriter err() {
        return ERR;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (for tests and the launcher). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(OUT);
        cli.setErr(ERR);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof SpecException spec) {
                spec.diagnostics().forEach(ERR::println);
            } else if (e instanceof UsageException) {
                ERR.println("analyzer: " + e.getMessage());
            } else if (e instanceof ArithmeticException) {
                ERR.println("analyzer: a total overflows 64 bits: " + e.getMessage());
            } else {
                ERR.println("analyzer: internal error: " + e + " (please report it with the spec that caused it)");
                return 70;
            }
            return 2;
        });
        int code = cli.execute(args);
        OUT.flush();
        ERR.flush();
        return code;
    }
}
