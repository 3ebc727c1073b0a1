package org.netspec.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Profile;
import org.netspec.exec.Execution;
import org.netspec.exec.Executor;
import org.netspec.exec.Inputs;
import org.netspec.exec.MemoryPlan;
import org.netspec.exec.RunRefusedException;
import org.netspec.exec.Weights;
import org.netspec.graph.Network;
import org.netspec.report.RunReport;
import org.netspec.safetensors.DataFile;
import org.netspec.safetensors.SafeTensorsException;
import org.netspec.safetensors.SafeTensorsFile;
import org.netspec.safetensors.WeightFile;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.VisibleText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code run}: executes a network on random or given tensors and checks every executed shape. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Execute a network on float32 tensors with seeded random weights and input (or ones read from "
                + "safetensors files), check node by node that each kernel produces the inferred shape, and report "
                + "times, GFLOP/s and peak memory.",
                "Exit 0 when every shape matches, 1 when a node's executed shape differs (or its kernel refuses its "
                        + "input), 2 for bad input (a tensor file that is corrupt or does not fit the network) or a "
                        + "run that does not fit in the heap."})
final class Run implements Callable<Integer> {
    /** The output formats. */
    enum Format { table, json }

    @Spec
    CommandSpec spec;

    @Mixin
    SpecOptions specOptions;

    @Option(names = "--seed", defaultValue = "1",
            description = "seed of the weights and the input not read from files (default ${DEFAULT-VALUE})")
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

    @Option(names = "--weights", paramLabel = "FILE", description = "run with the weights in this safetensors file: "
            + "every node's, named <node>.<weight> as in the PyTorch export's state_dict")
    Path weightsFile;

    @Option(names = "--save-weights", paramLabel = "FILE",
            description = "write the weights the run used (seeded or read), every node's, as a safetensors file")
    Path saveWeights;

    @Option(names = "--input-data", paramLabel = "FILE",
            description = "run on the tensors in this safetensors file, one per input node, named after it")
    Path inputData;

    @Option(names = "--save-output", paramLabel = "FILE",
            description = "write the output tensors, named after the output nodes, as a safetensors file")
    Path saveOutput;

    @Option(names = "--force", description = "replace the files given to --save-weights and --save-output if they exist")
    boolean force;

    /** For the launcher, which sizes the run's heap from the plan before it starts the JVM that runs. */
    @Option(names = "--print-heap-mib", hidden = true, description = "print the heap in MiB the run plans and exit")
    boolean printHeap;

    @Override
    public Integer call() throws Exception {
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (threadCount < 1 || threadCount > 256) {
            throw new UsageException("--threads must be between 1 and 256, got " + threadCount);
        }
        requireRuns("--repeat", repeat, 1);
        requireRuns("--warmup", warmup, 0);
        if (printHeap) {
            long heap = MemoryPlan.of(Loaded.of(specOptions).network()).heapBytes();
            spec.commandLine().getOut().println((heap + (1 << 20) - 1) >> 20);
            return 0;
        }
        return execute(Loaded.of(specOptions), threadCount, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** The most runs --repeat, --warmup or --runs may ask for: far beyond any useful count, far from overflowing. */
    static final int MAX_RUNS = 1_000_000;

    /** Refuses a count of runs below {@code least} or above {@link #MAX_RUNS}. */
    static void requireRuns(String option, int count, int least) {
        if (count < least || count > MAX_RUNS) {
            throw new UsageException(option + " must be between " + least + " and " + MAX_RUNS + ", got " + count);
        }
    }

    /** Runs a loaded network and reports it; returns the exit code. */
    int execute(Loaded loaded, int threadCount, PrintWriter out, PrintWriter err) {
        Network network = loaded.network();
        OutputDirectory.requireWritable("--save-weights", saveWeights, force);
        OutputDirectory.requireWritable("--save-output", saveOutput, force);
        if (saveWeights != null && saveOutput != null
                && saveWeights.toAbsolutePath().normalize().equals(saveOutput.toAbsolutePath().normalize())) {
            throw new UsageException("--save-weights and --save-output name the same file " + saveWeights);
        }
        Weights weights;
        Inputs inputs;
        try {
            weights = weightsFile == null ? Weights.seeded(seed)
                    : WeightFile.read(weightsFile, network, SafeTensorsFile.Limits.forHeap());
            inputs = inputData == null ? Inputs.seeded(seed)
                    : DataFile.readInputs(inputData, network, SafeTensorsFile.Limits.forHeap());
        } catch (SafeTensorsException e) {
            e.lines().forEach(l -> err.println(VisibleText.escape(l)));
            return 2;
        }
        Analyses analyses = Analyses.of(network, Profile.STANDARD, 4);
        Executor.Options options = new Executor.Options(threadCount, weights, inputs);
        List<Execution> measured = new ArrayList<>();
        long steps = (long) (warmup + repeat) * network.nodes().size();
        try (Progress progress = Progress.of("run", steps)) {
            for (int i = 0; i < warmup + repeat; i++) {
                Execution e = Executor.run(network, options, (done, total, node) -> progress.step(node.name()));
                boolean last = i == warmup + repeat - 1 || !e.shapesMatch();
                if (i >= warmup || !e.shapesMatch()) {
                    // Only the last run's outputs are reported; the others are dropped before the next run
                    // starts, whose peak is all the heap is planned for.
                    measured.add(last ? e : e.withoutOutputs());
                }
                if (!e.shapesMatch()) {
                    break;
                }
            }
        } catch (RunRefusedException e) {
            err.println(VisibleText.escape("analyzer: " + e.getMessage()));
            return 2;
        }
        Execution execution = Execution.medianOf(measured);
        List<String> warnings = loaded.warnings().stream().map(Diagnostic::toString).toList();
        RunReport report = new RunReport(analyses, warnings, execution, seed, measured.size());
        out.print(format == Format.json ? report.json() : VisibleText.escapeLines(report.text()));
        if (saveWeights != null && !save(out, err, "weights", saveWeights, o -> WeightFile.write(o, network, weights))) {
            return 2;
        }
        // A run that stopped has no outputs; its stop is reported below.
        if (saveOutput != null && execution.stop().isEmpty()
                && !save(out, err, "outputs", saveOutput, o -> DataFile.writeOutputs(o, network, execution.outputs()))) {
            return 2;
        }
        if (execution.stop().isPresent()) {
            Execution.Stop stop = execution.stop().get();
            err.println(VisibleText.escape("analyzer: `" + stop.node().name() + "` (" + stop.node().op().name() + "): "
                    + stop.reason()));
            return 1;
        }
        return 0;
    }

    /** Writes a tensor file atomically and says so in the table; false, with the reason said, when it cannot. */
    private boolean save(PrintWriter out, PrintWriter err, String what, Path file, OutputDirectory.Content content) {
        try {
            OutputDirectory.writeFile(file, content);
        } catch (UsageException e) {
            err.println(VisibleText.escape("analyzer: " + e.getMessage()));
            return false;
        }
        if (format == Format.table) {
            out.println(VisibleText.escape("saved the " + what + " to " + file));
        }
        return true;
    }
}
