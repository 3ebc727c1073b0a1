package org.netspec.cli;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Profile;
import org.netspec.device.DeviceProfile;
import org.netspec.report.Comparison;
import org.netspec.spec.VisibleText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code compare}: several specs, or one spec under several variants, side by side with ratios. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare two or more specs, or one spec under several --variant values: a verdict in words, then "
                + "input and output shapes, totals, receptive field, gridding, warnings, operators and shared blocks side by "
                + "side, with ratios to the first. Block files run on the first spec's input when they build on it.")
final class Compare implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SubjectOptions subjects;

    @Mixin
    ProfileOption profileOption;

    @Mixin
    DeviceOption deviceOption;

    @Option(names = "--format", defaultValue = "table", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    TableFormat format;

    @Override
    public Integer call() throws Exception {
        Profile p = profileOption.profile;
        List<SubjectOptions.Subject> loaded = subjects.load();
        if (loaded.size() < 2) {
            throw new UsageException("compare needs two specs or more, or one spec with two --variant values or more");
        }
        loaded.forEach(s -> s.inputNote().ifPresent(n -> spec.commandLine().getErr().println(VisibleText.escape("note: " + n))));
        Optional<DeviceProfile> device = deviceOption.profile();
        Comparison comparison = new Comparison(loaded.stream().map(s -> {
            Analyses a = Analyses.of(s.loaded().network(), p, 4);
            return new Comparison.Subject(s.label(), device.map(a::withDevice).orElse(a));
        }).toList());
        spec.commandLine().getOut().print(switch (format) {
            case table -> VisibleText.escapeLines(comparison.text());
            case markdown -> VisibleText.escapeLines(comparison.markdown());
            case csv -> comparison.csv();
            case json -> comparison.json();
        });
        return 0;
    }
}
