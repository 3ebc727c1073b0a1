package org.netspec.ops;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Batch normalisation at inference (PyTorch {@code nn.BatchNorm2d}). */
public final class BatchNorm extends PerChannel {
    public static final Attribute<Double> EPS = Attribute.number("eps", "added to the variance").withDefault(1e-5);
    public static final Attribute<Boolean> AFFINE = Attribute.bool("affine", "learned scale and shift").withDefault(true);

    BatchNorm() {
        super("batchnorm", "batch normalisation", EPS, AFFINE);
    }

    @Override
    public Category category() {
        return Category.NORMALISATION;
    }

    /** Params: scale and shift per channel; buffers: running mean and variance per channel. */
    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        long c = out.c();
        return Cost.weighted(a.get(AFFINE) ? Math.multiplyExact(2, c) : 0, Math.multiplyExact(2, c), Math.multiplyExact(2, out.elements()));
    }

    /**
     * ONNX BatchNormalization (X, scale, B, mean, var). Scale and shift that are computed constants
     * of 1 and 0 rather than stored initializers are a batch norm without affine parameters, as
     * PyTorch's exporter and netspec's write {@code BatchNorm2d(affine=False)}.
     */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("BatchNormalization", this::fromOnnx);
    }

    private List<OnnxImport> fromOnnx(OnnxReader node) {
        node.inputShape(0);
        List<String> in = node.inputs();
        if (in.size() != 5 || in.stream().anyMatch(String::isEmpty)) {
            throw new OperatorException("a batch norm reads 5 inputs (X, scale, B, mean, var), got " + in.size());
        }
        OnnxImport bn = OnnxImport.of(this, List.of(in.get(0))).output(node.outputs().get(0));
        double eps = node.number("epsilon").orElse(1e-5);
        if (eps != EPS.defaultValue()) {
            bn.set(EPS.name(), eps);
        }
        if (isConstant(node, in.get(1), 1) && isConstant(node, in.get(2), 0)) {
            bn.set(AFFINE.name(), false);
        } else {
            bn.weight(in.get(1)).weight(in.get(2));
        }
        return List.of(bn.weight(in.get(3)).weight(in.get(4)));
    }

    /** Whether a tensor is computed by the graph (not stored as a parameter) and holds {@code value} everywhere. */
    static boolean isConstant(OnnxReader node, String tensor, float value) {
        if (node.isInitializer(tensor)) {
            return false;
        }
        float[] v = node.floats(tensor).orElse(null);
        if (v == null) {
            return false;
        }
        for (float x : v) {
            if (x != value) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String costRule() {
        return "2 ops per element (multiply and add of the folded scale and shift); params 2C if affine, buffers 2C";
    }

    /** ONNX BatchNormalization at inference; without affine, a constant scale of 1 and shift of 0. */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        String scale;
        String shift;
        if (a.get(AFFINE)) {
            scale = onnx.weight("weight");
            shift = onnx.weight("bias");
        } else {
            float[] ones = new float[Math.toIntExact(inputs.get(0).c())];
            Arrays.fill(ones, 1);
            scale = onnx.floats("scale", ones);
            shift = onnx.floats("shift", new float[ones.length]);
        }
        onnx.node("BatchNormalization", List.of(onnx.input(0), scale, shift, onnx.weight("running_mean"),
                onnx.weight("running_var")), onnx.output()).attribute("epsilon", a.get(EPS).floatValue());
    }

    @Override
    public List<Weight> weights(Attributes a, List<Shape> inputs) {
        Shape c = Shape.of(inputs.get(0).c());
        List<Weight> stats = List.of(new Weight("running_mean", c, false, -0.5f, 0.5f),
                new Weight("running_var", c, false, 0.5f, 2f));
        if (!a.get(AFFINE)) {
            return stats;
        }
        return List.of(new Weight("weight", c, true, 0.5f, 1.5f), new Weight("bias", c, true, -0.5f, 0.5f),
                stats.get(0), stats.get(1));
    }

    /** (x - mean) / sqrt(var + eps) * weight + bias, with the channel's statistics and affine weights. */
    @Override
    public void computePlane(Attributes a, List<float[]> weights, int channel, float[] in, float[] out, int from,
            int length) {
        boolean affine = a.get(AFFINE);
        float mean = weights.get(affine ? 2 : 0)[channel];
        float std = (float) Math.sqrt(weights.get(affine ? 3 : 1)[channel] + a.get(EPS));
        float scale = affine ? weights.get(0)[channel] : 1;
        float shift = affine ? weights.get(1)[channel] : 0;
        for (int i = from; i < from + length; i++) {
            out[i] = (in[i] - mean) / std * scale + shift;
        }
    }

    @Override
    public boolean isElementWise() {
        return true;
    }

    /** {@code nn.BatchNorm2d} on feature maps, {@code nn.BatchNorm1d} on [N, C] and [N, C, L]. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.module(inputs.get(0).rank() == 4 ? "nn.BatchNorm2d" : "nn.BatchNorm1d").arg("num_features", inputs.get(0).c())
                .kw("eps", a.get(EPS), 1e-5).kw("affine", a.get(AFFINE), true);
    }
}
