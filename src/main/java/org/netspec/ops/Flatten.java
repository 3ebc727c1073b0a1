package org.netspec.ops;

import java.util.List;
import java.util.Map;

/** {@code torch.flatten(x, 1)}: keeps the batch and joins the rest, so a linear layer can follow. */
public final class Flatten extends Operator {
    Flatten() {
        super("flatten", "flatten to [N, features]", 1, 1);
    }

    @Override
    public Category category() {
        return Category.PASS_THROUGH;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape in = inputs.get(0);
        if (in.rank() < 2) {
            throw new OperatorException("`flatten` keeps the batch dimension and joins the rest, but the input is " + in);
        }
        return Shape.of(in.n(), in.elements() / in.n());
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.FREE;
    }

    /** ONNX Flatten at axis 1, or a Reshape to [N, features] ({@code x.view(x.size(0), -1)}). */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("Flatten", node -> {
            node.inputShape(0);
            if (node.integer("axis", 1) != 1) {
                throw new OperatorException("Flatten at axis " + node.integer("axis", 1) + ": netspec flattens from axis 1");
            }
            return List.of(OnnxImport.of(this, List.of(node.inputs().get(0))));
        }, "Reshape", node -> {
            Shape in = node.inputShape(0);
            long[] target = Reshapes.target(node, in);
            if (target.length != 2 || target[0] != in.n() || in.rank() < 2) {
                throw new OperatorException("a Reshape of " + in + " to " + Shape.of(target) + ": netspec reshapes to "
                        + "[N, features] (flatten) and in channel shuffles");
            }
            return List.of(OnnxImport.of(this, List.of(node.inputs().get(0))));
        });
    }

    @Override
    public String costRule() {
        return "0 ops: a reshape";
    }

    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        onnx.node("Flatten", List.of(onnx.input(0)), onnx.output()).attribute("axis", 1);
    }

    /** The same elements as [N, everything else]. */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        int n = x.dim(0);
        return x.reshaped(Shape.of(n, x.data().length / n));
    }

    @Override
    public boolean isView() {
        return true;
    }

    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.GLOBAL;
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return new ChannelFlow.Grouped(1);
    }

    /** {@code torch.flatten(x, 1)}. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.expression("torch.flatten({0}, 1)", PyTorchWriter.input(0));
    }
}
