package org.netspec.importer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import org.netspec.onnx.Onnx;
import org.netspec.onnx.Onnx.TensorProto;
import org.netspec.ops.OperatorException;
import org.netspec.ops.Shape;

/**
 * The tensors a model knows before it runs: initializers, Constant nodes, and what the shape
 * arithmetic exporters write (Shape, Gather, Concat, Slice, Reshape, Cast, ...) computes from them
 * and from the static shapes of the network's tensors. These nodes are evaluated at import, not
 * read as operators; a node of another type, or one reading a tensor the network computes (other
 * than its shape), is not constant.
 */
final class Constants {
    private static final Set<String> FOLDED = Set.of("Constant", "Identity", "Shape", "Gather", "Unsqueeze", "Squeeze",
            "Concat", "Reshape", "Slice", "Transpose", "Cast", "ConstantOfShape", "Add", "Sub", "Mul", "Div", "Neg", "Floor",
            "Ceil");

    private final GraphIndex graph;
    private final TensorData data;
    private final Function<String, Optional<Shape>> shapes;
    private final boolean[] constant;
    private final Map<String, Value> values = new HashMap<>();

    /**
     * @param shapes the shapes of the tensors the network computes, as far as they are known yet
     */
    Constants(GraphIndex graph, TensorData data, Function<String, Optional<Shape>> shapes) {
        this.graph = graph;
        this.data = data;
        this.shapes = shapes;
        constant = new boolean[graph.nodes.size()];
        for (int i = 0; i < constant.length; i++) {
            Onnx.NodeProto n = graph.nodes.get(i);
            boolean c = graph.isStandard(i) && FOLDED.contains(n.getOpType()) && n.getOutputCount() == 1;
            for (int port = 0; c && port < n.getInputCount(); port++) {
                String in = n.getInput(port);
                c = in.isEmpty() || isConstant(in) || n.getOpType().equals("Shape");
            }
            constant[i] = c;
        }
    }

    /** Whether the node is evaluated at import rather than read as an operator. */
    boolean isConstantNode(int node) {
        return constant[node];
    }

    boolean isConstant(String tensor) {
        return graph.initializers.containsKey(tensor) || graph.producer(tensor).map(n -> constant[n]).orElse(false);
    }

    /**
     * The value of a constant tensor; empty when it is not constant, or depends on the shape of a
     * tensor not imported yet.
     *
     * @throws OperatorException when its stored data is malformed or a node computing it cannot be evaluated
     */
    Optional<Value> value(String tensor) {
        Value known = values.get(tensor);
        if (known != null) {
            return Optional.of(known);
        }
        Value v;
        Onnx.TensorProto stored = graph.initializers.get(tensor);
        if (stored != null) {
            v = stored(stored);
        } else {
            Integer node = graph.producer(tensor).filter(n -> constant[n]).orElse(null);
            if (node == null) {
                return Optional.empty();
            }
            try {
                v = evaluate(node);
            } catch (OperatorException e) {
                throw Value.about(tensor, e);
            }
            if (v == null) {
                return Optional.empty();
            }
        }
        values.put(tensor, v);
        return Optional.of(v);
    }

    Value stored(TensorProto t) {
        long[] dims = TensorData.dims(t);
        TensorData.elements(dims, t.getName());
        if (TensorData.isExternal(t)) {
            data.locate(t);
        }
        return Value.stored(dims, TensorData.isFloat(t.getDataType()), () -> data.values(t));
    }

    /** The node's value; null when it needs the shape of a tensor not imported yet. */
    private Value evaluate(int node) {
        Onnx.NodeProto n = graph.nodes.get(node);
        String op = n.getOpType();
        if (op.equals("Constant")) {
            return constantValue(node);
        }
        if (op.equals("Shape")) {
            return shapeOf(node, n.getInput(0));
        }
        List<Value> in = new ArrayList<>();
        for (String t : n.getInputList()) {
            if (t.isEmpty()) {
                in.add(null);
                continue;
            }
            Value v = value(t).orElse(null);
            if (v == null) {
                return null;
            }
            in.add(v);
        }
        try {
            return switch (op) {
                case "Identity" -> in.get(0);
                case "Gather" -> Folding.gather(in.get(0), in.get(1), (int) integer(node, "axis", 0));
                case "Unsqueeze" -> Folding.unsqueeze(in.get(0), axes(node, in));
                case "Squeeze" -> Folding.squeeze(in.get(0), axes(node, in));
                case "Concat" -> Folding.concat(in, (int) integer(node, "axis", 0));
                case "Reshape" -> Folding.reshape(in.get(0), in.get(1).longs());
                case "Slice" -> Folding.slice(in.get(0), in.get(1).longs(), in.get(2).longs(),
                        in.size() > 3 && in.get(3) != null ? in.get(3).longs() : null,
                        in.size() > 4 && in.get(4) != null ? in.get(4).longs() : null);
                case "Transpose" -> Folding.transpose(in.get(0), graph.attribute(node, "perm")
                        .map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray()).orElse(null));
                case "Cast" -> Folding.cast(in.get(0), (int) integer(node, "to", TensorProto.DataType.FLOAT_VALUE));
                case "ConstantOfShape" -> Folding.filled(in.get(0).longs(), graph.attribute(node, "value")
                        .map(a -> stored(a.getT())).orElse(Value.of(new long[] {1}, true, new double[] {0})));
                case "Add" -> Folding.broadcast(in.get(0), in.get(1), Double::sum);
                case "Sub" -> Folding.broadcast(in.get(0), in.get(1), (a, b) -> a - b);
                case "Mul" -> Folding.broadcast(in.get(0), in.get(1), (a, b) -> a * b);
                case "Div" -> Folding.broadcast(in.get(0), in.get(1), divide(in.get(0).floating()));
                case "Neg" -> Folding.map(in.get(0), x -> -x);
                case "Floor" -> Folding.map(in.get(0), Math::floor);
                case "Ceil" -> Folding.map(in.get(0), Math::ceil);
                default -> throw new IllegalStateException(op);
            };
        } catch (IndexOutOfBoundsException | NullPointerException e) {
            throw new OperatorException(graph.describe(node) + " lacks an input or attribute it needs");
        }
    }

    private static DoubleBinaryOperator divide(boolean floating) {
        return floating ? (a, b) -> a / b : (a, b) -> {
            if (b == 0) {
                throw new OperatorException("an integer division by zero");
            }
            return (long) a / (long) b;
        };
    }

    private Value constantValue(int node) {
        Onnx.NodeProto n = graph.nodes.get(node);
        for (Onnx.AttributeProto a : n.getAttributeList()) {
            switch (a.getName()) {
                case "value" -> {
                    return stored(a.getT());
                }
                case "value_float" -> {
                    return Value.of(new long[0], true, new double[] {a.getF()});
                }
                case "value_floats" -> {
                    return Value.of(new long[] {a.getFloatsCount()}, true, a.getFloatsList().stream().mapToDouble(f -> f).toArray());
                }
                case "value_int" -> {
                    return Value.of(new long[0], false, new double[] {a.getI()});
                }
                case "value_ints" -> {
                    return Value.of(new long[] {a.getIntsCount()}, false, a.getIntsList().stream().mapToDouble(i -> i).toArray());
                }
                default -> {
                    // other attributes (sparse values, strings) are not numbers netspec reads
                }
            }
        }
        throw new OperatorException(graph.describe(node) + " holds no numeric value");
    }

    private Value shapeOf(int node, String tensor) {
        long[] dims;
        if (isConstant(tensor)) {
            dims = value(tensor).map(Value::dims).orElse(null);
        } else {
            dims = shapes.apply(tensor).map(s -> s.toList().stream().mapToLong(Long::longValue).toArray()).orElse(null);
        }
        if (dims == null) {
            return null;
        }
        int rank = dims.length;
        int start = (int) Math.max(0, Math.min(rank, normalise(integer(node, "start", 0), rank)));
        int end = (int) Math.max(start, Math.min(rank, normalise(integer(node, "end", rank), rank)));
        return Value.vector(Arrays.copyOfRange(dims, start, end));
    }

    private static long normalise(long axis, int rank) {
        return axis < 0 ? axis + rank : axis;
    }

    private long integer(int node, String attribute, long fallback) {
        return graph.attribute(node, attribute).map(Onnx.AttributeProto::getI).orElse(fallback);
    }

    /** Axes from the attribute (before opset 13) or the second input (from 13). */
    private long[] axes(int node, List<Value> in) {
        return graph.attribute(node, "axes").map(a -> a.getIntsList().stream().mapToLong(Long::longValue).toArray())
                .orElseGet(() -> in.size() > 1 && in.get(1) != null ? in.get(1).longs() : null);
    }
}
