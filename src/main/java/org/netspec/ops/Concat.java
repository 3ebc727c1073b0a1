package org.netspec.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Concatenation along channels ({@code torch.cat(xs, dim=1)}). */
public final class Concat extends Operator {
    Concat() {
        super("concat", "concatenation along channels", 1, Integer.MAX_VALUE);
    }

    @Override
    public Category category() {
        return Category.DATA_MOVEMENT;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape first = inputs.get(0);
        long channels = 0;
        for (int i = 0; i < inputs.size(); i++) {
            Shape s = inputs.get(i);
            if (s.rank() != first.rank()) {
                throw new OperatorException("input " + (i + 1) + " has rank " + s.rank() + " but input 1 has rank " + first.rank());
            }
            for (int d = 0; d < s.rank(); d++) {
                if (d != 1 && s.dim(d) != first.dim(d)) {
                    throw new OperatorException("inputs must agree in every dimension but channels: input " + (i + 1)
                            + " is " + s + ", input 1 is " + first);
                }
            }
            channels = Math.addExact(channels, s.c());
        }
        return first.withChannels(channels);
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.FREE;
    }

    /** ONNX Concat along channels. */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("Concat", node -> {
            int rank = node.inputShape(0).rank();
            long axis = node.integer("axis", 1);
            if ((axis < 0 ? axis + rank : axis) != 1) {
                throw new OperatorException("Concat along axis " + axis + ": netspec concatenates channels (axis 1)");
            }
            return List.of(OnnxImport.of(this, node.inputs()));
        });
    }

    @Override
    public String costRule() {
        return "0 ops: data movement only";
    }

    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        List<String> in = new ArrayList<>();
        for (int port = 0; port < inputs.size(); port++) {
            in.add(onnx.input(port));
        }
        onnx.node("Concat", in, onnx.output()).attribute("axis", 1);
    }

    /** The inputs' channels one after the other, image by image. */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor first = inputs.get(0);
        int n = first.dim(0);
        int channels = 0;
        for (Tensor t : inputs) {
            channels += t.dim(1);
        }
        long[] dims = first.shape().toList().stream().mapToLong(Long::longValue).toArray();
        dims[1] = channels;
        Tensor y = Tensor.zeros(Shape.of(dims));
        int at = 0;
        for (int b = 0; b < n; b++) {
            for (Tensor t : inputs) {
                int perImage = (int) (t.shape().elements() / n);
                System.arraycopy(t.data(), b * perImage, y.data(), at, perImage);
                at += perImage;
            }
        }
        return y;
    }

    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.IDENTITY;
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return ChannelFlow.CONCATENATED;
    }

    /** {@code torch.cat([...], dim=1)}. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        List<String> places = new ArrayList<>();
        List<Object> parts = new ArrayList<>();
        for (int port = 0; port < inputs.size(); port++) {
            places.add("{" + port + "}");
            parts.add(PyTorchWriter.input(port));
        }
        py.expression("torch.cat([" + String.join(", ", places) + "], dim=1)", parts.toArray());
    }
}
