package org.netspec.ops;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One part of a channel split ({@code torch.split(x, sizes, dim=1)[index]}), as ShuffleNet V2 and
 * ESPNetv2 branch a tensor. A node is one tensor, so each part is its own node.
 */
public final class Split extends ChannelSelection {
    public static final Attribute<List<Long>> SIZES = Attribute.integers("sizes", "channels of each part, in order")
            .atLeast(1);
    public static final Attribute<Long> INDEX = Attribute.integer("index", "which part this node is, from 0").atLeast(0);

    Split() {
        super("split", "one part of a channel split", SIZES, INDEX);
    }

    /**
     * ONNX Split along channels: one netspec node per output that is read, named after the Split
     * and its output's index. Sizes from the {@code split} attribute (before opset 13) or input,
     * else equal parts.
     */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("Split", node -> {
            Shape in = node.inputShape(0);
            long axis = node.integer("axis", 0);
            if ((axis < 0 ? axis + in.rank() : axis) != 1) {
                throw new OperatorException("Split along axis " + axis + ": netspec splits channels (axis 1)");
            }
            int parts = node.outputs().size();
            List<Long> sizes = node.integers("split").orElse(null);
            if (sizes == null && node.input(1).isPresent()) {
                sizes = Arrays.stream(node.constantInts(1)).boxed().toList();
            }
            if (sizes == null) {
                if (in.c() % parts != 0) {
                    throw new OperatorException(in.c() + " channels do not split into " + parts + " equal parts");
                }
                sizes = Collections.nCopies(parts, in.c() / parts);
            }
            List<OnnxImport> nodes = new ArrayList<>();
            for (int i = 0; i < parts; i++) {
                if (node.isRead(i)) {
                    nodes.add(OnnxImport.of(this, List.of(node.inputs().get(0))).set(SIZES.name(), sizes)
                            .set(INDEX.name(), (long) i).output(node.outputs().get(i)).part(Integer.toString(i)));
                }
            }
            return nodes;
        });
    }

    @Override
    protected Range range(Attributes a, Shape input) {
        List<Long> sizes = a.get(SIZES);
        long index = a.get(INDEX);
        long total = 0;
        for (long size : sizes) {
            total = Math.addExact(total, size);
        }
        if (total != input.c()) {
            throw new OperatorException("`sizes` " + sizes + " add up to " + total + " but the input has " + input.c()
                    + " channels", SIZES.name());
        }
        if (index >= sizes.size()) {
            throw new OperatorException("`index` " + index + " is out of range for " + sizes.size() + " parts", INDEX.name());
        }
        long start = 0;
        for (int i = 0; i < index; i++) {
            start += sizes.get(i);
        }
        return new Range(start, sizes.get((int) index));
    }

    /** {@code x.split(sizes, dim=1)[index]}. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.expression("{0}.split({1}, dim=1)[{2}]", PyTorchWriter.input(0), PyTorchWriter.value("sizes", a.get(SIZES)),
                PyTorchWriter.value("index", a.get(INDEX)));
    }
}
