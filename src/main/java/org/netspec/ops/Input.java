package org.netspec.ops;

import java.util.List;

/** A network input: a tensor of a declared shape that no other node produces. */
public final class Input extends Operator {
    public static final Attribute<List<Long>> SHAPE = Attribute.integers("shape", "tensor shape, e.g. [1, 3, 512, 1024]")
            .atLeast(1);

    Input() {
        super("input", "network input", 0, 0, SHAPE);
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        return Shape.of(a.get(SHAPE).stream().mapToLong(Long::longValue).toArray());
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.FREE;
    }

    @Override
    public String costRule() {
        return "0 ops: the tensor is given";
    }

    /** Nothing to compute: the tensor is a graph input, named after the node. */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
    }

    /** The tensor is given: an executor passes it as the only input and gets it back. */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        return inputs.get(0);
    }

    /** The tensor is given; producing it moves no data inside the network. */
    @Override
    public long elementsWritten(Attributes a, List<Shape> inputs, Shape output) {
        return 0;
    }

    /** An input reads nothing: it is where receptive fields start. */
    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        throw new IllegalArgumentException("`input` has no input ports");
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return ChannelFlow.PER_CHANNEL;
    }
}
