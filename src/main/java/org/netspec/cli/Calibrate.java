package org.netspec.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.netspec.analysis.MemoryAccessCost;
import org.netspec.analysis.latency.Latency;
import org.netspec.calibrate.Agreement;
import org.netspec.calibrate.Fit;
import org.netspec.calibrate.MicroCases;
import org.netspec.calibrate.NetspecTimer;
import org.netspec.calibrate.OrtTimer;
import org.netspec.calibrate.Timer;
import org.netspec.device.DeviceLoader;
import org.netspec.device.DeviceProfile;
import org.netspec.device.DeviceWriter;
import org.netspec.device.Fusion;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;
import org.netspec.report.Table;
import org.netspec.spec.VisibleText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code calibrate}: measures micro cases on this machine and fits a device profile; with
 * {@code --validate}, measures given specs and compares the profile's estimates with them.
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
        description = "Measure a designed set of micro cases on this machine (ONNX Runtime's CPU provider or netspec's "
                + "executor) and write a device profile fitted to them, with the measurements; or, with --validate, "
                + "compare a profile's estimates with measured times of the given specs.")
final class Calibrate implements Callable<Integer> {
    /** Runtimes that can be measured. */
    enum Engine { onnxruntime, netspec }

    @Spec
    CommandSpec spec;

    @Option(names = "--runtime", defaultValue = "onnxruntime", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Engine runtime;

    @Option(names = "--threads", defaultValue = "1", description = "threads the runtime uses (default ${DEFAULT-VALUE})")
    int threads;

    @Option(names = "--budget", defaultValue = "180", paramLabel = "SECONDS",
            description = "stop measuring after this many seconds (default ${DEFAULT-VALUE})")
    int budget;

    @Option(names = "--runs", defaultValue = "7", description = "timed runs per case after 2 warm-up runs; the median counts")
    int runs;

    @Option(names = "--out", paramLabel = "FILE", description = "the profile to write (calibration)")
    Path out;

    @Option(names = "--name", description = "the profile's name (default: RUNTIME-cpu-tTHREADS)")
    String name;

    @Option(names = "--validate", paramLabel = "PROFILE", description = "compare this profile's estimates with the specs' measured times")
    Path validate;

    @Parameters(paramLabel = "SPEC", arity = "0..*", description = "specs to measure with --validate")
    List<Path> specs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || runs < 1 || budget < 1) {
            throw new UsageException("--threads, --runs and --budget must be at least 1");
        }
        if (runtime == Engine.onnxruntime && !OrtTimer.available()) {
            throw new UsageException("ONNX Runtime is not on the class path: run `mvn package` (it copies it to "
                    + "target/lib) and start calibrate through the analyzer launcher, or use --runtime netspec");
        }
        Timer timer = runtime == Engine.onnxruntime ? new OrtTimer(threads) : new NetspecTimer(threads);
        if (validate != null) {
            return validate(timer, DeviceLoader.load(validate));
        }
        if (out == null) {
            throw new UsageException("calibrate needs --out FILE (or --validate PROFILE SPEC...)");
        }
        return calibrate(timer);
    }

    private int calibrate(Timer timer) throws Exception {
        List<MicroCases.Case> cases = MicroCases.all();
        List<Fit.Measured> measured = new ArrayList<>();
        Path dir = Files.createTempDirectory("netspec-calibrate");
        long deadline = System.nanoTime() + budget * 1_000_000_000L;
        try (Progress progress = Progress.of("calibrate", cases.size())) {
            for (MicroCases.Case c : cases) {
                if (System.nanoTime() > deadline) {
                    spec.commandLine().getErr().println("calibrate: the budget of " + budget + " s ran out after "
                            + measured.size() + " of " + cases.size() + " cases; fitting those");
                    break;
                }
                Path file = dir.resolve("case" + measured.size() + ".yaml");
                Files.writeString(file, c.spec(), StandardCharsets.UTF_8);
                Network net = Specs.load(file);
                measured.add(new Fit.Measured(c, net, median(timer.seconds(net, 2, runs))));
                progress.step(c.name());
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
        String runtimeName = runtime == Engine.onnxruntime ? "ONNX Runtime 1.29.0 CPU provider, fp32" : "netspec executor, fp32";
        // ONNX Runtime's graph optimisations fold batch norm into convolutions and fuse activations (FusedConv).
        EnumSet<Fusion> fusions = runtime == Engine.onnxruntime ? EnumSet.of(Fusion.CONV_BN_ACT) : EnumSet.noneOf(Fusion.class);
        DeviceProfile p = Fit.of(measured, name != null ? name : runtime + "-cpu-t" + threads, runtimeName, threads, fusions);
        String header = "Written by `analyzer calibrate --runtime " + runtime + " --threads " + threads + "` on "
                + System.getProperty("os.arch") + " with " + Runtime.getRuntime().availableProcessors()
                + " processors: " + measured.size() + " micro cases of " + MicroCases.LAYERS + " layers, median of "
                + runs + " runs after 2 warm-up runs.\nSee README, \"Latency estimates\", for how each parameter is fitted.";
        Files.writeString(out, DeviceWriter.yaml(p, header), StandardCharsets.UTF_8);
        spec.commandLine().getOut().println(VisibleText.escape("wrote " + out + " (" + measured.size() + " cases)"));
        return 0;
    }

    private int validate(Timer timer, DeviceProfile device) throws Exception {
        if (specs.size() < 2) {
            throw new UsageException("--validate needs two specs or more");
        }
        Table t = new Table("subject", ">estimated ms", ">measured ms", ">error");
        double[] estimated = new double[specs.size()];
        double[] measured = new double[specs.size()];
        try (Progress progress = Progress.of("validate", specs.size())) {
            for (int i = 0; i < specs.size(); i++) {
                Network net = Specs.load(specs.get(i));
                estimated[i] = Latency.of(net, MemoryAccessCost.of(net), device).total();
                measured[i] = median(timer.seconds(net, 2, runs));
                t.row(net.name() + " (" + specs.get(i).getFileName() + ")", ms(estimated[i]), ms(measured[i]),
                        String.format(Locale.ROOT, "%+.0f%%", 100 * (estimated[i] - measured[i]) / measured[i]));
                progress.step(net.name());
            }
        }
        Agreement a = Agreement.of(estimated, measured);
        PrintWriter o = spec.commandLine().getOut();
        o.println("estimates on " + device.name() + " against " + runtime + " with " + threads + " thread"
                + (threads == 1 ? "" : "s") + " (median of " + runs + " runs)");
        o.print(t.text());
        o.printf(Locale.ROOT, "Spearman rank correlation %.3f, median absolute error %.1f%% over %d subjects%n",
                a.spearman(), 100 * a.medianAbsoluteError(), specs.size());
        return 0;
    }

    private static String ms(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds * 1e3);
    }

    private static double median(double[] values) {
        return new DescriptiveStatistics(values).getPercentile(50);
    }
}
