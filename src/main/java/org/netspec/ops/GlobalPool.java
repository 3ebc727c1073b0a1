package org.netspec.ops;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Average or maximum over all of H and W to one value per channel (classifier and attention heads). */
public final class GlobalPool extends Operator {
    private final boolean max;

    private GlobalPool(String name, String summary, boolean max) {
        super(name, summary, 1, 1);
        this.max = max;
    }

    static GlobalPool average() {
        return new GlobalPool("global_avgpool", "global average pooling", false);
    }

    static GlobalPool maximum() {
        return new GlobalPool("global_maxpool", "global max pooling", true);
    }

    @Override
    public Category category() {
        return Category.POOLING;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        return inputs.get(0).withSpatial(1, 1);
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        long values = inputs.get(0).elements();
        return Cost.ops(max ? values - out.elements() : values);
    }

    /** ONNX GlobalAveragePool (GlobalMaxPool), or a ReduceMean (ReduceMax) over H and W that keeps them. */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        String reduceType = max ? "ReduceMax" : "ReduceMean";
        return Map.of(max ? "GlobalMaxPool" : "GlobalAveragePool", this::fromOnnx, reduceType, node -> {
            long[] axes = node.integers("axes").map(v -> v.stream().mapToLong(Long::longValue).toArray())
                    .orElseGet(() -> node.input(1).isPresent() ? node.constantInts(1) : new long[0]);
            int rank = node.inputShape(0).rank();
            Set<Long> reduced = Arrays.stream(axes).map(a -> a < 0 ? a + rank : a).boxed().collect(Collectors.toSet());
            if (rank != 4 || !reduced.equals(Set.of(2L, 3L)) || node.integer("keepdims", 1) != 1) {
                throw new OperatorException(reduceType + " over axes " + Arrays.toString(axes) + (node.integer("keepdims", 1)
                        != 1 ? " without keepdims" : "") + ": netspec reduces H and W together, keeping them ("
                        + name() + "), or by PyTorch's adaptive bins");
            }
            return fromOnnx(node);
        });
    }

    private List<OnnxImport> fromOnnx(OnnxReader node) {
        if (node.inputShape(0).rank() != 4) {
            throw new OperatorException("the input is not a feature map [N, C, H, W]");
        }
        return List.of(OnnxImport.of(this, List.of(node.inputs().get(0))));
    }

    @Override
    public String costRule() {
        return max ? "H*W - 1 comparisons per channel" : "1 op per input element: H*W - 1 adds and 1 divide per channel";
    }

    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        onnx.node(max ? "GlobalMaxPool" : "GlobalAveragePool", List.of(onnx.input(0)), onnx.output());
    }

    /** The mean (maximum) of each channel's plane. */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        int n = x.dim(0);
        int c = x.dim(1);
        int plane = x.dim(2) * x.dim(3);
        Tensor y = Tensor.zeros(Shape.nchw(n, c, 1, 1));
        float[] in = x.data();
        for (int p = 0; p < n * c; p++) {
            float sum = 0;
            float most = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < plane; i++) {
                sum += in[p * plane + i];
                most = Math.max(most, in[p * plane + i]);
            }
            y.data()[p] = max ? most : sum / plane;
        }
        return y;
    }

    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.GLOBAL;
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return ChannelFlow.PER_CHANNEL;
    }

    /** {@code nn.AdaptiveAvgPool2d(1)} or {@code nn.AdaptiveMaxPool2d(1)}. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.module(max ? "nn.AdaptiveMaxPool2d" : "nn.AdaptiveAvgPool2d").arg("output_size", 1L);
    }
}
