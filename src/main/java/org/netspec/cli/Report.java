package org.netspec.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Profile;
import org.netspec.device.DeviceProfile;
import org.netspec.report.DesignReview;
import org.netspec.report.SweepReport;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.VisibleText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code report}: the design-review page and its charts, written into a directory. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a self-contained HTML design review (summary, comparison, per-stage tables, charts, "
                + "warnings) and every chart as PNG and SVG into --out; given a sweep's results directory, its Pareto "
                + "fronts, distributions and front table.")
final class Report implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SubjectOptions subjects;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "directory for index.html and charts/")
    Path out;

    @Option(names = "--force", description = "write into a non-empty directory that netspec did not create")
    boolean force;

    @Mixin
    ProfileOption profileOption;

    @Mixin
    DeviceOption deviceOption;

    @Override
    public Integer call() throws Exception {
        if (subjects.specs.size() == 1 && Files.isRegularFile(subjects.specs.get(0).resolve(Sweep.MANIFEST))) {
            return sweepReport(subjects.specs.get(0));
        }
        Profile p = profileOption.profile;
        List<SubjectOptions.Subject> loaded = subjects.load();
        loaded.forEach(s -> s.inputNote().ifPresent(n -> spec.commandLine().getErr().println(VisibleText.escape("note: " + n))));
        long maxAnalysisSteps = subjects.limitOptions.limits().maxAnalysisSteps();
        Optional<DeviceProfile> device = deviceOption.profile();
        List<DesignReview.Entry> entries = loaded.stream().map(s -> {
            Analyses a = Analyses.of(s.loaded().network(), p, 4, maxAnalysisSteps);
            return new DesignReview.Entry(s.label(), device.map(a::withDevice).orElse(a),
                    s.loaded().warnings().stream().map(Diagnostic::toString).toList());
        }).toList();
        String command = "analyzer " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        Map<String, byte[]> files = new DesignReview(entries, command).files();
        OutputDirectory.write(out, files, force);
        spec.commandLine().getOut().println(VisibleText.escape("wrote " + out.resolve("index.html") + " and "
                + (files.size() - 1) + " chart files in " + out.resolve("charts")));
        return 0;
    }

    /** The page of a sweep's results directory (from {@code sweep} or {@code sweep merge}). */
    private int sweepReport(Path results) throws Exception {
        String command = "analyzer " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        OutputDirectory.write(out, new SweepReport(Sweep.read(results), command).files(), force);
        spec.commandLine().getOut().println(VisibleText.escape("wrote " + out.resolve("index.html")));
        return 0;
    }
}
