package org.netspec.ops;

import java.util.List;
import java.util.Map;

/**
 * Element-wise activations with fixed constants given as attributes (not learned, unlike PReLU's
 * slopes): hardtanh's bounds, leaky ReLU's negative slope, ELU's alpha, with PyTorch's defaults.
 */
public final class TunableActivation extends PerChannel {
    public static final Attribute<Double> MIN = Attribute.number("min", "lower bound").withDefault(-1.0);
    public static final Attribute<Double> MAX = Attribute.number("max", "upper bound, above `min`").withDefault(1.0);
    public static final Attribute<Double> NEGATIVE_SLOPE = Attribute.number("negative_slope", "slope below zero")
            .withDefault(0.01);
    public static final Attribute<Double> ALPHA = Attribute.number("alpha", "alpha * (exp(x) - 1) below zero")
            .withDefault(1.0);

    /** The functions, with their operations per element. */
    public enum Kind {
        HARDTANH("hardtanh", 2, "min(max(x, min), max)", MIN, MAX),
        LEAKY_RELU("leaky_relu", 2, "x or negative_slope * x: compare, multiply", NEGATIVE_SLOPE),
        ELU("elu", 4, "x or alpha * (exp(x) - 1): compare, exp, subtract, multiply", ALPHA);

        private final String opName;
        private final long opsPerElement;
        private final String formula;
        private final Attribute<?>[] attributes;

        Kind(String opName, long opsPerElement, String formula, Attribute<?>... attributes) {
            this.opName = opName;
            this.opsPerElement = opsPerElement;
            this.formula = formula;
            this.attributes = attributes;
        }
    }

    private final Kind kind;

    TunableActivation(Kind kind) {
        super(kind.opName, kind.opName + " activation", kind.attributes);
        this.kind = kind;
    }

    @Override
    public Category category() {
        return Category.ACTIVATION;
    }

    /** Hardtanh's bounds must be ordered, as PyTorch asserts. */
    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        if (kind == Kind.HARDTANH && a.get(MAX) <= a.get(MIN)) {
            throw new OperatorException("`max` (" + a.get(MAX) + ") must be above `min` (" + a.get(MIN) + ")", MAX.name());
        }
        return inputs.get(0);
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.ops(Math.multiplyExact(kind.opsPerElement, out.elements()));
    }

    @Override
    public String costRule() {
        return kind.opsPerElement + " ops per element: " + kind.formula;
    }

    /** ONNX Clip with both bounds (hardtanh), LeakyRelu, Elu. */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return switch (kind) {
            case HARDTANH -> Map.of("Clip", this::clip);
            case LEAKY_RELU -> Map.of("LeakyRelu", node -> read(node, NEGATIVE_SLOPE, node.number("alpha").orElse(0.01)));
            case ELU -> Map.of("Elu", node -> read(node, ALPHA, node.number("alpha").orElse(1.0)));
        };
    }

    private List<OnnxImport> read(OnnxReader node, Attribute<Double> attribute, double value) {
        node.inputShape(0);
        OnnxImport act = OnnxImport.of(this, List.of(node.inputs().get(0)));
        if (value != attribute.defaultValue()) {
            act.set(attribute.name(), value);
        }
        return List.of(act);
    }

    /** A Clip to finite bounds (relu's and relu6's Clips are read by them first). */
    private List<OnnxImport> clip(OnnxReader node) {
        node.inputShape(0);
        double low = bound(node, 1, Double.NEGATIVE_INFINITY);
        double high = bound(node, 2, Double.POSITIVE_INFINITY);
        if (!Double.isFinite(low) || !Double.isFinite(high) || high <= low) {
            throw new OperatorException("Clip to [" + low + ", " + high + "] is neither relu (Clip to [0, +inf)), relu6 "
                    + "(Clip to [0, 6]) nor hardtanh (Clip to [min, max], both finite, min < max)");
        }
        OnnxImport act = OnnxImport.of(this, List.of(node.inputs().get(0)));
        if (low != MIN.defaultValue()) {
            act.set(MIN.name(), low);
        }
        if (high != MAX.defaultValue()) {
            act.set(MAX.name(), high);
        }
        return List.of(act);
    }

    /** A bound as the shortest decimal of its float (0.1f is 0.1), or {@code absent} when omitted. */
    private static double bound(OnnxReader node, int port, double absent) {
        if (node.input(port).isEmpty()) {
            return absent;
        }
        String t = node.inputs().get(port);
        float[] v = node.floats(t).orElse(null);
        if (v == null || v.length != 1) {
            throw new OperatorException("the Clip bound `" + t + "` is not a single constant");
        }
        return Double.parseDouble(Float.toString(v[0]));
    }

    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        switch (kind) {
            case HARDTANH -> onnx.node("Clip", List.of(onnx.input(0), onnx.scalar("min", a.get(MIN).floatValue()),
                    onnx.scalar("max", a.get(MAX).floatValue())), onnx.output());
            case LEAKY_RELU -> onnx.node("LeakyRelu", List.of(onnx.input(0)), onnx.output())
                    .attribute("alpha", a.get(NEGATIVE_SLOPE).floatValue());
            case ELU -> onnx.node("Elu", List.of(onnx.input(0)), onnx.output()).attribute("alpha", a.get(ALPHA).floatValue());
        }
    }

    /** The function with PyTorch's float arithmetic: the constants are floats, exp(x) - 1 is expm1. */
    @Override
    public void computePlane(Attributes a, List<float[]> weights, int channel, float[] in, float[] out, int from,
            int length) {
        switch (kind) {
            case HARDTANH -> {
                float low = a.get(MIN).floatValue();
                float high = a.get(MAX).floatValue();
                for (int i = from; i < from + length; i++) {
                    out[i] = Math.min(Math.max(in[i], low), high);
                }
            }
            case LEAKY_RELU -> {
                float slope = a.get(NEGATIVE_SLOPE).floatValue();
                for (int i = from; i < from + length; i++) {
                    out[i] = in[i] > 0 ? in[i] : in[i] * slope;
                }
            }
            case ELU -> {
                float alpha = a.get(ALPHA).floatValue();
                for (int i = from; i < from + length; i++) {
                    out[i] = in[i] > 0 ? in[i] : (float) (alpha * Math.expm1(in[i]));
                }
            }
        }
    }

    @Override
    public boolean isElementWise() {
        return true;
    }

    /** {@code nn.Hardtanh}, {@code nn.LeakyReLU}, {@code nn.ELU}, the constants left out at PyTorch's defaults. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        switch (kind) {
            case HARDTANH -> py.module("nn.Hardtanh").kw("min_val", a.get(MIN), -1.0).kw("max_val", a.get(MAX), 1.0);
            case LEAKY_RELU -> py.module("nn.LeakyReLU").kw("negative_slope", a.get(NEGATIVE_SLOPE), 0.01);
            case ELU -> py.module("nn.ELU").kw("alpha", a.get(ALPHA), 1.0);
        }
    }
}
