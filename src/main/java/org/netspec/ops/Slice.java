package org.netspec.ops;

import java.util.List;

/** Channels [start, end) of the input ({@code x[:, start:end]}), for splits of uneven parts. */
public final class Slice extends Operator {
    public static final Attribute<Long> START = Attribute.integer("start", "first channel taken").atLeast(0);
    public static final Attribute<Long> END = Attribute.integer("end", "channel after the last one taken; all if absent")
            .atLeast(1).optional();

    Slice() {
        super("slice", "a range of channels", 1, 1, START, END);
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape in = inputs.get(0);
        long start = a.get(START);
        long end = a.find(END).orElse(in.c());
        if (end > in.c()) {
            throw new OperatorException("`end` " + end + " is past the input's " + in.c() + " channels", END.name());
        }
        if (start >= end) {
            throw new OperatorException("channels [" + start + ", " + end + ") are empty", START.name());
        }
        return in.withChannels(end - start);
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.FREE;
    }

    @Override
    public String costRule() {
        return "0 ops: a view of some channels";
    }

    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        return channels(x, Math.toIntExact(a.get(START)), a.find(END).map(Math::toIntExact).orElse(x.dim(1)));
    }

    /** A copy of channels [start, end) of every image. */
    static Tensor channels(Tensor x, int start, int end) {
        int n = x.dim(0);
        int c = x.dim(1);
        int plane = (int) (x.shape().elements() / n / c);
        Tensor y = Tensor.zeros(x.shape().withChannels(end - start));
        for (int b = 0; b < n; b++) {
            System.arraycopy(x.data(), (b * c + start) * plane, y.data(), b * (end - start) * plane, (end - start) * plane);
        }
        return y;
    }

    /** Copies out only the selected channels, so it reads as much as it writes. */
    @Override
    public long elementsRead(Attributes a, List<Shape> inputs, Shape output) {
        return output.elements();
    }

    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.IDENTITY;
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return new ChannelFlow.Selected(a.get(START), output.c());
    }
}
