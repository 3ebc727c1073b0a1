package org.netspec.importer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.netspec.onnx.Onnx;
import org.netspec.ops.OnnxReader;
import org.netspec.ops.OperatorException;
import org.netspec.ops.Shape;

/** One ONNX node as the operators' importers read it: its attributes, and the graph around it as far as it is imported. */
final class NodeView implements OnnxReader {
    private final GraphIndex graph;
    private final Constants constants;
    private final Function<String, Optional<Shape>> shapes;
    private final int index;
    private final Onnx.NodeProto node;

    NodeView(GraphIndex graph, Constants constants, Function<String, Optional<Shape>> shapes, int index) {
        this.graph = graph;
        this.constants = constants;
        this.shapes = shapes;
        this.index = index;
        this.node = graph.nodes.get(index);
    }

    /** The node's position in the graph. */
    int index() {
        return index;
    }

    @Override
    public String name() {
        return node.getName();
    }

    @Override
    public String opType() {
        return node.getOpType();
    }

    @Override
    public long opset() {
        return graph.opset;
    }

    @Override
    public List<String> inputs() {
        return node.getInputList();
    }

    @Override
    public List<String> outputs() {
        return node.getOutputList();
    }

    @Override
    public boolean isRead(int output) {
        return output < node.getOutputCount() && !node.getOutput(output).isEmpty() && graph.readers(node.getOutput(output)) > 0;
    }

    private Optional<Onnx.AttributeProto> attribute(String name, Onnx.AttributeProto.AttributeType type) {
        Optional<Onnx.AttributeProto> a = graph.attribute(index, name);
        if (a.isPresent() && a.get().hasType() && a.get().getType() != type) {
            throw new OperatorException("its attribute `" + name + "` is " + a.get().getType() + ", not " + type);
        }
        return a;
    }

    @Override
    public Optional<Long> integer(String attribute) {
        return attribute(attribute, Onnx.AttributeProto.AttributeType.INT).map(Onnx.AttributeProto::getI);
    }

    @Override
    public Optional<List<Long>> integers(String attribute) {
        return attribute(attribute, Onnx.AttributeProto.AttributeType.INTS).map(Onnx.AttributeProto::getIntsList);
    }

    @Override
    public Optional<Double> number(String attribute) {
        return attribute(attribute, Onnx.AttributeProto.AttributeType.FLOAT).map(a -> Double.parseDouble(Float.toString(a.getF())));
    }

    @Override
    public Optional<String> text(String attribute) {
        return attribute(attribute, Onnx.AttributeProto.AttributeType.STRING).map(a -> a.getS().toString(StandardCharsets.UTF_8));
    }

    @Override
    public Optional<Shape> shape(String tensor) {
        return shapes.apply(tensor);
    }

    private Optional<Value> value(String tensor) {
        Optional<Value> v = constants.value(tensor);
        try {
            v.ifPresent(x -> Value.checkedCount(x.dims()));
        } catch (OperatorException e) {
            throw Value.about(tensor, e);
        }
        return v;
    }

    @Override
    public Optional<long[]> ints(String tensor) {
        return value(tensor).map(Value::longs);
    }

    @Override
    public Optional<float[]> floats(String tensor) {
        return value(tensor).map(Value::floats);
    }

    @Override
    public Optional<long[]> dims(String tensor) {
        return constants.value(tensor).map(Value::dims);
    }

    /** Stored as an initializer, directly or through Identity nodes (PyTorch's exporter writes one for parameters of equal values). */
    @Override
    public boolean isInitializer(String tensor) {
        String t = tensor;
        for (Integer p = graph.producer(t).orElse(null); p != null; p = graph.producer(t).orElse(null)) {
            if (!graph.nodes.get(p).getOpType().equals("Identity")) {
                return false;
            }
            t = graph.nodes.get(p).getInput(0);
        }
        return graph.initializers.containsKey(t);
    }

    @Override
    public int readers(String tensor) {
        return graph.readers(tensor);
    }

    @Override
    public Optional<OnnxReader> producer(String tensor) {
        return graph.producer(tensor).filter(p -> !constants.isConstantNode(p))
                .map(p -> new NodeView(graph, constants, shapes, p));
    }
}
