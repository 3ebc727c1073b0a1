package org.netspec.ops;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Average over all of H and W to one value per channel (classifier and attention heads). */
public final class GlobalAvgPool extends Operator {
    GlobalAvgPool() {
        super("global_avgpool", "global average pooling", 1, 1);
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
        return Cost.ops(inputs.get(0).elements());
    }

    /** ONNX GlobalAveragePool, or a ReduceMean over H and W that keeps them. */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("GlobalAveragePool", this::fromOnnx, "ReduceMean", node -> {
            long[] axes = node.integers("axes").map(v -> v.stream().mapToLong(Long::longValue).toArray())
                    .orElseGet(() -> node.input(1).isPresent() ? node.constantInts(1) : new long[0]);
            int rank = node.inputShape(0).rank();
            Set<Long> reduced = Arrays.stream(axes).map(a -> a < 0 ? a + rank : a).boxed().collect(Collectors.toSet());
            if (rank != 4 || !reduced.equals(Set.of(2L, 3L)) || node.integer("keepdims", 1) != 1) {
                throw new OperatorException("ReduceMean over axes " + Arrays.toString(axes) + (node.integer("keepdims", 1) != 1
                        ? " without keepdims" : "") + ": netspec averages H and W together, keeping them "
                        + "(global_avgpool), or by PyTorch's adaptive bins");
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
        return "1 op per input element: H*W - 1 adds and 1 divide per channel";
    }

    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        onnx.node("GlobalAveragePool", List.of(onnx.input(0)), onnx.output());
    }

    /** The mean of each channel's plane. */
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
            for (int i = 0; i < plane; i++) {
                sum += in[p * plane + i];
            }
            y.data()[p] = sum / plane;
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

    /** {@code nn.AdaptiveAvgPool2d(1)}. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.module("nn.AdaptiveAvgPool2d").arg("output_size", 1L);
    }
}
