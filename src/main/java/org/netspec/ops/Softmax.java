package org.netspec.ops;

import java.util.List;
import java.util.Map;

/** Softmax over channels (class scores per pixel), in the numerically stable form frameworks use. */
public final class Softmax extends Operator {
    private static final long OPS_PER_ELEMENT = 5;

    Softmax() {
        super("softmax", "softmax over channels", 1, 1);
    }

    @Override
    public Category category() {
        return Category.ACTIVATION;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        return inputs.get(0);
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.ops(Math.multiplyExact(OPS_PER_ELEMENT, out.elements()));
    }

    /**
     * ONNX Softmax over the channels: axis 1 from opset 13; before it, a Softmax flattens from its
     * axis, which is the channels only for [N, C] or 1x1 maps. PyTorch's export before opset 13
     * moves the channels last and back ({@code Transpose, Softmax(axis=3), Transpose}), read
     * from its last Transpose.
     */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("Softmax", node -> {
            Shape in = node.inputShape(0);
            long axis = node.integer("axis", node.opset() < 13 ? 1 : -1);
            boolean channels = (axis < 0 ? axis + in.rank() : axis) == 1 && (node.opset() >= 13 || in.elements() == in.n() * in.c());
            if (!channels) {
                throw new OperatorException("Softmax over axis " + axis + " of " + in + " (opset " + node.opset() + "): "
                        + "netspec's softmax is over the channels");
            }
            return List.of(OnnxImport.of(this, List.of(node.inputs().get(0))));
        }, "Transpose", last -> {
            OnnxReader softmax = last.producer(last.inputs().get(0)).filter(n -> n.opType().equals("Softmax")).orElse(null);
            OnnxReader first = softmax == null ? null : softmax.producer(softmax.inputs().get(0))
                    .filter(n -> n.opType().equals("Transpose")).orElse(null);
            List<Long> swap = List.of(0L, 3L, 2L, 1L);
            if (first == null || !swap.equals(first.integers("perm").orElse(null)) || !swap.equals(last.integers("perm").orElse(null))
                    || Math.floorMod(softmax.integer("axis", 1), 4) != 3 || last.readers(last.inputs().get(0)) != 1
                    || last.readers(softmax.inputs().get(0)) != 1) {
                throw new OperatorException("netspec reads a Transpose only in PyTorch's softmax over channels "
                        + "(Transpose [0, 3, 2, 1], Softmax over axis 3, Transpose [0, 3, 2, 1])");
            }
            first.inputShape(0);
            return List.of(OnnxImport.of(this, List.of(first.inputs().get(0))).claim(softmax).claim(first));
        });
    }

    @Override
    public String costRule() {
        return "5 ops per element: compare for the max, subtract it, exp, add to the sum, divide";
    }

    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        onnx.node("Softmax", List.of(onnx.input(0)), onnx.output()).attribute("axis", 1);
    }

    /** Over the channels of each position: exp(x - max) / sum of exp(x - max). */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        int n = x.dim(0);
        int c = x.dim(1);
        int plane = (int) (x.shape().elements() / n / c);
        float[] in = x.data();
        Tensor y = Tensor.zeros(x.shape());
        float[] out = y.data();
        for (int b = 0; b < n; b++) {
            for (int p = 0; p < plane; p++) {
                int base = b * c * plane + p;
                float max = Float.NEGATIVE_INFINITY;
                for (int ch = 0; ch < c; ch++) {
                    max = Math.max(max, in[base + ch * plane]);
                }
                float sum = 0;
                for (int ch = 0; ch < c; ch++) {
                    float e = (float) Math.exp(in[base + ch * plane] - max);
                    out[base + ch * plane] = e;
                    sum += e;
                }
                for (int ch = 0; ch < c; ch++) {
                    out[base + ch * plane] /= sum;
                }
            }
        }
        return y;
    }

    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.IDENTITY;
    }

    /** Every output channel is normalised by the sum over all channels. */
    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return new ChannelFlow.Grouped(1);
    }

    /** {@code torch.softmax(x, dim=1)}. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.expression("torch.softmax({0}, dim=1)", PyTorchWriter.input(0));
    }
}
