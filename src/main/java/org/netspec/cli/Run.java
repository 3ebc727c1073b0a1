package org.netspec.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Profile;
import org.netspec.exec.Execution;
import org.netspec.exec.Executor;
import org.netspec.exec.RunRefusedException;
import org.netspec.report.RunReport;
import org.netspec.spec.Diagnostic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: executes a network on random tensors and checks every executed shape. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Execute a network on float32 tensors with seeded random weights and input, check node by node "
                + "that each kernel produces the inferred shape, and report times, GFLOP/s and peak memory.",
                "Exit 0 when every shape matches, 1 when a node's executed shape differs (or its kernel refuses its "
                        + "input), 2 for bad input or a run that does not fit in the heap."})
final class Run implements Callable<Integer> {
    /** The output formats. */
    enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Mixin
    SpecOptions specOptions;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the weights and the input (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", description = "threads for the kernels (default: the available processors)")
    Integer threads;

    @Option(names = "--repeat", defaultValue = "1",
            description = "measured runs; times are their medians (default ${DEFAULT-VALUE})")
    int repeat;

    @Option(names = "--warmup", defaultValue = "0",
            description = "runs before the measured ones, to compile the kernels (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--format", defaultValue = "table", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Override
    public Integer call() throws Exception {
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1 || threadCount > 256) {
            throw new UsageException("--threads must be between 1 and 256, got " + threadCount);
        }
        if (repeat < 1 || warmup < 0) {
            throw new UsageException("--repeat must be at least 1 and --warmup 0 or more");
        }
        return execute(Loaded.of(specOptions), threadCount, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Runs a loaded network and reports it; returns the exit code. */
    int execute(Loaded loaded, int threadCount, PrintWriter out, PrintWriter err) {
        Analyses analyses = Analyses.of(loaded.network(), Profile.STANDARD, 4);
        Executor.Options options = new Executor.Options(seed, threadCount);
        List<Execution> measured = new ArrayList<>();
        long steps = (long) (warmup + repeat) * loaded.network().nodes().size();
        try (Progress progress = Progress.of("run", steps)) {
            for (int i = 0; i < warmup + repeat; i++) {
                Execution e = Executor.run(loaded.network(), options, (done, total, node) -> progress.step(node.name()));
                if (i >= warmup || !e.shapesMatch()) {
                    measured.add(e);
                }
                if (!e.shapesMatch()) {
                    break;
                }
            }
        } catch (RunRefusedException e) {
            err.println("analyzer: " + e.getMessage());
            return 2;
        }
        Execution execution = Execution.medianOf(measured);
        List<String> warnings = loaded.warnings().stream().map(Diagnostic::toString).toList();
        RunReport report = new RunReport(analyses, warnings, execution, seed, measured.size());
        out.print(format == Format.json ? report.json() : report.text());
        if (execution.stop().isPresent()) {
            Execution.Stop stop = execution.stop().get();
            err.println("analyzer: `" + stop.node().name() + "` (" + stop.node().op().name() + "): " + stop.reason());
            return 1;
        }
        return 0;
    }
}
