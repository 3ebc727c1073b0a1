package org.netspec.ops;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Channels [start, end) of the input ({@code x[:, start:end]}), for splits of uneven parts. */
public final class Slice extends ChannelSelection {
    public static final Attribute<Long> START = Attribute.integer("start", "first channel taken").atLeast(0);
    public static final Attribute<Long> END = Attribute.integer("end", "channel after the last one taken; all if absent")
            .atLeast(1).optional();

    Slice() {
        super("slice", "a range of channels", START, END);
    }

    /** ONNX Slice of channels with step 1; ends past the last channel are clamped, as ONNX does. */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("Slice", node -> {
            Shape in = node.inputShape(0);
            long[] starts = node.constantInts(1);
            long[] ends = node.constantInts(2);
            long[] axes = node.input(3).isPresent() ? node.constantInts(3) : new long[] {0};
            long[] steps = node.input(4).isPresent() ? node.constantInts(4) : new long[] {1};
            if (starts.length != 1 || ends.length != 1 || axes.length != 1 || steps.length != 1
                    || (axes[0] < 0 ? axes[0] + in.rank() : axes[0]) != 1 || steps[0] != 1) {
                throw new OperatorException("a Slice of axes " + Arrays.toString(axes) + " with steps " + Arrays.toString(steps)
                        + ": netspec slices a range of channels (axis 1, step 1)");
            }
            long start = clamp(starts[0], in.c());
            long end = clamp(ends[0], in.c());
            OnnxImport slice = OnnxImport.of(this, List.of(node.inputs().get(0))).set(START.name(), start);
            if (end != in.c()) {
                slice.set(END.name(), end);
            }
            return List.of(slice);
        });
    }

    /** An ONNX slice bound: negative counts from the end; the result lies in [0, n]. */
    private static long clamp(long bound, long n) {
        return Math.max(0, Math.min(n, bound < 0 ? bound + n : bound));
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
