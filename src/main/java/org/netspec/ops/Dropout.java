package org.netspec.ops;

import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** ONNX Dropout (its ratio an attribute before opset 12, an input after); the mask output must go unread. */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        if (!name().equals("dropout")) {
            return Map.of();
        }
        return Map.of("Dropout", node -> {
            node.inputShape(0);
            if (node.isRead(1)) {
                throw new OperatorException("its mask is read; netspec's dropout is the identity at inference");
            }
            OnnxImport drop = OnnxImport.of(this, List.of(node.inputs().get(0))).output(node.outputs().get(0));
            Optional<Double> ratio = node.number("ratio").or(() -> node.input(1).flatMap(node::floats)
                    .filter(v -> v.length == 1).map(v -> Double.parseDouble(Float.toString(v[0]))));
            ratio.filter(r -> !r.equals(P.defaultValue())).ifPresent(r -> drop.set(P.name(), r));
            return List.of(drop);
        });
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
