package org.netspec.ops;

import java.util.List;

/** Softmax over channels (class scores per pixel), in the numerically stable form frameworks use. */
public final class Softmax extends Operator {
    private static final long OPS_PER_ELEMENT = 5;

    Softmax() {
        super("softmax", "softmax over channels", 1, 1);
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
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.IDENTITY;
    }

    /** Every output channel is normalised by the sum over all channels. */
    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return new ChannelFlow.Grouped(1);
    }
}
