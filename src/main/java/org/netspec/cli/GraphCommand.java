package org.netspec.cli;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Profile;
import org.netspec.report.GraphExport;
import org.netspec.report.Graphviz;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code graph}: the network as a DOT or GraphML graph, or drawn by Graphviz as SVG or PNG. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Export the network graph as DOT (Graphviz) or GraphML, nodes labelled with op, window settings, "
                + "shape and cost, block instances as clusters; or draw it as SVG or PNG with Graphviz's `dot`.")
final class GraphCommand implements Callable<Integer> {
    /** The graph formats: text for other tools, or drawn by Graphviz. */
    enum Format { dot, graphml, svg, png }

    @Spec
    CommandSpec spec;

    @Mixin
    SpecOptions specOptions;

    @Option(names = "--format", defaultValue = "dot", description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); "
            + "svg and png need Graphviz's `dot` on the PATH")
    Format format;

    @Option(names = "--depth", paramLabel = "N", description = "draw block instances nested deeper than N as one node "
            + "each (0: every block of the network file is one node; default: every layer)")
    Integer depth;

    @Mixin
    ProfileOption profileOption;

    @Override
    public Integer call() throws Exception {
        if (depth != null && depth < 0) {
            throw new UsageException("--depth must be 0 or more, got " + depth);
        }
        Profile p = profileOption.profile;
        Analyses analyses = Analyses.of(Loaded.of(specOptions).network(), p, 4);
        if (format == Format.graphml) {
            spec.commandLine().getOut().print(GraphExport.graphml(analyses));
            return 0;
        }
        String dot = GraphExport.dot(analyses, depth == null ? Integer.MAX_VALUE : depth);
        if (format == Format.dot) {
            spec.commandLine().getOut().print(dot);
            return 0;
        }
        Optional<byte[]> drawn = Graphviz.render(dot, format.name());
        if (drawn.isEmpty()) {
            spec.commandLine().getErr().println("analyzer: --format " + format + " needs Graphviz's `" + Graphviz.PROGRAM
                    + "` on the PATH (Debian: apt-get install graphviz); --format dot writes the graph for it");
            return 2;
        }
        if (format == Format.svg) {
            spec.commandLine().getOut().print(new String(drawn.get(), StandardCharsets.UTF_8));
        } else {
            // PNG is binary: it bypasses the text writer.
            spec.commandLine().getOut().flush();
            System.out.write(drawn.get());
            System.out.flush();
        }
        return 0;
    }
}
