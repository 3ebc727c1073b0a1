package org.netspec.ops;

import java.util.List;

/**
 * One part of a channel split ({@code torch.split(x, sizes, dim=1)[index]}), as ShuffleNet V2 and
 * ESPNetv2 branch a tensor. A node is one tensor, so each part is its own node.
 */
public final class Split extends Operator {
    public static final Attribute<List<Long>> SIZES = Attribute.integers("sizes", "channels of each part, in order")
            .atLeast(1);
    public static final Attribute<Long> INDEX = Attribute.integer("index", "which part this node is, from 0").atLeast(0);

    Split() {
        super("split", "one part of a channel split", 1, 1, SIZES, INDEX);
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape in = inputs.get(0);
        List<Long> sizes = a.get(SIZES);
        long index = a.get(INDEX);
        long total = 0;
        for (long size : sizes) {
            total = Math.addExact(total, size);
        }
        if (total != in.c()) {
            throw new OperatorException("`sizes` " + sizes + " add up to " + total + " but the input has " + in.c()
                    + " channels", SIZES.name());
        }
        if (index >= sizes.size()) {
            throw new OperatorException("`index` " + index + " is out of range for " + sizes.size() + " parts", INDEX.name());
        }
        return in.withChannels(sizes.get((int) index));
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.FREE;
    }

    @Override
    public String costRule() {
        return "0 ops: a view of some channels";
    }

    /** Channels from the sum of the earlier parts' sizes, as many as this part's size. */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        List<Long> sizes = a.get(SIZES);
        int index = Math.toIntExact(a.get(INDEX));
        long start = 0;
        for (int i = 0; i < index; i++) {
            start += sizes.get(i);
        }
        return Slice.channels(inputs.get(0), (int) start, (int) (start + sizes.get(index)));
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
        List<Long> sizes = a.get(SIZES);
        long start = 0;
        for (int i = 0; i < a.get(INDEX); i++) {
            start += sizes.get(i);
        }
        return new ChannelFlow.Selected(start, output.c());
    }
}
