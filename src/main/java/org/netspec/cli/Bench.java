package org.netspec.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.Profile;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;
import org.netspec.report.Table;
import org.netspec.spec.NetworkSpec;
import org.netspec.spec.SpecLoader;
import org.netspec.spec.VisibleText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench}: times load, expand + build and the analyses of a spec in a warm JVM, each phase
 * separately, after warm-up runs. Every run starts from the file and a fresh expression cache,
 * as a new command would.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time loading, expanding and building, and analysing a spec in a warm JVM (median and spread).")
final class Bench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecOptions specOptions;

    @Option(names = "--warmup", defaultValue = "30", description = "runs before measuring (default ${DEFAULT-VALUE})")
    int warmup;

    @Option(names = "--runs", defaultValue = "100", description = "measured runs (default ${DEFAULT-VALUE})")
    int runs;

    @Override
    public Integer call() throws Exception {
        Run.requireRuns("--warmup", warmup, 0);
        Run.requireRuns("--runs", runs, 1);
        DescriptiveStatistics load = new DescriptiveStatistics();
        DescriptiveStatistics build = new DescriptiveStatistics();
        DescriptiveStatistics count = new DescriptiveStatistics();
        DescriptiveStatistics total = new DescriptiveStatistics();
        long nodes = 0;
        for (int i = 0; i < warmup + runs; i++) {
            long t0 = System.nanoTime();
            NetworkSpec loaded = SpecLoader.load(specOptions.spec, specOptions.limits(), specOptions.importRoots());
            long t1 = System.nanoTime();
            Network network = Specs.build(loaded, specOptions.overrides(), specOptions.limits()).orThrow();
            long t2 = System.nanoTime();
            Analyses analyses = Analyses.of(network, Profile.STANDARD, 4).complete();
            analyses.costs().rollup(Grouping.BLOCK);
            long t3 = System.nanoTime();
            if (i >= warmup) {
                load.addValue((t1 - t0) / 1e6);
                build.addValue((t2 - t1) / 1e6);
                count.addValue((t3 - t2) / 1e6);
                total.addValue((t3 - t0) / 1e6);
            }
            nodes = network.nodes().size();
        }
        Table t = new Table("phase", ">median ms", ">p10 ms", ">p90 ms", ">min ms");
        row(t, "load (YAML, imports)", load);
        row(t, "expand + build (shapes)", build);
        row(t, "analyses (counts, memory, RF, gridding, guidelines)", count);
        row(t, "total", total);
        PrintWriter out = spec.commandLine().getOut();
        out.println(VisibleText.escape(specOptions.spec + ": " + nodes + " nodes; " + warmup + " warm-up runs, " + runs
                + " measured runs"));
        out.print(t.text());
        return 0;
    }

    private static void row(Table t, String name, DescriptiveStatistics s) {
        t.row(name, fmt(s.getPercentile(50)), fmt(s.getPercentile(10)), fmt(s.getPercentile(90)), fmt(s.getMin()));
    }

    private static String fmt(double ms) {
        return String.format(Locale.ROOT, "%.3f", ms);
    }
}
