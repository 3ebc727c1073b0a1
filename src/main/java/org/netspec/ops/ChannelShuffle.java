package org.netspec.ops;

import java.util.List;
import java.util.Map;

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

    /**
     * The channel shuffle as exporters write it, read from its last node: Reshape to [N, groups,
     * C / groups, H, W], Transpose swapping the two channel axes, Reshape back to the input's shape.
     */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("Reshape", last -> {
            OnnxReader swap = last.producer(last.inputs().get(0)).filter(n -> n.opType().equals("Transpose")).orElse(null);
            OnnxReader split = swap == null ? null : swap.producer(swap.inputs().get(0))
                    .filter(n -> n.opType().equals("Reshape")).orElse(null);
            if (split == null || last.readers(last.inputs().get(0)) != 1 || last.readers(swap.inputs().get(0)) != 1) {
                throw new OperatorException("not a channel shuffle (Reshape, Transpose, Reshape)");
            }
            Shape in = split.inputShape(0);
            long[] grouped = Reshapes.target(split, in);
            long[] back = Reshapes.target(last, Shape.of(grouped));
            List<Long> perm = swap.integers("perm").orElse(List.of());
            boolean swapsChannels = perm.size() == grouped.length && perm.get(1) == 2 && perm.get(2) == 1;
            for (int d = 0; d < perm.size() && swapsChannels; d++) {
                swapsChannels = d == 1 || d == 2 || perm.get(d) == d && (d == 0 || grouped[d] == in.dim(d - 1));
            }
            if (grouped.length != in.rank() + 1 || grouped[0] != in.n() || grouped[1] * grouped[2] != in.c() || !swapsChannels
                    || !Shape.of(back).equals(in)) {
                throw new OperatorException("not a channel shuffle: reshapes " + in + " to " + Shape.of(grouped)
                        + ", transposes by " + perm + " and reshapes to " + Shape.of(back));
            }
            return List.of(OnnxImport.of(this, List.of(split.inputs().get(0))).set(GROUPS.name(), grouped[1])
                    .claim(swap).claim(split));
        });
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
