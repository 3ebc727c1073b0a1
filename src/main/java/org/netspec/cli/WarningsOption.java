package org.netspec.cli;

import java.io.PrintWriter;
import java.util.List;
import org.netspec.analysis.Analyses;
import org.netspec.report.ReviewWarnings;
import org.netspec.spec.VisibleText;
import picocli.CommandLine.Option;

/** {@code --warnings}: how the spec's and the design review's warnings reach standard error. */
final class WarningsOption {
    /** Repeated findings on one line, every finding on its own line, or no warning lines. */
    enum Detail { summary, all, none }

    @Option(names = "--warnings", defaultValue = "summary", paramLabel = "DETAIL",
            description = "warnings on standard error: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}: "
                    + "repeated findings grouped on one line)")
    Detail detail;

    /** Whether warning lines are printed at all. */
    boolean shows() {
        return detail != Detail.none;
    }

    /** Prints the design review's warnings, each with its location. */
    void print(PrintWriter err, Analyses analyses) {
        if (!shows()) {
            return;
        }
        List<ReviewWarnings.Line> review = detail == Detail.all ? ReviewWarnings.located(analyses) : ReviewWarnings.grouped(analyses);
        review.forEach(line -> err.println(VisibleText.escape(line.toString())));
    }
}
