package org.netspec.testing;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.netspec.onnx.Onnx.AttributeProto;
import org.netspec.onnx.Onnx.GraphProto;
import org.netspec.onnx.Onnx.ModelProto;
import org.netspec.onnx.Onnx.NodeProto;
import org.netspec.onnx.Onnx.OperatorSetIdProto;
import org.netspec.onnx.Onnx.TensorProto;
import org.netspec.onnx.Onnx.TensorShapeProto;
import org.netspec.onnx.Onnx.TypeProto;
import org.netspec.onnx.Onnx.ValueInfoProto;

/** Small ONNX models written with the protobuf classes, for import tests and the bad-input corpus. */
public final class OnnxFixtures {
    private OnnxFixtures() {
    }

    /** A float tensor input or output of these sizes; a size given as a String is symbolic. */
    public static ValueInfoProto value(String name, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            shape.addDim(d instanceof String s ? TensorShapeProto.Dimension.newBuilder().setDimParam(s)
                    : TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE).setShape(shape))).build();
    }

    /** A node of the standard domain named {@code name}; attributes from {@link #ints} and friends. */
    public static NodeProto node(String opType, String name, List<String> inputs, List<String> outputs,
            AttributeProto... attributes) {
        return NodeProto.newBuilder().setOpType(opType).setName(name).addAllInput(inputs).addAllOutput(outputs)
                .addAllAttribute(List.of(attributes)).build();
    }

    public static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    public static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    public static AttributeProto number(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    public static AttributeProto text(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(value, StandardCharsets.UTF_8)).build();
    }

    /** A float32 tensor with its elements in raw_data; {@code values} repeat to fill it. */
    public static TensorProto floats(String name, long[] dims, float... values) {
        long n = 1;
        for (long d : dims) {
            n *= d;
        }
        ByteBuffer b = ByteBuffer.allocate((int) n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(values.length == 0 ? 0.01f * i : values[i % values.length]);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    /** An int64 vector tensor. */
    public static TensorProto longs(String name, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE)
                .addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return t.build();
    }

    /** A model of the standard operator set at {@code opset}. */
    public static ModelProto model(long opset, GraphProto graph) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("netspec tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(graph).build();
    }

    /** x [1, 3, 8, 8] -> conv (8 filters 3x3, padding 1, bias) -> relu -> y [1, 8, 8, 8], at opset 17. */
    public static ModelProto convRelu() {
        return model(17, convReluGraph().build());
    }

    public static GraphProto.Builder convReluGraph() {
        return GraphProto.newBuilder().setName("conv_relu")
                .addInput(value("x", 1, 3, 8, 8))
                .addInitializer(floats("conv.weight", new long[] {8, 3, 3, 3}))
                .addInitializer(floats("conv.bias", new long[] {8}))
                .addNode(node("Conv", "conv", List.of("x", "conv.weight", "conv.bias"), List.of("c"),
                        ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1)))
                .addNode(node("Relu", "act", List.of("c"), List.of("y")))
                .addOutput(value("y", 1, 8, 8, 8));
    }
}
