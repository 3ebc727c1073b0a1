package org.netspec.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Element-wise sum or product of several tensors, with NumPy broadcasting (attention gates):
 * {@code add}, {@code mul}; and {@code sum}, ONNX Sum of tensors of one shape, without broadcasting.
 */
public final class ElementWise extends Operator {
    ElementWise(String name, String summary) {
        super(name, summary, 2, Integer.MAX_VALUE);
    }

    @Override
    public Category category() {
        return Category.ELEMENT_WISE;
    }

    /** A sum ({@code add}, {@code sum}); a product ({@code mul}) otherwise. */
    public boolean isSum() {
        return !name().equals("mul");
    }

    /** Whether the inputs must have one shape ({@code sum}) rather than broadcast. */
    private boolean equalShapes() {
        return name().equals("sum");
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape first = inputs.get(0);
        if (equalShapes()) {
            for (int i = 1; i < inputs.size(); i++) {
                if (!inputs.get(i).equals(first)) {
                    throw new OperatorException("input " + (i + 1) + " is " + inputs.get(i) + " but input 1 is " + first
                            + "; `sum` adds inputs of one shape (`add` broadcasts)");
                }
            }
            return first;
        }
        long[] dims = new long[first.rank()];
        for (int d = 0; d < dims.length; d++) {
            dims[d] = first.dim(d);
        }
        for (int i = 1; i < inputs.size(); i++) {
            Shape s = inputs.get(i);
            if (s.rank() != dims.length) {
                throw new OperatorException("input " + (i + 1) + " is " + s + " but input 1 is " + first);
            }
            for (int d = 0; d < dims.length; d++) {
                if (s.dim(d) == dims[d] || s.dim(d) == 1) {
                    continue;
                }
                if (dims[d] != 1) {
                    throw new OperatorException("shapes do not match: input " + (i + 1) + " is " + s
                            + " but the inputs before it give " + Shape.of(dims) + " (sizes must be equal or 1)");
                }
                dims[d] = s.dim(d);
            }
        }
        return Shape.of(dims);
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.ops(Math.multiplyExact(inputs.size() - 1L, out.elements()));
    }

    /**
     * ONNX Add or Mul of tensors (not of constants). A sum or product of several tensors arrives as
     * a chain of two-input nodes, each read only by the next; read from the last, the chain is one
     * netspec node of all the tensors, as netspec's export writes it.
     */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        if (equalShapes()) {
            return Map.of("Sum", node -> {
                for (int port = 0; port < node.inputs().size(); port++) {
                    node.inputShape(port);
                }
                if (node.inputs().size() < 2) {
                    throw new OperatorException("a Sum of one tensor is not a sum");
                }
                return List.of(OnnxImport.of(this, node.inputs()));
            });
        }
        String opType = name().equals("add") ? "Add" : "Mul";
        return Map.of(opType, node -> {
            List<String> terms = new ArrayList<>();
            List<OnnxReader> chain = new ArrayList<>();
            terms(node, opType, terms, chain);
            for (String t : terms) {
                if (node.shape(t).isEmpty()) {
                    throw new OperatorException((node.dims(t).isPresent() ? "reads the constant `" : "reads `") + t
                            + "`; netspec " + (opType.equals("Add") ? "adds" : "multiplies") + " tensors the network computes");
                }
            }
            OnnxImport sum = OnnxImport.of(this, terms);
            chain.forEach(sum::claim);
            return List.of(sum);
        });
    }

    /** The tensors of a chain ending at {@code node}, first to last, and the earlier nodes of the chain. */
    private static void terms(OnnxReader node, String opType, List<String> terms, List<OnnxReader> chain) {
        for (String t : node.inputs()) {
            OnnxReader before = node.producer(t).filter(n -> n.opType().equals(opType) && n.inputs().size() == 2).orElse(null);
            if (before != null && node.readers(t) == 1) {
                chain.add(before);
                terms(before, opType, terms, chain);
            } else {
                terms.add(t);
            }
        }
    }

    @Override
    public String costRule() {
        return "(inputs - 1) ops per output element";
    }

    /**
     * ONNX Add or Mul (broadcasting as NumPy), chained from the first input to the last as the
     * kernel sums; one ONNX Sum for {@code sum}.
     */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        if (equalShapes()) {
            List<String> terms = new ArrayList<>();
            for (int port = 0; port < inputs.size(); port++) {
                terms.add(onnx.input(port));
            }
            onnx.node("Sum", terms, onnx.output());
            return;
        }
        String opType = name().equals("add") ? "Add" : "Mul";
        String acc = onnx.input(0);
        for (int port = 1; port < inputs.size(); port++) {
            String next = port == inputs.size() - 1 ? onnx.output() : onnx.value("partial" + port);
            onnx.node(opType, List.of(acc, onnx.input(port)), next);
            acc = next;
        }
    }

    /**
     * The sum or product of the inputs from the first to the last, each read at the output's
     * position with its size-1 dimensions repeated (broadcast).
     */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        int rank = inputs.get(0).shape().rank();
        long[] dims = new long[rank];
        for (int d = 0; d < rank; d++) {
            for (Tensor t : inputs) {
                dims[d] = Math.max(dims[d], t.shape().dim(d));
            }
        }
        Tensor y = Tensor.zeros(Shape.of(dims));
        float[] out = y.data();
        boolean sum = isSum();
        int[] position = new int[rank];
        for (int o = 0; o < out.length; o++) {
            float v = 0;
            for (int i = 0; i < inputs.size(); i++) {
                Tensor t = inputs.get(i);
                int at = 0;
                for (int d = 0; d < rank; d++) {
                    at = at * t.dim(d) + (t.dim(d) == 1 ? 0 : position[d]);
                }
                float e = t.data()[at];
                v = i == 0 ? e : sum ? v + e : v * e;
            }
            out[o] = v;
            for (int d = rank - 1; d >= 0 && ++position[d] == dims[d]; d--) {
                position[d] = 0;
            }
        }
        return y;
    }

    @Override
    public boolean isElementWise() {
        return true;
    }

    /** An input of length 1 on an axis is broadcast: every output position reads its one position. */
    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        if (!output.isFeatureMap()) {
            return AxisMap.IDENTITY;
        }
        long in = heightAxis ? inputs.get(port).h() : inputs.get(port).w();
        long out = heightAxis ? output.h() : output.w();
        return in == 1 && out > 1 ? AxisMap.broadcast() : AxisMap.IDENTITY;
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return ChannelFlow.ELEMENTWISE;
    }

    /** The inputs joined by {@code +} or {@code *}, which broadcast as netspec does. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        List<String> places = new ArrayList<>();
        List<Object> parts = new ArrayList<>();
        for (int port = 0; port < inputs.size(); port++) {
            places.add("{" + port + "}");
            parts.add(PyTorchWriter.input(port));
        }
        py.expression(String.join(isSum() ? " + " : " * ", places), parts.toArray());
    }
}
