package org.netspec.ops;

import java.util.List;
import java.util.Map;
import org.apache.commons.math3.special.Erf;

/** Parameter-free element-wise activations; each kind declares its operations per element. */
public final class Activation extends PerChannel {
    /** The activation functions, with the scalar operations each one takes per element. */
    public enum Kind {
        RELU("relu", 1, "max(x, 0)"),
        RELU6("relu6", 2, "min(max(x, 0), 6)"),
        SIGMOID("sigmoid", 4, "1 / (1 + exp(-x)): negate, exp, add, divide"),
        TANH("tanh", 5, "(e - 1) / (e + 1) with e = exp(2x): multiply, exp, subtract, add, divide"),
        HARDSIGMOID("hardsigmoid", 4, "relu6(x + 3) / 6: add, max, min, multiply"),
        HARDSWISH("hardswish", 5, "x * hardsigmoid(x)"),
        SILU("silu", 5, "x * sigmoid(x) (swish): the sigmoid's 4, multiply"),
        GELU("gelu", 5, "x / 2 * (1 + erf(x / sqrt(2))), the exact form: divide, erf, add, multiply, multiply"),
        MISH("mish", 9, "x * tanh(softplus(x)): softplus ln(1 + exp(x)) 3 (exp, add, log), tanh 5, multiply");

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
                case SILU -> (float) (x / (1 + Math.exp(-x)));
                case GELU -> (float) (x * 0.5 * (1 + Erf.erf(x / SQRT2)));
                case MISH -> (float) (x * Math.tanh(x > SOFTPLUS_THRESHOLD ? x : Math.log1p(Math.exp(x))));
            };
        }
    }

    private static final double SQRT2 = Math.sqrt(2);
    /** PyTorch's softplus returns x itself above this, where ln(1 + exp(x)) equals x in floats. */
    private static final double SOFTPLUS_THRESHOLD = 20;

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

    /**
     * ONNX Relu, Sigmoid, Tanh, HardSwish, HardSigmoid with PyTorch's slope 1/6 and offset 1/2,
     * Clip to [0, 6] (relu6) or [0, +inf) (relu); and two forms of PyTorch's exporter, read from
     * their last node: relu6 as {@code Clip(Relu(x), 0, 6)}, and hardswish before opset 14 as
     * {@code Mul(x, HardSigmoid(x))}; silu, mish and gelu as their export writes them (see {@link #toOnnx}).
     */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return switch (kind) {
            case RELU -> Map.of("Relu", this::fromOnnx, "Clip", node -> clip(node, Float.POSITIVE_INFINITY));
            case RELU6 -> Map.of("Clip", node -> clip(node, 6));
            case SIGMOID -> Map.of("Sigmoid", this::fromOnnx);
            case TANH -> Map.of("Tanh", this::fromOnnx);
            case HARDSIGMOID -> Map.of("HardSigmoid", node -> {
                checkHardSigmoid(node);
                return fromOnnx(node);
            });
            case HARDSWISH -> Map.of("HardSwish", this::fromOnnx, "Mul", this::hardSwishProduct);
            case SILU, MISH -> Map.of("Mul", mul -> OnnxPatterns.gatedProduct(this, mul, kind == Kind.SILU
                    ? List.of("Sigmoid") : List.of("Tanh", "Softplus")));
            case GELU -> Map.of("Mul", mul -> OnnxPatterns.gelu(this, mul));
        };
    }

    private List<OnnxImport> fromOnnx(OnnxReader node) {
        node.inputShape(0);
        return List.of(OnnxImport.of(this, List.of(node.inputs().get(0))));
    }

    private List<OnnxImport> clip(OnnxReader node, float max) {
        float low = bound(node, 1, Float.NEGATIVE_INFINITY);
        float high = bound(node, 2, Float.POSITIVE_INFINITY);
        if (low != 0 || high != max) {
            throw new OperatorException("Clip to [" + low + ", " + high + "] is neither relu (Clip to [0, +inf)) nor relu6 "
                    + "(Clip to [0, 6])");
        }
        String x = node.inputs().get(0);
        OnnxReader relu = node.producer(x).filter(n -> n.opType().equals("Relu")).orElse(null);
        if (relu != null && node.readers(x) == 1) {
            relu.inputShape(0);
            return List.of(OnnxImport.of(this, List.of(relu.inputs().get(0))).claim(relu));
        }
        return fromOnnx(node);
    }

    private static float bound(OnnxReader node, int port, float absent) {
        if (node.input(port).isEmpty()) {
            return absent;
        }
        float[] v = node.floats(node.inputs().get(port)).orElseThrow(() -> new OperatorException(
                "the Clip bound `" + node.inputs().get(port) + "` is not a constant"));
        if (v.length != 1) {
            throw new OperatorException("the Clip bound `" + node.inputs().get(port) + "` is not a single value");
        }
        return v[0];
    }

    /** PyTorch's hardsigmoid is relu6(x + 3) / 6: ONNX HardSigmoid with alpha 1/6 and beta 1/2 (ONNX defaults to 0.2). */
    private static void checkHardSigmoid(OnnxReader node) {
        double alpha = node.number("alpha").orElse(0.2);
        double beta = node.number("beta").orElse(0.5);
        if (Math.abs(alpha - 1.0 / 6) > 1e-6 || beta != 0.5) {
            throw new OperatorException("HardSigmoid with alpha " + alpha + " and beta " + beta + " is not PyTorch's "
                    + "hardsigmoid (alpha 1/6, beta 1/2)");
        }
    }

    /** x * HardSigmoid(x), the factors in either order. */
    private List<OnnxImport> hardSwishProduct(OnnxReader mul) {
        for (int port = 0; port < 2 && port < mul.inputs().size(); port++) {
            String gate = mul.inputs().get(port);
            String x = mul.inputs().get(1 - port);
            OnnxReader sigmoid = mul.producer(gate).orElse(null);
            if (sigmoid != null && sigmoid.opType().equals("HardSigmoid") && sigmoid.inputs().get(0).equals(x)
                    && mul.readers(gate) == 1) {
                checkHardSigmoid(sigmoid);
                mul.inputShape(1 - port);
                return List.of(OnnxImport.of(this, List.of(x)).claim(sigmoid));
            }
        }
        throw new OperatorException("not x * HardSigmoid(x)");
    }

    @Override
    public String costRule() {
        return kind.opsPerElement + " op" + (kind.opsPerElement > 1 ? "s" : "") + " per element: " + kind.formula;
    }

    /**
     * The ONNX operator of each kind; relu6 is Clip to [0, 6], hardsigmoid is HardSigmoid(x / 6 + 1/2).
     * Opset 17 has neither Gelu (opset 20) nor Mish (opset 18): silu, gelu and mish are written as
     * PyTorch's exporter writes them at opset 17, {@code x * Sigmoid(x)}, the erf form and
     * {@code x * Tanh(Softplus(x))}.
     */
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
            case SILU -> {
                String gate = onnx.value("sigmoid");
                onnx.node("Sigmoid", x, gate);
                onnx.node("Mul", List.of(onnx.input(0), gate), onnx.output());
            }
            case MISH -> {
                String softplus = onnx.value("softplus");
                onnx.node("Softplus", x, softplus);
                String gate = onnx.value("tanh");
                onnx.node("Tanh", List.of(softplus), gate);
                onnx.node("Mul", List.of(onnx.input(0), gate), onnx.output());
            }
            case GELU -> OnnxPatterns.writeGelu(onnx);
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
            case SILU -> "nn.SiLU";
            case GELU -> "nn.GELU";
            case MISH -> "nn.Mish";
        });
    }
}
