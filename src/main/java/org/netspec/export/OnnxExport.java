package org.netspec.export;

import java.util.List;
import java.util.function.Function;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.onnx.Onnx.GraphProto;
import org.netspec.onnx.Onnx.ModelProto;
import org.netspec.onnx.Onnx.OperatorSetIdProto;
import org.netspec.onnx.Onnx.TensorProto;
import org.netspec.onnx.Onnx.TensorShapeProto;
import org.netspec.onnx.Onnx.TypeProto;
import org.netspec.onnx.Onnx.ValueInfoProto;
import org.netspec.ops.Shape;
import org.netspec.ops.Weight;

/**
 * A network as an ONNX model (opset 17): each node written by its operator's own mapping
 * ({@link org.netspec.ops.Operator#toOnnx}), ONNX nodes named after netspec's scoped names (steps
 * of a mapping as {@code <node>/<role>}), the weights as float32 initializers named
 * {@code <node>.<weight>}, the network's inputs and outputs as graph inputs and outputs named after
 * their nodes, and every inferred shape recorded as {@code value_info}. Nodes that reach no output
 * are written too, since they own weights.
 */
public final class OnnxExport {
    /** The ONNX operator set the mappings are written against. */
    public static final int OPSET = 17;
    /** The IR version that goes with opset 17. */
    public static final int IR_VERSION = 8;
    /** Protobuf cannot write or read a message of 2 GiB or more. */
    static final long MAX_MODEL_BYTES = Integer.MAX_VALUE;

    private OnnxExport() {
    }

    /**
     * @param weights the weights of a node, in the order its operator declares them
     * @throws ExportException when a node cannot be written as ONNX
     */
    public static ModelProto model(Network network, Function<Node, List<float[]>> weights) {
        OnnxGraph graph = new OnnxGraph(weights);
        for (Node n : network.nodes()) {
            graph.write(n);
        }
        GraphProto.Builder g = graph.proto().setName(network.name());
        for (Node in : network.inputs()) {
            g.addInput(valueInfo(in.name(), TensorProto.DataType.FLOAT, in.shape()));
        }
        for (Node out : network.outputs()) {
            g.addOutput(valueInfo(out.name(), TensorProto.DataType.FLOAT, out.shape()));
        }
        for (Node n : network.nodes()) {
            if (!n.inputs().isEmpty() && !network.outputs().contains(n)) {
                g.addValueInfo(valueInfo(n.name(), TensorProto.DataType.FLOAT, n.shape()));
            }
            if (n.op().indexElements(n.attributes(), n.shape()) > 0) {
                g.addValueInfo(valueInfo(OnnxGraph.indicesOf(n), TensorProto.DataType.INT64, n.shape()));
            }
        }
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setProducerName("netspec")
                .setGraph(g)
                .build();
    }

    /**
     * The model file's bytes.
     *
     * @throws ExportException when a node cannot be written or the model exceeds what protobuf can hold
     */
    public static byte[] bytes(Network network, Function<Node, List<float[]>> weights) {
        long limit = MAX_MODEL_BYTES / Float.BYTES;
        long elements = 0;
        for (Node n : network.nodes()) {
            for (Weight w : n.op().weights(n.attributes(), n.inputShapes())) {
                elements += Math.min(w.shape().elements(), limit);
                if (elements >= limit) {
                    throw new ExportException("cannot export `" + network.name() + "` to ONNX: its weights reach 2 GiB at `"
                            + n.name() + "`, and an ONNX file (a protobuf message) holds less");
                }
            }
        }
        ModelProto model = model(network, weights);
        // the size is an int: past 2 GiB it wraps to a negative number
        if (model.getSerializedSize() < 0) {
            throw new ExportException("`" + network.name() + "` makes an ONNX model of 2 GiB or more, which protobuf "
                    + "cannot write");
        }
        return model.toByteArray();
    }

    static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Shape shape) {
        TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
        for (int d = 0; d < shape.rank(); d++) {
            dims.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(shape.dim(d)));
        }
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(dims)))
                .build();
    }
}
