package org.netspec.ops;

import java.util.List;

/** Batch normalisation at inference (PyTorch {@code nn.BatchNorm2d}). */
public final class BatchNorm extends Operator {
    public static final Attribute<Double> EPS = Attribute.number("eps", "added to the variance").withDefault(1e-5);
    public static final Attribute<Boolean> AFFINE = Attribute.bool("affine", "learned scale and shift").withDefault(true);

    BatchNorm() {
        super("batchnorm", "batch normalisation", 1, 1, EPS, AFFINE);
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        return inputs.get(0);
    }

    /** Params: scale and shift per channel; buffers: running mean and variance per channel. */
    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        long c = out.c();
        return Cost.weighted(a.get(AFFINE) ? Math.multiplyExact(2, c) : 0, Math.multiplyExact(2, c), Math.multiplyExact(2, out.elements()));
    }

    @Override
    public String costRule() {
        return "2 ops per element (multiply and add of the folded scale and shift); params 2C if affine, buffers 2C";
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
