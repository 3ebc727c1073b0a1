package org.netspec.importer;

import java.util.List;
import org.netspec.ops.Attributes;
import org.netspec.ops.OnnxImport;
import org.netspec.ops.Operator;
import org.netspec.ops.Shape;
import org.netspec.ops.Weight;

/**
 * One netspec node made from ONNX: the node that ends its pattern (the anchor; -1 for a graph
 * input), how it was read, its checked attributes, the nodes it reads, its shape and weights, and
 * the name it is given once every node is known.
 */
final class Made {
    final int anchor;
    final String source;
    final Operator op;
    final Attributes attributes;
    final List<Made> inputs;
    final Shape shape;
    final List<Weight> weights;
    final OnnxImport reading;
    /** The ONNX tensors it computes. */
    final List<String> tensors;
    String name;

    /**
     * @param source the name its netspec name derives from: the ONNX node's (with the part of a
     *     node read as several) or the graph input's
     */
    Made(int anchor, String source, Operator op, Attributes attributes, List<Made> inputs, Shape shape, List<Weight> weights,
            OnnxImport reading, List<String> tensors) {
        this.anchor = anchor;
        this.source = source;
        this.op = op;
        this.attributes = attributes;
        this.inputs = List.copyOf(inputs);
        this.shape = shape;
        this.weights = List.copyOf(weights);
        this.reading = reading;
        this.tensors = List.copyOf(tensors);
    }
}
