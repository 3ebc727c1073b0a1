package org.netspec.ops;

import java.util.List;

/** Parameter-free element-wise activations; each kind declares its operations per element. */
public final class Activation extends Operator {
    /** The activation functions, with the scalar operations each one takes per element. */
    public enum Kind {
        RELU("relu", 1, "max(x, 0)"),
        RELU6("relu6", 2, "min(max(x, 0), 6)"),
        SIGMOID("sigmoid", 4, "1 / (1 + exp(-x)): negate, exp, add, divide"),
        TANH("tanh", 5, "(e - 1) / (e + 1) with e = exp(2x): multiply, exp, subtract, add, divide"),
        HARDSIGMOID("hardsigmoid", 4, "relu6(x + 3) / 6: add, max, min, multiply"),
        HARDSWISH("hardswish", 5, "x * hardsigmoid(x)");

        private final String opName;
        private final long opsPerElement;
        private final String formula;

        Kind(String opName, long opsPerElement, String formula) {
            this.opName = opName;
            this.opsPerElement = opsPerElement;
            this.formula = formula;
        }
    }

    private final Kind kind;

    Activation(Kind kind) {
        super(kind.opName, kind.opName + " activation", 1, 1);
        this.kind = kind;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        return inputs.get(0);
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.ops(Math.multiplyExact(kind.opsPerElement, out.elements()));
    }

    @Override
    public String costRule() {
        return kind.opsPerElement + " op" + (kind.opsPerElement > 1 ? "s" : "") + " per element: " + kind.formula;
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
