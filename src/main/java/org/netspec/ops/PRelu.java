package org.netspec.ops;

import java.util.List;

/**
 * Parametric ReLU (PyTorch {@code nn.PReLU}). One slope per channel by default, as ESPNet,
 * ESPNetv2 and the authors' ENet build it; {@code shared: true} is {@code nn.PReLU()}'s single slope.
 */
public final class PRelu extends Operator {
    public static final Attribute<Boolean> SHARED = Attribute.bool("shared", "one slope for all channels instead of one per channel")
            .withDefault(false);

    PRelu() {
        super("prelu", "parametric ReLU", 1, 1, SHARED);
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        return inputs.get(0);
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.weighted(a.get(SHARED) ? 1 : out.c(), 0, Math.multiplyExact(2, out.elements()));
    }

    @Override
    public String costRule() {
        return "2 ops per element (compare, multiply); params C, or 1 if shared";
    }

    @Override
    public boolean isElementWise() {
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
