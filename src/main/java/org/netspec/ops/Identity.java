package org.netspec.ops;

import java.util.List;

/** Passes its input on unchanged: a named point in a block, or a branch that does nothing. */
public final class Identity extends Operator {
    Identity() {
        super("identity", "identity", 1, 1);
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        return inputs.get(0);
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.FREE;
    }

    @Override
    public String costRule() {
        return "0 ops: returns its input";
    }

    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        return inputs.get(0);
    }

    @Override
    public boolean isView() {
        return true;
    }

    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.IDENTITY;
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return ChannelFlow.PER_CHANNEL;
    }
}
