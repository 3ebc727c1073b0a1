package org.netspec.ops;

import java.util.List;
import java.util.Optional;

/**
 * An ONNX node as an operator's importer ({@link Operator#onnxImporters}) reads it, with the parts
 * of the graph around it that an importer may look at: the shapes of the tensors imported so far,
 * the values of constant tensors and the nodes that compute the tensors it reads. Implemented by
 * the importer, so no protobuf type reaches the operators.
 */
public interface OnnxReader {
    /** The node's name as the file gives it (may be empty). */
    String name();

    String opType();

    /** The version of the standard operator set the model imports. */
    long opset();

    /** The tensors read, in order; an omitted optional input is the empty string. */
    List<String> inputs();

    /** The tensors written, in order. */
    List<String> outputs();

    /** Whether output {@code index} exists and is read by another node or is a graph output. */
    boolean isRead(int index);

    Optional<Long> integer(String attribute);

    Optional<List<Long>> integers(String attribute);

    /** A float attribute, as the shortest decimal that reads back as the same float (1e-3f is 0.001). */
    Optional<Double> number(String attribute);

    Optional<String> text(String attribute);

    /** The input at {@code port}, when the node has it and it is not omitted. */
    default Optional<String> input(int port) {
        return port < inputs().size() && !inputs().get(port).isEmpty() ? Optional.of(inputs().get(port)) : Optional.empty();
    }

    /** The shape of a tensor already imported (a graph input or a node's output); empty otherwise. */
    Optional<Shape> shape(String tensor);

    /** The elements of a constant integer tensor (stored, or computed from constants and shapes); empty when not constant. */
    Optional<long[]> ints(String tensor);

    /** The elements of a constant floating-point tensor; empty when not constant. */
    Optional<float[]> floats(String tensor);

    /** The dimensions of a constant tensor (a weight), without reading its elements; empty when not constant. */
    Optional<long[]> dims(String tensor);

    /** Whether a tensor is stored in the graph as an initializer (a trained parameter), not computed by a node. */
    boolean isInitializer(String tensor);

    /** How many nodes read a tensor, counting a graph output as one more: a pattern takes in only what it alone reads. */
    int readers(String tensor);

    /**
     * The node that computes a tensor that is not constant, for importers that read a pattern of
     * several nodes back from its last one; empty for graph inputs and constants.
     */
    Optional<OnnxReader> producer(String tensor);

    /** The shape of input {@code port}, or the reason the node cannot be read without it. */
    default Shape inputShape(int port) {
        String tensor = input(port).orElseThrow(() -> new OperatorException("input " + (port + 1) + " is missing"));
        return shape(tensor).orElseThrow(() -> new OperatorException("reads `" + tensor + "`, which is not a tensor "
                + "netspec computes"));
    }

    /** The integer attribute, or {@code fallback} when absent. */
    default long integer(String attribute, long fallback) {
        return integer(attribute).orElse(fallback);
    }

    /** The elements of constant input {@code port}, or the reason the node cannot be read without them. */
    default long[] constantInts(int port) {
        String tensor = input(port).orElseThrow(() -> new OperatorException("input " + (port + 1) + " is missing"));
        return ints(tensor).orElseThrow(() -> new OperatorException("input " + (port + 1) + " `" + tensor
                + "` is not a constant integer tensor"));
    }
}
