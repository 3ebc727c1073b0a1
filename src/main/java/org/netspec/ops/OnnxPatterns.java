package org.netspec.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Activations that ONNX opset 17 spells as several nodes: how they are written, and how they are
 * read back from their last node (each inner node read by the pattern alone).
 */
final class OnnxPatterns {
    private static final double SQRT2 = Math.sqrt(2);

    private OnnxPatterns() {
    }

    /**
     * {@code x * f1(f2(...(x)))}, the factors in either order, where {@code gates} are the op
     * types from the Mul back to x (silu: Sigmoid; mish: Tanh, Softplus).
     */
    static List<OnnxImport> gatedProduct(Operator op, OnnxReader mul, List<String> gates) {
        for (int port = 0; port < 2 && port < mul.inputs().size(); port++) {
            String x = mul.inputs().get(1 - port);
            List<OnnxReader> chain = chain(mul, mul.inputs().get(port), gates);
            if (chain != null && chain.get(chain.size() - 1).inputs().get(0).equals(x)) {
                mul.inputShape(1 - port);
                OnnxImport read = OnnxImport.of(op, List.of(x));
                chain.forEach(read::claim);
                return List.of(read);
            }
        }
        throw new OperatorException("not x * " + String.join("(", gates) + "(x" + ")".repeat(gates.size()));
    }

    /** The nodes of the given types computing {@code tensor}, each one's output read only by the next; null if not. */
    private static List<OnnxReader> chain(OnnxReader from, String tensor, List<String> types) {
        List<OnnxReader> nodes = new ArrayList<>();
        String t = tensor;
        for (String type : types) {
            OnnxReader n = from.producer(t).filter(p -> p.opType().equals(type)).orElse(null);
            if (n == null || from.readers(t) != 1 || n.inputs().isEmpty()) {
                return null;
            }
            nodes.add(n);
            t = n.inputs().get(0);
        }
        return nodes;
    }

    /** The exact GELU as PyTorch's exporter writes it before opset 20: {@code x * (Erf(x / sqrt 2) + 1) * 0.5}. */
    static void writeGelu(OnnxWriter onnx) {
        String x = onnx.input(0);
        String scaled = onnx.value("scaled");
        onnx.node("Div", List.of(x, onnx.scalar("sqrt2", (float) SQRT2)), scaled);
        String erf = onnx.value("erf");
        onnx.node("Erf", List.of(scaled), erf);
        String plusOne = onnx.value("erf_plus_one");
        onnx.node("Add", List.of(erf, onnx.scalar("one", 1)), plusOne);
        String product = onnx.value("product");
        onnx.node("Mul", List.of(x, plusOne), product);
        onnx.node("Mul", List.of(product, onnx.scalar("half", 0.5f)), onnx.output());
    }

    /** {@link #writeGelu}'s pattern read back from its last Mul; the factors of each Mul and Add in either order. */
    static List<OnnxImport> gelu(Operator op, OnnxReader last) {
        OnnxReader product = factor(last, 0.5, "Mul");
        for (int port = 0; port < 2; port++) {
            String x = product.inputs().get(1 - port);
            OnnxReader add = inner(product, product.inputs().get(port), "Add");
            if (add == null) {
                continue;
            }
            OnnxReader erf = factor(add, 1, "Erf");
            OnnxReader div = inner(erf, erf.inputs().get(0), "Div");
            if (div != null && div.inputs().size() == 2 && div.inputs().get(0).equals(x)
                    && isConstant(div, div.inputs().get(1), SQRT2)) {
                product.inputShape(1 - port);
                return List.of(OnnxImport.of(op, List.of(x)).claim(product).claim(add).claim(erf).claim(div));
            }
        }
        throw new OperatorException("not GELU's x * (Erf(x / sqrt(2)) + 1) * 0.5");
    }

    /** The node of {@code type} that {@code node} combines with the constant {@code value}. */
    private static OnnxReader factor(OnnxReader node, double value, String type) {
        if (node.inputs().size() == 2) {
            for (int port = 0; port < 2; port++) {
                OnnxReader n = inner(node, node.inputs().get(port), type);
                if (n != null && isConstant(node, node.inputs().get(1 - port), value)) {
                    return n;
                }
            }
        }
        throw new OperatorException("not GELU's x * (Erf(x / sqrt(2)) + 1) * 0.5");
    }

    private static OnnxReader inner(OnnxReader reader, String tensor, String type) {
        Optional<OnnxReader> n = reader.producer(tensor).filter(p -> p.opType().equals(type) && !p.inputs().isEmpty());
        return n.isPresent() && reader.readers(tensor) == 1 ? n.get() : null;
    }

    private static boolean isConstant(OnnxReader node, String tensor, double value) {
        float[] v = node.floats(tensor).orElse(null);
        return v != null && v.length == 1 && Math.abs(v[0] - value) <= 1e-6 * Math.abs(value);
    }
}
