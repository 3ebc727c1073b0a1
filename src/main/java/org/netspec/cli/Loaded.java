package org.netspec.cli;

import java.util.List;
import org.netspec.graph.Network;
import org.netspec.graph.NetworkBuilder;
import org.netspec.graph.Specs;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.SpecException;

/** A spec read, expanded and built for a command, with the warnings found on the way. */
record Loaded(Network network, List<Diagnostic> warnings) {
    /**
     * @throws SpecException with every error, when the spec does not load or build
     */
    static Loaded of(SpecOptions options) throws SpecException {
        NetworkBuilder.Result result = Specs.build(options.spec, options.overrides(), options.limits(), options.importRoots());
        return new Loaded(result.orThrow(), result.warnings());
    }
}
