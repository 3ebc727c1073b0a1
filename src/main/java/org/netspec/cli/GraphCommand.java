package org.netspec.cli;

import java.util.concurrent.Callable;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Profile;
import org.netspec.report.GraphExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code graph}: the network as a DOT or GraphML graph. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Export the network graph as DOT (Graphviz) or GraphML, nodes labelled with op, shape and cost.")
final class GraphCommand implements Callable<Integer> {
    /** The graph formats. */
    enum Format { dot, graphml }

    @Spec
    CommandSpec spec;

    @Mixin
    SpecOptions specOptions;

    @Option(names = "--format", defaultValue = "dot", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Format format;

    @Mixin
    ProfileOption profileOption;

    @Override
    public Integer call() throws Exception {
        Profile p = profileOption.profile;
        Analyses analyses = Analyses.of(Loaded.of(specOptions).network(), p, 4);
        spec.commandLine().getOut().print(format == Format.dot ? GraphExport.dot(analyses) : GraphExport.graphml(analyses));
        return 0;
    }
}
