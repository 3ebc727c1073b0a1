package org.netspec.ops;

import java.util.List;
import java.util.Map;

/**
 * Layer normalisation over the channels of each position, with a weight and a bias per channel:
 * ConvNeXt's channels-first LayerNorm ({@code nn.LayerNorm(C)} applied to [N, H, W, C]), or
 * {@code nn.LayerNorm(C)} itself on [N, C]. The statistics are computed from the input at inference.
 */
public final class LayerNorm extends Operator {
    public static final Attribute<Double> EPS = Moments.eps();

    LayerNorm() {
        super("layernorm", "layer normalisation over channels", 1, 1, EPS);
    }

    @Override
    public Category category() {
        return Category.NORMALISATION;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Moments.checkEps(a, EPS);
        Shape in = inputs.get(0);
        if (in.rank() < 2) {
            throw new OperatorException("normalises the channels of [N, C, ...], got " + in);
        }
        return in;
    }

    /** Params: weight and bias per channel; one normalised set per position of every image. */
    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.weighted(Math.multiplyExact(2, out.c()), 0, Moments.ops(out, out.elements() / out.c(), true));
    }

    @Override
    public String costRule() {
        return Moments.COST_RULE + "; sets: N * H * W positions (N rows of [N, C]); params 2C";
    }

    @Override
    public List<Weight> weights(Attributes a, List<Shape> inputs) {
        return Moments.affineWeights(inputs.get(0).c());
    }

    /** Each position's C values normalised together, then scaled and shifted per channel. */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        Tensor y = Tensor.zeros(x.shape());
        int c = x.dim(1);
        int positions = PerChannel.planeSize(x.shape());
        for (int n = 0; n < x.dim(0); n++) {
            for (int p = 0; p < positions; p++) {
                Moments.normalise(x.data(), y.data(), n * c * positions + p, c, positions, a.get(EPS));
            }
        }
        Moments.affine(y, weights.get(0), weights.get(1));
        return y;
    }

    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.IDENTITY;
    }

    /** Every output channel reads every input channel of its position. */
    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return new ChannelFlow.Grouped(1);
    }

    @Override
    public boolean isElementWise() {
        return true;
    }

    /**
     * ONNX LayerNormalization over the last axis: on [N, C] directly, on a feature map between a
     * Transpose that moves the channels last and one that moves them back.
     */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        int rank = inputs.get(0).rank();
        List<String> affine = List.of(onnx.weight("weight"), onnx.weight("bias"));
        float eps = a.get(EPS).floatValue();
        if (rank == 2) {
            onnx.node("LayerNormalization", List.of(onnx.input(0), affine.get(0), affine.get(1)), onnx.output())
                    .attribute("axis", -1).attribute("epsilon", eps);
            return;
        }
        long[] last = new long[rank];
        long[] back = new long[rank];
        for (int d = 1; d < rank; d++) {
            last[d] = d == rank - 1 ? 1 : d + 1;
            back[d] = d == 1 ? rank - 1 : d - 1;
        }
        String moved = onnx.value("channels_last");
        onnx.node("Transpose", List.of(onnx.input(0)), moved).ints("perm", last);
        String normalised = onnx.value("normalised");
        onnx.node("LayerNormalization", List.of(moved, affine.get(0), affine.get(1)), normalised)
                .attribute("axis", -1).attribute("epsilon", eps);
        onnx.node("Transpose", List.of(normalised), onnx.output()).ints("perm", back);
    }

    /** {@link #toOnnx}'s forms, read from their last node. */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("LayerNormalization", node -> {
            if (node.inputShape(0).rank() != 2) {
                throw new OperatorException("netspec normalises over channels: a LayerNormalization on [N, C], or "
                        + "between Transposes that move the channels last and back");
            }
            return List.of(read(node, node.inputs().get(0)));
        }, "Transpose", last -> {
            OnnxReader norm = last.producer(last.inputs().get(0)).filter(n -> n.opType().equals("LayerNormalization"))
                    .orElse(null);
            OnnxReader first = norm == null ? null : norm.producer(norm.inputs().get(0))
                    .filter(n -> n.opType().equals("Transpose")).orElse(null);
            if (first == null || last.readers(last.inputs().get(0)) != 1 || norm.readers(norm.inputs().get(0)) != 1) {
                throw new OperatorException("not a layer norm over channels (Transpose, LayerNormalization, Transpose)");
            }
            int rank = first.inputShape(0).rank();
            List<Long> toLast = first.integers("perm").orElse(List.of());
            List<Long> toFirst = last.integers("perm").orElse(List.of());
            for (int d = 0; d < rank; d++) {
                long moved = d == 0 ? 0 : d == rank - 1 ? 1 : d + 1;
                long back = d == 0 ? 0 : d == 1 ? rank - 1 : d - 1;
                if (toLast.size() != rank || toFirst.size() != rank || toLast.get(d) != moved || toFirst.get(d) != back) {
                    throw new OperatorException("not a layer norm over channels: transposes by " + toLast + " and " + toFirst);
                }
            }
            return List.of(read(norm, first.inputs().get(0)).claim(norm).claim(first));
        });
    }

    private OnnxImport read(OnnxReader norm, String x) {
        long axis = norm.integer("axis", -1);
        if (axis != -1 && axis != norm.inputShape(0).rank() - 1) {
            throw new OperatorException("a LayerNormalization over axes from " + axis + " on: netspec normalises one axis");
        }
        String scale = norm.input(1).orElseThrow(() -> new OperatorException("the scale input is missing"));
        String bias = norm.input(2).orElseThrow(() -> new OperatorException("the bias input is missing; netspec's "
                + "layernorm has one"));
        OnnxImport ln = OnnxImport.of(this, List.of(x)).weight(scale).weight(bias);
        double eps = norm.number("epsilon").orElse(1e-5);
        if (eps != EPS.defaultValue()) {
            ln.set(EPS.name(), eps);
        }
        return ln;
    }

    /** {@code nn.LayerNorm(C)} on [N, C]; on feature maps a LayerNorm over channels-last positions. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        String constructor = "nn.LayerNorm";
        if (inputs.get(0).rank() == 4) {
            constructor = "LayerNorm2d";
            py.helper(constructor, """
                    class LayerNorm2d(nn.LayerNorm):
                        \"\"\"LayerNorm over the channels of each position of [N, C, H, W] (ConvNeXt's channels-first form).\"\"\"

                        def forward(self, x):
                            return super().forward(x.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)
                    """);
        } else if (inputs.get(0).rank() != 2) {
            throw py.unsupported("layernorm over channels of " + inputs.get(0) + ": PyTorch's form is written for [N, C] "
                    + "and [N, C, H, W]");
        }
        py.module(constructor).arg("normalized_shape", inputs.get(0).c()).kw("eps", a.get(EPS), 1e-5);
    }
}
