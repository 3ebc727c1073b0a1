package org.netspec.ops;

import java.util.List;

/** Fully connected layer (PyTorch {@code nn.Linear}) on [N, F]; feature maps need a flatten first. */
public final class Linear extends Operator {
    public static final Attribute<Long> OUT = Attribute.integer("out", "output features").atLeast(1);
    public static final Attribute<Boolean> BIAS = Attribute.bool("bias", "learned bias per output feature")
            .withDefault(true);

    Linear() {
        super("linear", "fully connected layer", 1, 1, OUT, BIAS);
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape in = inputs.get(0);
        if (in.rank() != 2) {
            throw new OperatorException("`linear` takes [N, F] but the input is " + in
                    + (in.isFeatureMap() ? ": add `op: flatten` before it" : ""));
        }
        return Shape.of(in.n(), a.get(OUT));
    }

    /** F * out * N multiply-accumulates; bias adds one per output. */
    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        Shape in = inputs.get(0);
        long weights = Math.multiplyExact(in.dim(1), out.dim(1));
        boolean bias = a.get(BIAS);
        return Cost.product(Cost.MacKind.LINEAR, Math.addExact(weights, bias ? out.dim(1) : 0), Math.multiplyExact(weights, in.n()),
                bias ? out.elements() : 0);
    }

    @Override
    public String costRule() {
        return "MACs = F*out*N; params F*out (+out if biased); bias adds = output elements if biased";
    }

    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.GLOBAL;
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return new ChannelFlow.Grouped(1);
    }
}
