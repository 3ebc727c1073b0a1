package org.netspec.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
import org.netspec.device.KernelClass;
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

    @Option(names = "--rounds", defaultValue = "3", description = "passes over every case or spec, each in a session of its "
            + "own; the fastest pass's median counts (default ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--out", paramLabel = "FILE", description = "the profile to write (calibration)")
    Path out;

    @Option(names = "--name", description = "the profile's name (default: RUNTIME-cpu-tTHREADS)")
    String name;

    @Option(names = "--validate", paramLabel = "PROFILE", description = "compare this profile's estimates with the specs' measured times")
    Path validate;

    @Option(names = "--cpu-clock", description = "with --threads 1 through ONNX Runtime: time the calling thread's CPU "
            + "time, not the wall clock (on a loaded machine; ONNX Runtime computes one thread on the calling thread)")
    boolean cpuClock;

    @Option(names = "--refit", paramLabel = "PROFILE",
            description = "fit again to the micro-case measurements a profile keeps, measuring nothing (with --out)")
    Path refit;

    @Option(names = "--save-measurements", paramLabel = "FILE",
            description = "with --validate, or --out and specs: write each spec's measured time (spec, milliseconds; tab-separated)")
    Path saveMeasurements;

    @Option(names = "--measurements", paramLabel = "FILE",
            description = "with --validate: take the specs' times from a file --save-measurements wrote, measuring nothing")
    Path measurementsFile;

    @Option(names = "--kernels", paramLabel = "FILE",
            description = "with --validate, or --out and specs, through ONNX Runtime: write every kernel its profiler reports (spec, node, "
                    + "operator, measured and estimated microseconds, kernel class; tab-separated)")
    Path kernels;

    @Parameters(paramLabel = "SPEC", arity = "0..*", description = "specs to measure with --validate; with --out, measured "
            + "in the same passes as the micro cases and compared with the profile fitted")
    List<Path> specs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        if (threads < 1 || runs < 1 || rounds < 1 || budget < 1) {
            throw new UsageException("--threads, --runs, --rounds and --budget must be at least 1");
        }
        boolean measures = validate == null ? refit == null : measurementsFile == null || kernels != null;
        if (measures && runtime == Engine.onnxruntime && !OrtTimer.available()) {
            throw new UsageException("ONNX Runtime is not on the class path: run `mvn package` (it copies it to "
                    + "target/lib) and start calibrate through the analyzer launcher, or use --runtime netspec");
        }
        if (kernels != null && runtime != Engine.onnxruntime) {
            throw new UsageException("--kernels needs --runtime onnxruntime (its profiler reports the kernels)");
        }
        if (measurementsFile != null && validate == null) {
            throw new UsageException("--measurements goes with --validate PROFILE");
        }
        if (cpuClock && (threads != 1 || runtime != Engine.onnxruntime)) {
            throw new UsageException("--cpu-clock needs --threads 1 and --runtime onnxruntime");
        }
        Timer timer = !measures ? null
                : runtime == Engine.onnxruntime ? new OrtTimer(threads, cpuClock) : new NetspecTimer(threads);
        if (validate != null) {
            return validate(timer, DeviceLoader.load(validate));
        }
        if (out == null) {
            throw new UsageException("calibrate needs --out FILE (or --validate PROFILE SPEC...)");
        }
        return refit != null ? refit(DeviceLoader.load(refit)) : calibrate(timer);
    }

    /**
     * Measures the micro cases and fits a profile; given specs, measures them in the same passes,
     * interleaved in time with the cases, and compares the fitted profile's estimates with them: the
     * machine's speed moved by a tenth from one minute to the next at two threads, and cases measured
     * minutes before the specs fitted a profile of another speed than the specs ran at.
     */
    private int calibrate(Timer timer) throws Exception {
        List<MicroCases.Case> cases = MicroCases.all();
        List<Network> nets = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (MicroCases.Case c : cases) {
            nets.add(network(c));
            names.add(c.name());
        }
        List<Network> subjects = subjects(false);
        nets.addAll(subjects);
        subjects.forEach(n -> names.add(n.name()));
        double[] seconds = fastestMedians(timer, nets, names, System.nanoTime() + budget * 1_000_000_000L, !subjects.isEmpty());
        List<Fit.Measured> measured = new ArrayList<>();
        for (int i = 0; i < cases.size() && !Double.isNaN(seconds[i]); i++) {
            measured.add(new Fit.Measured(cases.get(i), nets.get(i), seconds[i]));
        }
        if (measured.size() < cases.size()) {
            spec.commandLine().getErr().println("calibrate: the budget of " + budget + " s ran out after "
                    + measured.size() + " of " + cases.size() + " cases; fitting those");
        }
        String how = measured.size() + " micro cases of " + MicroCases.LAYERS + " layers, median of " + runs
                + " runs after 2 warm-up runs, the fastest of up to " + rounds + " rounds";
        DeviceProfile fitted = write(measured, how);
        if (!subjects.isEmpty()) {
            compare(timer, fitted, subjects, Arrays.copyOfRange(seconds, cases.size(), seconds.length));
        }
        return 0;
    }

    /** The specs given, loaded: two or more (a rank correlation needs two), or none unless required. */
    private List<Network> subjects(boolean required) throws Exception {
        if (specs.size() == 1 || required && specs.isEmpty()) {
            throw new UsageException((validate != null ? "--validate" : "comparing with measured specs")
                    + " needs two specs or more");
        }
        List<Network> nets = new ArrayList<>();
        for (Path p : specs) {
            nets.add(Specs.load(p));
        }
        return nets;
    }

    /**
     * Each network's time: the median of its runs in a session of its own, in {@code rounds} passes
     * over them all, the fastest pass counting. A neighbour on the host can slow this machine by a third
     * for seconds at a time, unseen in its load or steal time (ESPNetv2 at one thread: 290-300 ms in one
     * session, 400-415 ms in the next of the same process); a median within one session cannot remove
     * that, passes spread in time can. Passes stop at the deadline, a first one then leaving NaN for
     * what it did not reach; with {@code wholePasses}, a pass once begun is finished, and the first
     * always is.
     */
    private double[] fastestMedians(Timer timer, List<Network> nets, List<String> names, long deadline, boolean wholePasses)
            throws Exception {
        double[] out = new double[nets.size()];
        Arrays.fill(out, Double.NaN);
        try (Progress progress = Progress.of(validate == null ? "calibrate" : "validate", nets.size() * rounds)) {
            for (int round = 0; round < rounds; round++) {
                if (wholePasses && round > 0 && System.nanoTime() > deadline) {
                    return out;
                }
                for (int i = 0; i < nets.size(); i++) {
                    if (!wholePasses && System.nanoTime() > deadline) {
                        return out;
                    }
                    double t = median(timer.seconds(nets.get(i), 2, runs));
                    out[i] = Double.isNaN(out[i]) ? t : Math.min(out[i], t);
                    progress.step(names.get(i));
                }
            }
        }
        return out;
    }

    /** Fits again to a profile's kept measurements, matched to today's micro cases by name. */
    private int refit(DeviceProfile from) throws Exception {
        List<Fit.Measured> measured = new ArrayList<>();
        for (MicroCases.Case c : MicroCases.all()) {
            for (DeviceProfile.Measurement m : from.measurements()) {
                if (m.kind().equals(c.name())) {
                    measured.add(new Fit.Measured(c, network(c), m.milliseconds() * 1e-3));
                }
            }
        }
        if (measured.isEmpty()) {
            throw new UsageException(refit + " keeps no measurement of a micro case calibrate knows");
        }
        threads = from.threads();
        write(measured, measured.size() + " micro cases refitted from the measurements of " + refit.getFileName());
        return 0;
    }

    private DeviceProfile write(List<Fit.Measured> measured, String how) throws Exception {
        String runtimeName = runtime == Engine.onnxruntime ? "ONNX Runtime 1.29.0 CPU provider, fp32" : "netspec executor, fp32";
        // ONNX Runtime's graph optimisations fold batch norm into convolutions and fuse activations (FusedConv).
        EnumSet<Fusion> fusions = runtime == Engine.onnxruntime ? EnumSet.of(Fusion.CONV_BN_ACT) : EnumSet.noneOf(Fusion.class);
        DeviceProfile p = Fit.of(measured, name != null ? name : runtime + "-cpu-t" + threads, runtimeName, threads, fusions,
                runtime == Engine.onnxruntime ? ortLayoutBlock() : 0);
        String header = "Written by `analyzer calibrate --runtime " + runtime + " --threads " + threads
                + (cpuClock ? " --cpu-clock" : "") + "` on "
                + System.getProperty("os.arch") + " with " + Runtime.getRuntime().availableProcessors()
                + " processors: " + how + ".\nSee README, \"Latency estimates\", for how each parameter is fitted.";
        Files.writeString(out, DeviceWriter.yaml(p, header), StandardCharsets.UTF_8);
        spec.commandLine().getOut().println(VisibleText.escape("wrote " + out + " (" + measured.size() + " cases)"));
        return p;
    }

    /**
     * The channel block of ONNX Runtime's NCHWc layout on this processor: 16 with AVX-512, 8 with
     * AVX2, none otherwise (MLAS's choice); read from /proc/cpuinfo, none when it cannot be read.
     */
    private static int ortLayoutBlock() {
        try {
            String flags = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("flags"))
                    .findFirst().orElse("");
            return flags.contains(" avx512f") ? 16 : flags.contains(" avx2") ? 8 : 0;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static Network network(MicroCases.Case c) throws Exception {
        Path file = Files.createTempFile("netspec-micro", ".yaml");
        try {
            Files.writeString(file, c.spec(), StandardCharsets.UTF_8);
            return Specs.load(file);
        } finally {
            Files.delete(file);
        }
    }

    private int validate(Timer timer, DeviceProfile device) throws Exception {
        List<Network> nets = subjects(true);
        Map<String, Double> saved = measurementsFile == null ? Map.of() : savedMeasurements(measurementsFile);
        for (Path p : specs) {
            if (measurementsFile != null && !saved.containsKey(p.toString())) {
                throw new UsageException(measurementsFile + " has no measurement of " + p);
            }
        }
        double[] measured = measurementsFile != null ? specs.stream().mapToDouble(p -> saved.get(p.toString())).toArray()
                : fastestMedians(timer, nets, nets.stream().map(Network::name).toList(), Long.MAX_VALUE, true);
        compare(timer, device, nets, measured);
        return 0;
    }

    /** The profile's estimate of each spec against its measured time, with Spearman's rank correlation and the median error. */
    private void compare(Timer timer, DeviceProfile device, List<Network> nets, double[] measured) throws Exception {
        Table t = new Table("subject", ">estimated ms", ">measured ms", ">error");
        double[] estimated = new double[specs.size()];
        StringBuilder save = new StringBuilder();
        StringBuilder kernelRows = new StringBuilder("spec\tnode\tort_op\tmeasured_us\testimated_us\tkernel_class\n");
        for (int i = 0; i < specs.size(); i++) {
            Network net = nets.get(i);
            Latency latency = Latency.of(net, MemoryAccessCost.of(net), device);
            estimated[i] = latency.total();
            String key = specs.get(i).toString();
            if (kernels != null) {
                kernelRows(key, net, latency, ((OrtTimer) timer).kernels(net, 1, runs), kernelRows);
            }
            save.append(key).append('\t').append(measured[i] * 1e3).append('\n');
            t.row(net.name() + " (" + specs.get(i).getFileName() + ")", ms(estimated[i]), ms(measured[i]),
                    String.format(Locale.ROOT, "%+.0f%%", 100 * (estimated[i] - measured[i]) / measured[i]));
        }
        if (saveMeasurements != null) {
            Files.writeString(saveMeasurements, save, StandardCharsets.UTF_8);
        }
        if (kernels != null) {
            Files.writeString(kernels, kernelRows, StandardCharsets.UTF_8);
        }
        Agreement a = Agreement.of(estimated, measured);
        PrintWriter o = spec.commandLine().getOut();
        // a measurements file keeps times alone, not the runtime and threads that measured them
        o.println("estimates on " + device.name() + " against " + (measurementsFile == null ? runtime + " with " + threads
                + " thread" + (threads == 1 ? "" : "s") + " (median of " + runs + " runs, the fastest of " + rounds + " rounds)"
                : "the times measured in " + measurementsFile));
        o.print(t.text());
        o.printf(Locale.ROOT, "Spearman rank correlation %.3f, median absolute error %.1f%% over %d subjects%n",
                a.spearman(), 100 * a.medianAbsoluteError(), specs.size());
    }

    /**
     * A row per kernel ONNX Runtime's profiler reports, beside the estimate of the node it ran, and a
     * last row of the layout reorders. ONNX Runtime names a kernel after the last node it fused into
     * it (NAME_nchwc when it runs blocked), whose estimate is then that of the chain's first node; its
     * reorders are kernels of their own, which netspec charges to the nodes that read them.
     */
    private static void kernelRows(String spec, Network net, Latency latency, List<OrtTimer.Kernel> ran, StringBuilder rows) {
        double measuredReorders = 0;
        for (OrtTimer.Kernel k : ran) {
            if (k.op().startsWith("Reorder")) {
                measuredReorders += k.seconds();
                continue;
            }
            Latency.Estimate e = net.node(k.node().replaceFirst("_nchwc$", "")).map(n -> latency.of(latency.kernelNode(n)))
                    .orElse(null);
            rows.append(spec).append('\t').append(k.node()).append('\t').append(k.op()).append('\t')
                    .append(fixed(k.seconds() * 1e6)).append('\t')
                    .append(e == null ? "" : fixed(e.kernelSeconds() * 1e6)).append('\t')
                    .append(e == null ? "" : e.kernelClass().map(KernelClass::key).orElse("")).append('\n');
        }
        double estimatedReorders = latency.reorderSeconds();
        if (measuredReorders > 0 || estimatedReorders > 0) {
            rows.append(spec).append("\t(every reorder)\tReorderInput/ReorderOutput\t").append(fixed(measuredReorders * 1e6))
                    .append('\t').append(fixed(estimatedReorders * 1e6)).append("\treorder\n");
        }
    }

    /** The times --save-measurements wrote: spec, tab, milliseconds, a line each. */
    private static Map<String, Double> savedMeasurements(Path file) throws Exception {
        Map<String, Double> out = new HashMap<>();
        int line = 0;
        for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            line++;
            String[] parts = l.split("\t");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                out.put(parts[0], Double.parseDouble(parts[1]) * 1e-3);
            } catch (NumberFormatException e) {
                throw new UsageException(file + ":" + line + ": expected `spec<TAB>milliseconds`");
            }
        }
        return out;
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String ms(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds * 1e3);
    }

    private static double median(double[] values) {
        return new DescriptiveStatistics(values).getPercentile(50);
    }
}
