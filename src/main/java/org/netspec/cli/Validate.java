package org.netspec.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.netspec.graph.NetworkBuilder;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.Expressions;
import org.netspec.spec.NetworkSpec;
import org.netspec.spec.SpecLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code validate}: every problem of a spec, one line each. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a spec and report every problem, one line each. Exit 0 when it is valid (warnings allowed), "
                + "1 when a spec that loaded has problems, 2 when it cannot be read.")
final class Validate implements Callable<Integer> {
    @Mixin
    SpecOptions specOptions;

    @Override
    public Integer call() throws Exception {
        NetworkSpec spec = SpecLoader.load(specOptions.spec, specOptions.limits());
        NetworkBuilder.Result result = NetworkBuilder.build(spec, specOptions.overrides(), specOptions.limits(),
                new Expressions(specOptions.limits()));
        List<Diagnostic> diagnostics = result.diagnostics();
        diagnostics.forEach(d -> Main.err().println(d));
        long errors = diagnostics.stream().filter(Diagnostic::isError).count();
        if (errors > 0) {
            Main.err().println(errors + " error" + (errors == 1 ? "" : "s") + " in " + specOptions.spec);
            Main.err().flush();
            return 1;
        }
        Main.out().println(specOptions.spec + ": valid, " + result.network().orElseThrow().nodes().size() + " nodes"
                + (diagnostics.isEmpty() ? "" : ", " + diagnostics.size() + " warning" + (diagnostics.size() == 1 ? "" : "s")));
        Main.out().flush();
        Main.err().flush();
        return 0;
    }
}
