package org.netspec.ops;

import java.util.List;

/**
 * The operators that copy out one contiguous range of channels ({@code chunk}, {@code slice},
 * {@code split}): each declares only which range it selects; the shape, cost, memory traffic,
 * receptive field, channel flow and kernel follow from the range.
 */
public abstract class ChannelSelection extends Operator {
    /** Channels [start, start + count) of the input. */
    protected record Range(long start, long count) {
    }

    protected ChannelSelection(String name, String summary, Attribute<?>... attributes) {
        super(name, summary, 1, 1, attributes);
    }

    /**
     * The selected range of an input's channels.
     *
     * @throws OperatorException naming the attribute when the range does not fit the input
     */
    protected abstract Range range(Attributes a, Shape input);

    @Override
    public final Shape outputShape(Attributes a, List<Shape> inputs) {
        return inputs.get(0).withChannels(range(a, inputs.get(0)).count());
    }

    @Override
    public final Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.FREE;
    }

    @Override
    public final String costRule() {
        return "0 ops: a copy of some channels";
    }

    /** ONNX Slice of the selected channels. */
    @Override
    public final void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        Range r = range(a, inputs.get(0));
        onnx.node("Slice", List.of(onnx.input(0), onnx.ints("starts", r.start()), onnx.ints("ends", r.start() + r.count()),
                onnx.ints("axes", 1)), onnx.output());
    }

    @Override
    public final Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        Range r = range(a, x.shape());
        int n = x.dim(0);
        int c = x.dim(1);
        int start = Math.toIntExact(r.start());
        int count = Math.toIntExact(r.count());
        int plane = (int) (x.shape().elements() / n / c);
        Tensor y = Tensor.zeros(x.shape().withChannels(count));
        for (int b = 0; b < n; b++) {
            System.arraycopy(x.data(), (b * c + start) * plane, y.data(), b * count * plane, count * plane);
        }
        return y;
    }

    /** Copies out only the selected channels, so it reads as much as it writes. */
    @Override
    public final long elementsRead(Attributes a, List<Shape> inputs, Shape output) {
        return output.elements();
    }

    @Override
    public final AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.IDENTITY;
    }

    @Override
    public final ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return new ChannelFlow.Selected(range(a, inputs.get(0)).start(), output.c());
    }
}
