package org.netspec.export;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.netspec.graph.Node;
import org.netspec.onnx.Onnx.AttributeProto;
import org.netspec.onnx.Onnx.GraphProto;
import org.netspec.onnx.Onnx.NodeProto;
import org.netspec.onnx.Onnx.TensorProto;
import org.netspec.ops.OnnxWriter;
import org.netspec.ops.Shape;
import org.netspec.ops.Weight;

/**
 * The ONNX graph being written: nodes, initializers and the names already taken. Each netspec
 * node is written through an {@link OnnxWriter} bound to it, which names its values, turns its
 * weights into initializers and checks that the mapping wrote the node's output and used every
 * weight.
 */
final class OnnxGraph {
    private final Function<Node, List<float[]>> weights;
    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> values = new HashSet<>();

    OnnxGraph(Function<Node, List<float[]>> weights) {
        this.weights = weights;
    }

    GraphProto.Builder proto() {
        return graph;
    }

    /** The value a max-pool writes its arg-max indices to. */
    static String indicesOf(Node n) {
        return n.name() + "/indices";
    }

    /**
     * Writes one node with its operator's mapping.
     *
     * @throws ExportException when the operator refuses, or a name it needs is taken
     */
    void write(Node n) {
        Writer w = new Writer(n);
        if (n.inputs().isEmpty()) {
            claim(n, n.name());
        }
        n.op().toOnnx(n.attributes(), n.inputShapes(), n.shape(), w);
        if (!values.contains(n.name())) {
            throw new IllegalStateException("the ONNX mapping of `" + n.op().name() + "` did not write `" + n.name() + "`");
        }
        if (!w.unused.isEmpty()) {
            throw new IllegalStateException("the ONNX mapping of `" + n.op().name() + "` left weights " + w.unused.keySet()
                    + " of `" + n.name() + "` out");
        }
    }

    private void claim(Node n, String value) {
        if (!values.add(value)) {
            throw new ExportException("cannot export `" + n.name() + "` to ONNX: the name `" + value
                    + "` is already taken by another value");
        }
    }

    /** The writer bound to one netspec node. */
    private final class Writer implements OnnxWriter {
        private final Node node;
        private final Map<String, Integer> unused = new LinkedHashMap<>();
        private final List<Weight> declared;
        private List<float[]> values;

        Writer(Node node) {
            this.node = node;
            this.declared = node.op().weights(node.attributes(), node.inputShapes());
            for (int i = 0; i < declared.size(); i++) {
                unused.put(declared.get(i).name(), i);
            }
        }

        @Override
        public String input(int port) {
            return node.inputs().get(port).name();
        }

        @Override
        public String output() {
            return node.name();
        }

        @Override
        public String value(String role) {
            return node.name() + "/" + role;
        }

        @Override
        public String indicesOf(int port) {
            return OnnxGraph.indicesOf(node.inputs().get(port));
        }

        @Override
        public List<Shape> shapesReadBy(int port) {
            return node.inputs().get(port).inputShapes();
        }

        @Override
        public String indicesOutput() {
            return OnnxGraph.indicesOf(node);
        }

        @Override
        public String weight(String name) {
            return weight(name, (long[]) null);
        }

        @Override
        public String weight(String name, long... dims) {
            Integer index = unused.remove(name);
            if (index == null) {
                throw new IllegalArgumentException("`" + node.op().name() + "` has no weight `" + name + "` left to write");
            }
            if (values == null) {
                values = weights.apply(node);
            }
            Weight w = declared.get(index);
            float[] v = values.get(index);
            String initializer = node.name() + "." + name;
            Shape stored = dims == null ? w.shape() : Shape.of(dims);
            if (v.length != w.shape().elements() || stored.elements() != w.shape().elements()) {
                throw new IllegalArgumentException(v.length + " values for weight `" + initializer + "` of shape "
                        + w.shape() + ", stored as " + stored);
            }
            ByteBuffer raw = ByteBuffer.allocate(Float.BYTES * v.length).order(ByteOrder.LITTLE_ENDIAN);
            raw.asFloatBuffer().put(v);
            claim(node, initializer);
            graph.addInitializer(TensorProto.newBuilder().setName(initializer).setDataType(TensorProto.DataType.FLOAT_VALUE)
                    .addAllDims(stored.toList()).setRawData(ByteString.copyFrom(raw.array())));
            return initializer;
        }

        @Override
        public String ints(String role, long... v) {
            TensorProto.Builder t = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE).addDims(v.length);
            for (long x : v) {
                t.addInt64Data(x);
            }
            return constant(role, t);
        }

        @Override
        public String floats(String role, float... v) {
            TensorProto.Builder t = TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE).addDims(v.length);
            for (float x : v) {
                t.addFloatData(x);
            }
            return constant(role, t);
        }

        @Override
        public String scalar(String role, float v) {
            return constant(role, TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(v));
        }

        private String constant(String role, TensorProto.Builder t) {
            String name = value(role);
            claim(node, name);
            graph.addNodeBuilder().setName(name).setOpType("Constant").addOutput(name).addAttribute(AttributeProto.newBuilder()
                    .setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(t));
            return name;
        }

        @Override
        public OnnxNode node(String opType, List<String> inputs, String... outputs) {
            for (String out : outputs) {
                claim(node, out);
            }
            return new NodeAttributes(graph.addNodeBuilder().setName(outputs[0]).setOpType(opType).addAllInput(inputs)
                    .addAllOutput(List.of(outputs)));
        }

        @Override
        public RuntimeException unsupported(String reason) {
            return new ExportException("cannot export `" + node.name() + "` (" + node.op().name() + ") to ONNX: " + reason);
        }
    }

    /** The attributes of a node being written. */
    private record NodeAttributes(NodeProto.Builder node) implements OnnxWriter.OnnxNode {
        @Override
        public OnnxWriter.OnnxNode attribute(String name, long value) {
            node.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value));
            return this;
        }

        @Override
        public OnnxWriter.OnnxNode attribute(String name, float value) {
            node.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value));
            return this;
        }

        @Override
        public OnnxWriter.OnnxNode attribute(String name, String value) {
            node.addAttribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                    .setS(ByteString.copyFromUtf8(value)));
            return this;
        }

        @Override
        public OnnxWriter.OnnxNode ints(String name, long... values) {
            AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
            for (long v : values) {
                a.addInts(v);
            }
            node.addAttribute(a);
            return this;
        }
    }
}
