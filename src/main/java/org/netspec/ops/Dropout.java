package org.netspec.ops;

import java.util.List;

/**
 * Dropout and spatial (channel) dropout. Both are the identity at inference, but specs keep them
 * because the published models have them (ENet's regularisers) and they own no parameters.
 */
public final class Dropout extends Pointwise {
    public static final Attribute<Double> P = Attribute.number("p", "drop probability in training, in [0, 1)")
            .withDefault(0.5);

    Dropout(String name, String summary) {
        super(name, summary, P);
    }

    @Override
    public Category category() {
        return Category.PASS_THROUGH;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        double p = a.get(P);
        if (!(p >= 0 && p < 1)) {
            throw new OperatorException("`p` must be in [0, 1), got " + p, P.name());
        }
        return inputs.get(0);
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.FREE;
    }

    @Override
    public String costRule() {
        return "0 ops: the identity at inference";
    }

    /** The identity at inference. */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        onnx.node("Identity", List.of(onnx.input(0)), onnx.output());
    }

    /** The identity at inference: the input itself. */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        return inputs.get(0);
    }

    @Override
    public boolean isView() {
        return true;
    }

    /** {@code nn.Dropout} or {@code nn.Dropout2d}, the identity in eval mode. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.module(name().equals("spatial_dropout") ? "nn.Dropout2d" : "nn.Dropout").kw("p", a.get(P));
    }
}
