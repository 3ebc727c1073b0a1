package org.netspec.cli;

import java.util.List;
import org.netspec.graph.Network;
import org.netspec.graph.NetworkBuilder;
import org.netspec.graph.Specs;
import org.netspec.importer.OnnxModel;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.ExpressionWarmUp;
import org.netspec.spec.SpecException;

/** A spec read, expanded and built (or an ONNX model imported) for a command, with the warnings found on the way. */
record Loaded(Network network, List<Diagnostic> warnings) {
    /**
     * @throws SpecException with every error, when the spec does not load or build
     */
    static Loaded of(SpecOptions options) throws SpecException {
        NetworkBuilder.Result result = build(options);
        return new Loaded(result.orThrow(), result.warnings());
    }

    /**
     * The network of a spec, expanded and built, or of an ONNX model (a `.onnx` file), imported:
     * where every command reads its network.
     *
     * @throws SpecException when the file cannot be read
     */
    static NetworkBuilder.Result build(SpecOptions options) throws SpecException {
        if (OnnxModel.isOnnx(options.spec)) {
            ExpressionWarmUp.await(); // protobuf's classes are initialised by one thread at a time
            return OnnxModel.load(options.spec, options.overrides(), options.limitOptions.importLimits()).result();
        }
        return Specs.build(options.spec, options.overrides(), options.limits(), options.importRoots());
    }
}
