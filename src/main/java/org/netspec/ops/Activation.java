package org.netspec.ops;

import java.util.List;

/** Parameter-free element-wise activations; each kind declares its operations per element. */
public final class Activation extends PerChannel {
    /** The activation functions, with the scalar operations each one takes per element. */
    public enum Kind {
        RELU("relu", 1, "max(x, 0)"),
        RELU6("relu6", 2, "min(max(x, 0), 6)"),
        SIGMOID("sigmoid", 4, "1 / (1 + exp(-x)): negate, exp, add, divide"),
        TANH("tanh", 5, "(e - 1) / (e + 1) with e = exp(2x): multiply, exp, subtract, add, divide"),
        HARDSIGMOID("hardsigmoid", 4, "relu6(x + 3) / 6: add, max, min, multiply"),
        HARDSWISH("hardswish", 5, "x * hardsigmoid(x)");

        private final String opName;
        private final long opsPerElement;
        private final String formula;

        Kind(String opName, long opsPerElement, String formula) {
            this.opName = opName;
            this.opsPerElement = opsPerElement;
            this.formula = formula;
        }

        /** The function, as PyTorch computes it on a float. */
        float apply(float x) {
            return switch (this) {
                case RELU -> Math.max(x, 0);
                case RELU6 -> Math.min(Math.max(x, 0), 6);
                case SIGMOID -> (float) (1 / (1 + Math.exp(-x)));
                case TANH -> (float) Math.tanh(x);
                case HARDSIGMOID -> Math.min(Math.max(x + 3, 0), 6) / 6;
                case HARDSWISH -> x * (Math.min(Math.max(x + 3, 0), 6) / 6);
            };
        }
    }

    private final Kind kind;

    Activation(Kind kind) {
        super(kind.opName, kind.opName + " activation");
        this.kind = kind;
    }

    @Override
    public Category category() {
        return Category.ACTIVATION;
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.ops(Math.multiplyExact(kind.opsPerElement, out.elements()));
    }

    @Override
    public String costRule() {
        return kind.opsPerElement + " op" + (kind.opsPerElement > 1 ? "s" : "") + " per element: " + kind.formula;
    }

    /** The ONNX operator of each kind; relu6 is Clip to [0, 6], hardsigmoid is HardSigmoid(x / 6 + 1/2). */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        List<String> x = List.of(onnx.input(0));
        switch (kind) {
            case RELU -> onnx.node("Relu", x, onnx.output());
            case RELU6 -> onnx.node("Clip", List.of(onnx.input(0), onnx.scalar("min", 0), onnx.scalar("max", 6)),
                    onnx.output());
            case SIGMOID -> onnx.node("Sigmoid", x, onnx.output());
            case TANH -> onnx.node("Tanh", x, onnx.output());
            case HARDSIGMOID -> onnx.node("HardSigmoid", x, onnx.output()).attribute("alpha", 1f / 6).attribute("beta", 0.5f);
            case HARDSWISH -> onnx.node("HardSwish", x, onnx.output());
        }
    }

    /** The function applied to every element; no channel has parameters. */
    @Override
    public void computePlane(Attributes a, List<float[]> weights, int channel, float[] in, float[] out, int from,
            int length) {
        for (int i = from; i < from + length; i++) {
            out[i] = kind.apply(in[i]);
        }
    }

    @Override
    public boolean isElementWise() {
        return true;
    }

    /** The activation's module: {@code nn.ReLU()}, {@code nn.Hardswish()}, ... */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.module(switch (kind) {
            case RELU -> "nn.ReLU";
            case RELU6 -> "nn.ReLU6";
            case SIGMOID -> "nn.Sigmoid";
            case TANH -> "nn.Tanh";
            case HARDSIGMOID -> "nn.Hardsigmoid";
            case HARDSWISH -> "nn.Hardswish";
        });
    }
}
