package org.netspec.exec;

import java.util.List;
import org.netspec.ops.Attributes;
import org.netspec.ops.AxisMap;
import org.netspec.ops.Category;
import org.netspec.ops.ChannelFlow;
import org.netspec.ops.Cost;
import org.netspec.ops.Operator;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/** A test-only operator whose shape rule disagrees with its kernel: it promises one row fewer than it returns. */
public final class WrongShape extends Operator {
    public WrongShape() {
        super("wrong_shape", "a broken shape rule", 1, 1);
    }

    @Override
    public Category category() {
        return Category.PASS_THROUGH;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape in = inputs.get(0);
        return in.withSpatial(in.h() - 1, in.w());
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape output) {
        return Cost.FREE;
    }

    @Override
    public String costRule() {
        return "0 ops";
    }

    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.IDENTITY;
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return ChannelFlow.PER_CHANNEL;
    }

    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        return Tensor.of(x.shape(), x.data().clone());
    }
}
