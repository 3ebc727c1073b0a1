package org.netspec.ops;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Zero padding of channels and of the borders. Channel padding is how ENet's downsampling
 * bottleneck widens its max-pooled shortcut to the main branch's channels without weights.
 */
public final class Pad extends Operator {
    public static final Attribute<Long> CHANNELS = Attribute.integer("channels", "zero channels appended after the input's")
            .atLeast(0).withDefault(0L);
    public static final Attribute<List<Long>> SPATIAL = Attribute.integers("spatial",
            "zero rows and columns: [top, bottom, left, right]").atLeast(0).withDefault(List.of(0L, 0L, 0L, 0L));

    Pad() {
        super("pad", "zero padding of channels and borders", 1, 1, CHANNELS, SPATIAL);
    }

    @Override
    public Category category() {
        return Category.DATA_MOVEMENT;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape in = inputs.get(0);
        List<Long> s = a.get(SPATIAL);
        if (s.size() != 4) {
            throw new OperatorException("`spatial` needs 4 entries [top, bottom, left, right], got " + s, SPATIAL.name());
        }
        long h = Math.addExact(in.h(), Math.addExact(s.get(0), s.get(1)));
        long w = Math.addExact(in.w(), Math.addExact(s.get(2), s.get(3)));
        return in.withChannels(Math.addExact(in.c(), a.get(CHANNELS))).withSpatial(h, w);
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.FREE;
    }

    /**
     * ONNX Pad with zeros (opset 11 and newer: pads as an input, [x1_begin, ..., x1_end, ...]):
     * channels added after the input's, rows and columns on any side.
     */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("Pad", node -> {
            Shape in = node.inputShape(0);
            long[] pads = node.constantInts(1);
            String mode = node.text("mode").orElse("constant");
            Optional<float[]> value = node.input(2).flatMap(node::floats);
            if (!mode.equals("constant") || node.input(2).isPresent() && (value.isEmpty() || value.get().length != 1
                    || value.get()[0] != 0)) {
                throw new OperatorException("Pad " + mode + (node.input(2).isPresent() ? " with a value other than 0" : "")
                        + ": netspec pads with zeros");
            }
            if (node.input(3).isPresent() || in.rank() != 4 || pads.length != 8) {
                throw new OperatorException("netspec reads a Pad of all four axes of a feature map");
            }
            if (pads[0] != 0 || pads[4] != 0 || pads[1] != 0 || Arrays.stream(pads).anyMatch(p -> p < 0)) {
                throw new OperatorException("Pad " + Arrays.toString(pads) + ": netspec pads channels after the input's "
                        + "and rows and columns, with no cropping");
            }
            OnnxImport pad = OnnxImport.of(this, List.of(node.inputs().get(0)));
            if (pads[5] != 0) {
                pad.set(CHANNELS.name(), pads[5]);
            }
            if (pads[2] != 0 || pads[6] != 0 || pads[3] != 0 || pads[7] != 0) {
                pad.set(SPATIAL.name(), List.of(pads[2], pads[6], pads[3], pads[7]));
            }
            return List.of(pad);
        });
    }

    @Override
    public String costRule() {
        return "0 ops: zeros are written, nothing is computed";
    }

    /** ONNX Pad with zeros: channels after the input's, rows and columns on the given sides. */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        List<Long> s = a.get(SPATIAL);
        String pads = onnx.ints("pads", 0, 0, s.get(0), s.get(2), 0, a.get(CHANNELS), s.get(1), s.get(3));
        onnx.node("Pad", List.of(onnx.input(0), pads), onnx.output()).attribute("mode", "constant");
    }

    /** The input at rows top.., columns left.. of a zero tensor, its channels first and zero channels after. */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        List<Long> s = a.get(SPATIAL);
        int top = Math.toIntExact(s.get(0));
        int left = Math.toIntExact(s.get(2));
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oc = c + Math.toIntExact(a.get(CHANNELS));
        int oh = h + top + Math.toIntExact(s.get(1));
        int ow = w + left + Math.toIntExact(s.get(3));
        Tensor y = Tensor.zeros(Shape.nchw(n, oc, oh, ow));
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int row = 0; row < h; row++) {
                    System.arraycopy(x.data(), ((b * c + ch) * h + row) * w, y.data(),
                            ((b * oc + ch) * oh + top + row) * ow + left, w);
                }
            }
        }
        return y;
    }

    /** Rows (columns) added on top (left) move every output position away from the input's. */
    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.shift(a.get(SPATIAL).get(heightAxis ? 0 : 2));
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return new ChannelFlow.ZeroExtended(a.get(CHANNELS));
    }

    /** {@code F.pad}, whose pairs run from the last dimension back: width, height, then channels. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        List<Long> s = a.get(SPATIAL);
        Object[] parts = {PyTorchWriter.input(0), PyTorchWriter.value("left", s.get(2)), PyTorchWriter.value("right", s.get(3)),
            PyTorchWriter.value("top", s.get(0)), PyTorchWriter.value("bottom", s.get(1)),
            PyTorchWriter.value("channels", a.get(CHANNELS))};
        py.expression(a.get(CHANNELS) == 0 ? "F.pad({0}, ({1}, {2}, {3}, {4}))" : "F.pad({0}, ({1}, {2}, {3}, {4}, 0, {5}))",
                parts);
    }
}
