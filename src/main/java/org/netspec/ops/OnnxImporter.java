package org.netspec.ops;

import java.util.List;

/** How ONNX nodes of one operator type become netspec nodes of an operator ({@link Operator#onnxImporters}). */
@FunctionalInterface
public interface OnnxImporter {
    /**
     * The netspec nodes this ONNX node stands for (usually one).
     *
     * @throws OperatorException saying why this importer does not read the node
     */
    List<OnnxImport> read(OnnxReader node);
}
