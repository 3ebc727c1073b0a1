package org.netspec.ops;

import java.util.List;

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
