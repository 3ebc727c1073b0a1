package org.netspec.ops;

import java.util.List;

/**
 * What an operator's ONNX mapping ({@link Operator#toOnnx}) writes into the graph of one node:
 * standard ONNX nodes (opset 17), constant inputs and references to the node's weights. Values are
 * named by strings; the node's output value is named after the node. Implemented by the exporter,
 * so no protobuf type reaches the operators.
 */
public interface OnnxWriter {
    /** A node being written: attributes are added to it in the order of the calls. */
    interface OnnxNode {
        OnnxNode attribute(String name, long value);

        OnnxNode attribute(String name, float value);

        OnnxNode attribute(String name, String value);

        OnnxNode ints(String name, long... values);
    }

    /** The value read on input {@code port} of the netspec node. */
    String input(int port);

    /** The value the netspec node produces: the last node written must write it. */
    String output();

    /** A new value of this node's, for a step between its inputs and its output ({@code <node>/<role>}). */
    String value(String role);

    /** The arg-max indices written beside the output of the max-pool read on input {@code port}. */
    String indicesOf(int port);

    /** The input shapes of the node read on input {@code port}. */
    List<Shape> shapesReadBy(int port);

    /** The value this node writes its own arg-max indices to. */
    String indicesOutput();

    /** The initializer holding this node's weight {@code name} (as {@link Operator#weights} declares it). */
    String weight(String name);

    /** The same, stored in another shape of as many elements (a PReLU slope as [C, 1, 1] broadcasts over H and W). */
    String weight(String name, long... dims);

    /** A constant int64 vector, written as a {@code Constant} node (weights alone are initializers). */
    String ints(String role, long... values);

    /** A constant float vector. */
    String floats(String role, float... values);

    /** A constant float scalar (rank 0). */
    String scalar(String role, float value);

    /** Writes a node of the standard ONNX domain; it is named after its first output. */
    OnnxNode node(String opType, List<String> inputs, String... outputs);

    /** Why this node cannot be exported, as an exception to throw. */
    RuntimeException unsupported(String reason);
}
