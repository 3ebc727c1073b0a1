package org.netspec.ops;

import java.util.List;

/**
 * Operators that map every element on its own (with per-channel parameters at most): batch norm,
 * activations, PReLU, dropout at inference and the identity. The output has the input's shape,
 * each output position reads only its own input position, each channel only its own channel.
 */
public abstract class Pointwise extends Operator {
    protected Pointwise(String name, String summary, Attribute<?>... attributes) {
        super(name, summary, 1, 1, attributes);
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        return inputs.get(0);
    }

    @Override
    public final AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.IDENTITY;
    }

    @Override
    public final ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return ChannelFlow.PER_CHANNEL;
    }
}
