package org.netspec.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Fully connected layer (PyTorch {@code nn.Linear}) on [N, F]; feature maps need a flatten first. */
public final class Linear extends Operator {
    public static final Attribute<Long> OUT = Attribute.integer("out", "output features").atLeast(1);
    public static final Attribute<Boolean> BIAS = Attribute.bool("bias", "learned bias per output feature")
            .withDefault(true);

    Linear() {
        super("linear", "fully connected layer", 1, 1, OUT, BIAS);
    }

    @Override
    public Category category() {
        return Category.LINEAR;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape in = inputs.get(0);
        if (in.rank() != 2) {
            throw new OperatorException("`linear` takes [N, F] but the input is " + in
                    + (in.isFeatureMap() ? ": add `op: flatten` before it" : ""));
        }
        return Shape.of(in.n(), a.get(OUT));
    }

    /** F * out * N multiply-accumulates; bias adds one per output. */
    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        Shape in = inputs.get(0);
        long weights = Math.multiplyExact(in.dim(1), out.dim(1));
        boolean bias = a.get(BIAS);
        return Cost.product(Cost.MacKind.LINEAR, Math.addExact(weights, bias ? out.dim(1) : 0), Math.multiplyExact(weights, in.n()),
                bias ? out.elements() : 0);
    }

    /**
     * ONNX Gemm of [N, F] by a stored weight, with a bias or none: the weight [out, F] with transB
     * = 1 (as nn.Linear exports), or [F, out] without.
     */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("Gemm", node -> {
            node.inputShape(0);
            String weight = node.input(1).orElseThrow(() -> new OperatorException("the weight input is missing"));
            long[] w = node.dims(weight).orElseThrow(() -> new OperatorException("the weight `" + weight
                    + "` is not a constant; netspec multiplies by a stored weight"));
            if (node.integer("transA", 0) != 0 || node.number("alpha").orElse(1.0) != 1 || node.number("beta").orElse(1.0) != 1
                    || w.length != 2) {
                throw new OperatorException("netspec reads a Gemm as x W^T + b: no transA, alpha and beta 1, a 2-D weight");
            }
            boolean transposed = node.integer("transB", 0) == 0;
            OnnxImport linear = OnnxImport.of(this, List.of(node.inputs().get(0))).set(OUT.name(), transposed ? w[1] : w[0]);
            if (transposed) {
                linear.transposedWeight(weight);
            } else {
                linear.weight(weight);
            }
            node.input(2).ifPresentOrElse(linear::weight, () -> linear.set(BIAS.name(), false));
            return List.of(linear);
        });
    }

    @Override
    public String costRule() {
        return "MACs = F*out*N; params F*out (+out if biased); bias adds = output elements if biased";
    }

    /** ONNX Gemm with the weight [out, F] transposed, as nn.Linear computes x W^T + b. */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        List<String> in = new ArrayList<>(List.of(onnx.input(0), onnx.weight("weight")));
        if (a.get(BIAS)) {
            in.add(onnx.weight("bias"));
        }
        onnx.node("Gemm", in, onnx.output()).attribute("transB", 1);
    }

    @Override
    public List<Weight> weights(Attributes a, List<Shape> inputs) {
        long features = inputs.get(0).dim(1);
        long out = a.get(OUT);
        Weight matrix = Weight.fanIn("weight", Shape.of(out, features), features);
        return a.get(BIAS) ? List.of(matrix, Weight.fanIn("bias", Shape.of(out), features)) : List.of(matrix);
    }

    /** y = x W^T + b with W of shape [out, F]. */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        int n = x.dim(0);
        int f = x.dim(1);
        int out = Math.toIntExact(a.get(OUT));
        float[] matrix = weights.get(0);
        Tensor y = Tensor.zeros(Shape.of(n, out));
        for (int b = 0; b < n; b++) {
            for (int o = 0; o < out; o++) {
                float sum = a.get(BIAS) ? weights.get(1)[o] : 0;
                for (int i = 0; i < f; i++) {
                    sum += x.data()[b * f + i] * matrix[o * f + i];
                }
                y.data()[b * out + o] = sum;
            }
        }
        return y;
    }

    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.GLOBAL;
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return new ChannelFlow.Grouped(1);
    }

    /** {@code nn.Linear}. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.module("nn.Linear").arg("in_features", inputs.get(0).dim(1)).arg("out_features", a.get(OUT))
                .kw("bias", a.get(BIAS), true);
    }
}
