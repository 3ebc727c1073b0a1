package org.netspec.ops;

import java.util.List;

/** ShuffleNet's channel shuffle: interleaves the channels of groups so grouped layers mix. */
public final class ChannelShuffle extends Operator {
    public static final Attribute<Long> GROUPS = Attribute.integer("groups", "groups whose channels are interleaved")
            .atLeast(1);

    ChannelShuffle() {
        super("channel_shuffle", "channel shuffle", 1, 1, GROUPS);
    }

    @Override
    public Category category() {
        return Category.DATA_MOVEMENT;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape in = inputs.get(0);
        long g = a.get(GROUPS);
        if (in.c() % g != 0) {
            throw new OperatorException("channels " + in.c() + " are not divisible by groups " + g, GROUPS.name());
        }
        return in;
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.FREE;
    }

    @Override
    public String costRule() {
        return "0 ops: a permutation of channels";
    }

    /** Reshape to [N, groups, C / groups, ...], swap the two channel axes, reshape back. */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        Shape in = inputs.get(0);
        long g = a.get(GROUPS);
        long[] grouped = new long[in.rank() + 1];
        long[] perm = new long[in.rank() + 1];
        grouped[0] = in.n();
        grouped[1] = g;
        grouped[2] = in.c() / g;
        perm[1] = 2;
        perm[2] = 1;
        for (int d = 2; d < in.rank(); d++) {
            grouped[d + 1] = in.dim(d);
            perm[d + 1] = d + 1;
        }
        String split = onnx.value("grouped");
        onnx.node("Reshape", List.of(onnx.input(0), onnx.ints("grouped_shape", grouped)), split);
        String swapped = onnx.value("transposed");
        onnx.node("Transpose", List.of(split), swapped).ints("perm", perm);
        onnx.node("Reshape", List.of(swapped, onnx.ints("shape", in.toList().stream().mapToLong(Long::longValue).toArray())),
                onnx.output());
    }

    /**
     * PyTorch's shuffle: view the channels as (groups, C / groups), transpose to (C / groups,
     * groups) and flatten, so output channel j is input channel (j % groups) * (C / groups) + j / groups.
     */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        int n = x.dim(0);
        int c = x.dim(1);
        int g = Math.toIntExact(a.get(GROUPS));
        int plane = (int) (x.shape().elements() / n / c);
        Tensor y = Tensor.zeros(x.shape());
        for (int b = 0; b < n; b++) {
            for (int group = 0; group < g; group++) {
                for (int k = 0; k < c / g; k++) {
                    int from = group * (c / g) + k;
                    int to = k * g + group;
                    System.arraycopy(x.data(), (b * c + from) * plane, y.data(), (b * c + to) * plane, plane);
                }
            }
        }
        return y;
    }

    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.IDENTITY;
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return new ChannelFlow.Interleaved(a.get(GROUPS));
    }

    /** A helper with PyTorch's view, transpose and flatten of the channels. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.helper("channel_shuffle", """
                def channel_shuffle(x, groups):
                    \"\"\"ShuffleNet's channel shuffle: channels viewed as (groups, C / groups), transposed, flattened.\"\"\"
                    return x.unflatten(1, (groups, x.shape[1] // groups)).transpose(1, 2).flatten(1, 2)
                """);
        py.expression("channel_shuffle({0}, {1})", PyTorchWriter.input(0), PyTorchWriter.value("groups", a.get(GROUPS)));
    }
}
