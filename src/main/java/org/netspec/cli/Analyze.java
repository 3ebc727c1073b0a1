package org.netspec.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.Profile;
import org.netspec.report.NetworkReport;
import org.netspec.spec.Diagnostic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code analyze}: the counts of a network, per layer, block or stage. */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Count parameters, buffers, MACs and other operations of a network, per layer, block or stage.")
final class Analyze implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Rollups, named as on the command line. */
    enum By { layer, block, stage, op }

    @Mixin
    SpecOptions specOptions;

    @Mixin
    ProfileOption profileOption;

    @Option(names = "--element-bytes", defaultValue = "4",
            description = "bytes per tensor element for memory figures (default ${DEFAULT-VALUE}, float32)")
    int elementBytes;

    @Option(names = "--rf-from", paramLabel = "NODE",
            description = "measure receptive fields from this node (e.g. a block's input) instead of the network input")
    String rfFrom;

    @Option(names = "--by", defaultValue = "layer", description = "rows per ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    By by;

    @Option(names = "--depth", paramLabel = "N",
            description = "with --by block: rows per block nested N deep (1: the instances written in the network file)")
    Integer depth;

    @Mixin
    DeviceOption deviceOption;

    @Mixin
    WarningsOption warningsOption;

    @Option(names = "--format", defaultValue = "table", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    TableFormat format;

    @Override
    public Integer call() throws Exception {
        Profile p = profileOption.profile;
        if (elementBytes < 1 || elementBytes > 64) {
            throw new UsageException("--element-bytes must be between 1 and 64, got " + elementBytes);
        }
        Loaded loaded = Loaded.of(specOptions);
        Analyses analyses = Analyses.of(loaded.network(), p, elementBytes, specOptions.limits().maxAnalysisSteps());
        if (rfFrom != null) {
            analyses = analyses.withReceptiveFieldFrom(loaded.network().node(rfFrom).filter(n -> n.shape().isFeatureMap())
                    .orElseThrow(() -> new UsageException("--rf-from " + rfFrom + ": no feature-map node of that name in "
                            + loaded.network().name())));
        }
        analyses = deviceOption.profile().map(analyses::withDevice).orElse(analyses);
        List<String> warnings = loaded.warnings().stream().map(Diagnostic::toString).toList();
        NetworkReport report = new NetworkReport(analyses, warnings);
        if (depth != null && (by != By.block || depth < 1)) {
            throw new UsageException("--depth takes a depth of at least 1, with --by block");
        }
        Grouping grouping = by == By.block && depth != null ? Grouping.block(depth) : Grouping.valueOf(by.name().toUpperCase());
        String out = switch (format) {
            case table -> report.text(grouping);
            case markdown -> report.markdown(grouping);
            case csv -> report.csv(grouping);
            case json -> report.json();
        };
        spec.commandLine().getOut().print(out);
        spec.commandLine().getOut().flush();
        if (warningsOption.shows()) {
            loaded.warnings().forEach(spec.commandLine().getErr()::println);
        }
        warningsOption.print(spec.commandLine().getErr(), analyses);
        return 0;
    }
}
