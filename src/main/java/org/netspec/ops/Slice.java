package org.netspec.ops;

import java.util.List;

/** Channels [start, end) of the input ({@code x[:, start:end]}), for splits of uneven parts. */
public final class Slice extends ChannelSelection {
    public static final Attribute<Long> START = Attribute.integer("start", "first channel taken").atLeast(0);
    public static final Attribute<Long> END = Attribute.integer("end", "channel after the last one taken; all if absent")
            .atLeast(1).optional();

    Slice() {
        super("slice", "a range of channels", START, END);
    }

    @Override
    protected Range range(Attributes a, Shape input) {
        long start = a.get(START);
        long end = a.find(END).orElse(input.c());
        if (end > input.c()) {
            throw new OperatorException("`end` " + end + " is past the input's " + input.c() + " channels", END.name());
        }
        if (start >= end) {
            throw new OperatorException("channels [" + start + ", " + end + ") are empty", START.name());
        }
        return new Range(start, end - start);
    }

    /** {@code x[:, start:end]}. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        Range r = range(a, inputs.get(0));
        py.expression("{0}[:, {1}:{2}]", PyTorchWriter.input(0), PyTorchWriter.value("start", r.start()),
                PyTorchWriter.value("end", r.start() + r.count()));
    }
}
