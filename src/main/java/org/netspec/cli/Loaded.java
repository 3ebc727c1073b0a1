package org.netspec.cli;

import java.util.List;
import org.netspec.graph.Network;
import org.netspec.graph.NetworkBuilder;
import org.netspec.importer.OnnxModel;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.Expressions;
import org.netspec.spec.NetworkSpec;
import org.netspec.spec.SpecException;
import org.netspec.spec.SpecLoader;

/** A spec read, expanded and built (or an ONNX model imported) for a command, with the warnings found on the way. */
record Loaded(Network network, List<Diagnostic> warnings) {
    /**
     * @throws SpecException with every error, when the spec does not load or build
     */
    static Loaded of(SpecOptions options) throws SpecException {
        NetworkBuilder.Result result = build(options);
        if (result.hasErrors()) {
            throw new SpecException(result.diagnostics().stream().filter(Diagnostic::isError).toList());
        }
        return new Loaded(result.network().orElseThrow(),
                result.diagnostics().stream().filter(d -> !d.isError()).toList());
    }

    /**
     * The network of a spec, expanded and built, or of an ONNX model (a `.onnx` file), imported:
     * where every command reads its network.
     *
     * @throws SpecException when the file cannot be read
     */
    static NetworkBuilder.Result build(SpecOptions options) throws SpecException {
        if (OnnxModel.isOnnx(options.spec)) {
            return OnnxModel.load(options.spec, options.overrides(), options.limitOptions.importLimits()).result();
        }
        NetworkSpec spec = SpecLoader.load(options.spec, options.limits(), options.importRoots());
        return NetworkBuilder.build(spec, options.overrides(), options.limits(), new Expressions(options.limits()));
    }
}
