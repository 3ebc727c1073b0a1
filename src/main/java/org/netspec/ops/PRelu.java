package org.netspec.ops;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Parametric ReLU (PyTorch {@code nn.PReLU}). One slope per channel by default, as ESPNet,
 * ESPNetv2 and the authors' ENet build it; {@code shared: true} is {@code nn.PReLU()}'s single slope.
 */
public final class PRelu extends PerChannel {
    public static final Attribute<Boolean> SHARED = Attribute.bool("shared", "one slope for all channels instead of one per channel")
            .withDefault(false);

    PRelu() {
        super("prelu", "parametric ReLU", SHARED);
    }

    @Override
    public Category category() {
        return Category.ACTIVATION;
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.weighted(a.get(SHARED) ? 1 : out.c(), 0, Math.multiplyExact(2, out.elements()));
    }

    /** ONNX PRelu: a slope of one element is shared, else one per channel (stored [C, 1, 1] to broadcast). */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("PRelu", this::fromOnnx);
    }

    private List<OnnxImport> fromOnnx(OnnxReader node) {
        Shape in = node.inputShape(0);
        String slope = node.input(1).orElseThrow(() -> new OperatorException("the slope input is missing"));
        long[] dims = node.dims(slope).orElseThrow(() -> new OperatorException("the slope `" + slope + "` is not a constant"));
        OnnxImport prelu = OnnxImport.of(this, List.of(node.inputs().get(0))).weight(slope);
        if (Arrays.stream(dims).reduce(1, Math::multiplyExact) == 1 && in.c() != 1) {
            prelu.set(SHARED.name(), true);
        }
        return List.of(prelu);
    }

    @Override
    public String costRule() {
        return "2 ops per element (compare, multiply); params C, or 1 if shared";
    }

    /**
     * ONNX PRelu. ONNX broadcasts the slope against the trailing dimensions, so one slope per
     * channel is stored as [C, 1, 1] for a feature map (PyTorch's [C] would meet the width).
     */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        long[] dims = new long[inputs.get(0).rank() - 1];
        Arrays.fill(dims, 1);
        dims[0] = a.get(SHARED) ? 1 : inputs.get(0).c();
        onnx.node("PRelu", List.of(onnx.input(0), onnx.weight("weight", dims)), onnx.output());
    }

    @Override
    public List<Weight> weights(Attributes a, List<Shape> inputs) {
        // PyTorch initialises the slopes to 0.25; drawn around it so channels differ
        return List.of(new Weight("weight", Shape.of(a.get(SHARED) ? 1 : inputs.get(0).c()), true, 0.05f, 0.45f));
    }

    /** x where x >= 0, slope * x elsewhere, with the slope of the channel (or the one shared). */
    @Override
    public void computePlane(Attributes a, List<float[]> weights, int channel, float[] in, float[] out, int from,
            int length) {
        float[] slope = weights.get(0);
        float s = slope[slope.length == 1 ? 0 : channel];
        for (int i = from; i < from + length; i++) {
            float v = in[i];
            out[i] = v >= 0 ? v : s * v;
        }
    }

    @Override
    public boolean isElementWise() {
        return true;
    }

    /** {@code nn.PReLU(C)}, or {@code nn.PReLU(1)} for one shared slope. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.module("nn.PReLU").arg("num_parameters", a.get(SHARED) ? 1L : inputs.get(0).c());
    }
}
