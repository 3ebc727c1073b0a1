package org.netspec.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Profile;
import org.netspec.graph.NetworkBuilder;
import org.netspec.report.ReviewWarnings;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.VisibleText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

/** {@code validate}: every problem of a spec, one line each. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a spec and report every problem, one line each, and the design-review warnings "
                + "(gridding, ShuffleNet V2 guidelines). Exit 0 when it is valid (warnings allowed), "
                + "1 when a spec that loaded has problems, 2 when it cannot be read.")
final class Validate implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    SpecOptions specOptions;

    @Mixin
    WarningsOption warningsOption;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NetworkBuilder.Result result = Loaded.build(specOptions);
        List<Diagnostic> diagnostics = result.diagnostics();
        diagnostics.stream().filter(d -> d.isError() || warningsOption.shows()).forEach(err::println);
        long errors = diagnostics.stream().filter(Diagnostic::isError).count();
        if (errors > 0) {
            err.println(VisibleText.escape(errors + " error" + (errors == 1 ? "" : "s") + " in " + specOptions.spec));
            return 1;
        }
        Analyses analyses = Analyses.of(result.network().orElseThrow(), Profile.STANDARD, 4);
        warningsOption.print(err, analyses);
        int warnings = diagnostics.size() + ReviewWarnings.of(analyses).size();
        out.println(VisibleText.escape(specOptions.spec + ": valid, " + result.network().orElseThrow().nodes().size()
                + " nodes" + (warnings == 0 ? "" : ", " + warnings + " warning" + (warnings == 1 ? "" : "s"))));
        return 0;
    }
}
