package org.netspec.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.netspec.analysis.Costs;
import org.netspec.analysis.field.ReceptiveField;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.ExpressionWarmUp;
import org.netspec.spec.SpecException;
import org.netspec.spec.VisibleText;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code analyzer} command line. The only layer that touches files, standard output and
 * exit codes: 0 success, 1 {@code validate} found problems, 2 bad input, usage or a run out of
 * memory, 70 an internal error (a bug). Errors are one line each on standard error, with
 * invisible characters escaped ({@link VisibleText}), never a stack trace. Nothing here handles
 * signals: SIGTERM and SIGINT end the process (exit 143 and 130) as they end any Java program.
 */
@Command(name = "analyzer", mixinStandardHelpOptions = true, version = "netspec 0.1.0",
        description = "Exact counts and design analyses of efficient CNNs declared in YAML specs.")
public final class Main {
    /** The commands, in the order help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(Analyze.class, Validate.class, Compare.class, Report.class,
            GraphCommand.class, OperatorsCommand.class, SchemaCommand.class, Bench.class, Run.class, Export.class,
            Calibrate.class, Import.class, Sweep.class);
    /** The commands that read a spec first thing, and so set up its expression language at once. */
    private static final Set<Class<?>> READ_SPECS = Set.of(Analyze.class, Validate.class, GraphCommand.class);

    /** Enough for every depth limit at its maximum ({@link org.netspec.spec.Limits#MAX_DEPTH}). */
    private static final long STACK_BYTES = 512L << 20;

    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, false, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(out, err, args));
    }

    /**
     * Runs a command line with the given output and error streams and returns its exit code. The
     * command runs on a thread with a large stack, so that specs nested as deep as the limits allow
     * (YAML, blocks in blocks, expressions) are read without overflowing it.
     */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        List<Class<?>> commands = commandsFor(args);
        if (commands.size() == 1 && READ_SPECS.contains(commands.get(0))) {
            ExpressionWarmUp.startInBackground();
        }
        return run(commandLine(out, err, commands), args);
    }

    /**
     * Runs a command line on a command tree from {@link #commandLine}, which picocli resets before
     * each parse: a caller that runs many command lines (the fuzz test) builds the tree once.
     */
    static int run(CommandLine cli, String... args) {
        int[] code = new int[1];
        Thread worker = new Thread(null, () -> code[0] = execute(cli, args), "analyzer", STACK_BYTES);
        worker.start();
        try {
            worker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.interrupt();
            return 130;
        }
        cli.getOut().flush();
        cli.getErr().flush();
        return code[0];
    }

    /**
     * The commands a command line needs: the one it starts with, when it starts with a command's
     * name, as it must to run one; every command otherwise, for the overall help and the "did you
     * mean" of a misspelt name. Building a command's model (reflection over its options and
     * mixins) is a good part of a short command's start, so a command line pays only for its own.
     */
    static List<Class<?>> commandsFor(String... args) {
        for (Class<?> command : COMMANDS) {
            if (args.length > 0 && command.getAnnotation(Command.class).name().equals(args[0])) {
                return List.of(command);
            }
        }
        return COMMANDS;
    }

    /** A path from the command line; one no file can have (with a NUL character) is a usage error. */
    private static Path path(String text) {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("no file can have this name (" + e.getReason() + ")");
        }
    }

    /** The whole command tree writing to these streams; {@link CommandLine#setOut} and {@code setErr} change them. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, COMMANDS);
    }

    private static CommandLine commandLine(PrintWriter out, PrintWriter err, List<Class<?>> commands) {
        CommandLine cli = new CommandLine(new Main());
        commands.forEach(cli::addSubcommand);
        cli.setOut(out);
        cli.setErr(err);
        cli.registerConverter(Path.class, Main::path);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter errors = commandLine.getErr();
            if (e instanceof SpecException spec) {
                spec.diagnostics().forEach(errors::println);
            } else if (e instanceof UsageException) {
                errors.println(VisibleText.escape("analyzer: " + e.getMessage()));
            } else if (e instanceof Costs.OverflowException overflow) {
                errors.println(diagnostic(overflow));
            } else if (e instanceof ReceptiveField.StepsExceeded steps) {
                errors.println(diagnostic(steps));
            } else {
                return internalError(errors, e);
            }
            return 2;
        });
        return cli;
    }

    private static int execute(CommandLine cli, String... args) {
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            return outOfMemory(cli.getErr());
        } catch (VirtualMachineError e) {
            return internalError(cli.getErr(), e);
        }
    }

    /** An overflow of the counts as an error at the layer where it happened, with its block instances. */
    private static Diagnostic diagnostic(Costs.OverflowException overflow) {
        return new Diagnostic(Diagnostic.Severity.ERROR, overflow.node().location(), overflow.getMessage(),
                overflow.node().chain());
    }

    /** The receptive fields out of steps, at the layer where they ran out, naming the limit. */
    private static Diagnostic diagnostic(ReceptiveField.StepsExceeded steps) {
        return new Diagnostic(Diagnostic.Severity.ERROR, steps.node().location(), "the receptive fields of the layers up to `"
                + steps.node().name() + "` take more than " + steps.maxSteps()
                + " steps; raise the limit with --max-analysis-steps", steps.node().chain());
    }

    /**
     * The last line of defence: the limits bound the work of every spec, but a heap smaller than
     * they assume can still run out. The command's own data is garbage by now, so printing works.
     */
    private static int outOfMemory(PrintWriter err) {
        err.println("analyzer: out of memory: this run needs more than its " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB of heap; lower the limits (see --help) or give it more with NETSPEC_JAVA_OPTS=-Xmx8g");
        return 2;
    }

    private static int internalError(PrintWriter err, Throwable e) {
        err.println(VisibleText.escape("analyzer: internal error: " + e + " (please report it with the spec that caused it)"));
        return 70;
    }
}
