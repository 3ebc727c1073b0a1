package org.netspec.importer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.netspec.onnx.Onnx;
import org.netspec.ops.Attributes;
import org.netspec.ops.Input;
import org.netspec.ops.OnnxImport;
import org.netspec.ops.OnnxImporter;
import org.netspec.ops.OnnxImporters;
import org.netspec.ops.Operator;
import org.netspec.ops.OperatorException;
import org.netspec.ops.Operators;
import org.netspec.ops.Shape;
import org.netspec.ops.Weight;

/**
 * Reads a model's nodes in order into netspec nodes. Each node is offered to the importers of its
 * type (catalogue order; the first that reads it wins). A node no importer reads is left pending:
 * the last node of a pattern may take it in later (a Slice of a per-bin pooling, the Transpose of
 * a shuffle), and a pattern may also take in nodes read on their own before (a Pad before an
 * average pool), which are then withdrawn. What is still pending and read at the end cannot be
 * imported. Shapes are inferred as nodes are read, since importers read the shapes of their inputs.
 */
final class ModelImport {
    private final GraphIndex graph;
    private final Constants constants;
    private final List<Made> made = new ArrayList<>();
    private final Map<String, Made> byTensor = new HashMap<>();
    private final Map<Integer, List<Made>> byAnchor = new HashMap<>();
    private final String[] pending;
    private final boolean[] claimed;

    ModelImport(GraphIndex graph, TensorData data) {
        this.graph = graph;
        this.constants = new Constants(graph, data, this::shape);
        this.pending = new String[graph.nodes.size()];
        this.claimed = new boolean[graph.nodes.size()];
    }

    private Optional<Shape> shape(String tensor) {
        return Optional.ofNullable(byTensor.get(tensor)).map(m -> m.shape);
    }

    Constants constants() {
        return constants;
    }

    /** The nodes made, in an order where each follows the nodes it reads. */
    List<Made> made() {
        return made;
    }

    Optional<Made> producer(String tensor) {
        return Optional.ofNullable(byTensor.get(tensor));
    }

    void input(String name, Shape shape) {
        Operator input = Operators.find("input").orElseThrow();
        Made m = new Made(-1, name, input, Attributes.of(input, Map.of(Input.SHAPE.name(), shape.toList())), List.of(), shape,
                List.of(), null, List.of(name));
        made.add(m);
        byTensor.put(name, m);
    }

    /** Offers every node that is not constant to its importers. */
    void readNodes() {
        for (int i = 0; i < graph.nodes.size(); i++) {
            if (constants.isConstantNode(i) || claimed[i]) {
                continue;
            }
            String type = graph.nodes.get(i).getOpType();
            List<OnnxImporter> importers = graph.isStandard(i) ? OnnxImporters.of(type) : List.of();
            pending[i] = importers.isEmpty() ? unsupported(i) : null;
            for (OnnxImporter importer : importers) {
                try {
                    pending[i] = apply(i, importer.read(new NodeView(graph, constants, this::shape, i)));
                } catch (OperatorException e) {
                    pending[i] = e.getMessage();
                } catch (ArithmeticException e) {
                    pending[i] = "its sizes overflow 64 bits";
                }
                if (pending[i] == null) {
                    break;
                }
            }
        }
    }

    private String unsupported(int node) {
        Onnx.NodeProto n = graph.nodes.get(node);
        String type = graph.isStandard(node) ? n.getOpType() : n.getDomain() + "." + n.getOpType();
        return "netspec does not read " + type + " nodes; it reads " + String.join(", ", OnnxImporters.opTypes());
    }

    /** The problems left: pending nodes whose results are read, in graph order, as "node `x` (Op): reason". */
    List<String> problems() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < pending.length; i++) {
            if (pending[i] != null && !claimed[i] && graph.nodes.get(i).getOutputList().stream().anyMatch(t -> graph.readers(t) > 0)) {
                out.add(graph.describe(i) + ": " + pending[i]);
            }
        }
        return out;
    }

    /** Pending nodes whose results nothing reads: left out of the network. */
    List<Integer> leftOut() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < pending.length; i++) {
            if (pending[i] != null && !claimed[i] && graph.nodes.get(i).getOutputList().stream().allMatch(t -> graph.readers(t) == 0)) {
                out.add(i);
            }
        }
        return out;
    }

    /** Checks what an importer read and, when it all fits, adds it; otherwise returns why it does not. */
    private String apply(int anchor, List<OnnxImport> readings) {
        Set<Integer> claims = new HashSet<>();
        for (OnnxImport r : readings) {
            for (var c : r.claimed()) {
                claims.add(((NodeView) c).index());
            }
        }
        String problem = checkClaims(anchor, claims);
        if (problem != null) {
            return problem;
        }
        Set<String> covered = new HashSet<>();
        List<Made> fresh = new ArrayList<>();
        for (OnnxImport r : readings) {
            List<String> outputs = r.outputs().isEmpty()
                    ? graph.nodes.get(anchor).getOutputList().stream().filter(t -> !t.isEmpty()).toList() : r.outputs();
            covered.addAll(outputs);
            List<Made> inputs = new ArrayList<>();
            for (String t : r.inputs()) {
                Made m = byTensor.get(t);
                if (m == null || claims.contains(m.anchor)) {
                    return "reads `" + t + "`, which is not a tensor netspec computes";
                }
                inputs.add(m);
            }
            Made m;
            try {
                m = make(anchor, r, inputs, outputs);
            } catch (OperatorException e) {
                return e.getMessage();
            }
            fresh.add(m);
        }
        for (String t : graph.nodes.get(anchor).getOutputList()) {
            if (!t.isEmpty() && graph.readers(t) > 0 && !covered.contains(t)) {
                return "its output `" + t + "` is read, but netspec computes only " + covered;
            }
        }
        for (int c : claims) {
            withdraw(c);
            claimed[c] = true;
            pending[c] = null;
        }
        byAnchor.put(anchor, fresh);
        for (Made m : fresh) {
            made.add(m);
            m.tensors.forEach(t -> byTensor.put(t, m));
        }
        return null;
    }

    /** A pattern may take in earlier nodes only if nothing outside it reads what they compute. */
    private String checkClaims(int anchor, Set<Integer> claims) {
        for (int c : claims) {
            if (c >= anchor || constants.isConstantNode(c)) {
                return "takes in " + graph.describe(c) + ", which does not come before it";
            }
            for (String t : graph.nodes.get(c).getOutputList()) {
                if (t.isEmpty()) {
                    continue;
                }
                if (graph.isOutput(t) || graph.readingNodes(t).stream().anyMatch(r -> r != anchor && !claims.contains(r))) {
                    return "takes in " + graph.describe(c) + ", whose result `" + t + "` is also read elsewhere";
                }
            }
        }
        return null;
    }

    private void withdraw(int node) {
        for (Made m : byAnchor.getOrDefault(node, List.of())) {
            made.remove(m);
            byTensor.values().removeIf(x -> x == m);
        }
        byAnchor.remove(node);
    }

    /** The netspec node an importer describes, with its attributes, shape and weights checked. */
    private Made make(int anchor, OnnxImport r, List<Made> inputs, List<String> outputs) {
        Operator op = r.op();
        Attributes attributes = Attributes.of(op, r.attributes());
        if (inputs.size() < op.minInputs() || inputs.size() > op.maxInputs()) {
            throw new OperatorException("`" + op.name() + "` takes " + op.minInputs() + " to " + op.maxInputs()
                    + " inputs, got " + inputs.size());
        }
        List<Shape> shapes = inputs.stream().map(m -> m.shape).toList();
        op.checkSources(attributes, inputs.stream().map(m -> new Operator.Source(m.op, m.attributes)).toList());
        Shape shape = op.outputShape(attributes, shapes);
        List<Weight> weights = op.weights(attributes, shapes);
        if (weights.size() != r.weights().size()) {
            throw new OperatorException("a `" + op.name() + "` of these attributes has " + weights.size() + " weights, "
                    + "the node gives " + r.weights().size());
        }
        for (int k = 0; k < weights.size(); k++) {
            OnnxImport.WeightTensor w = r.weights().get(k);
            long[] dims = constants.value(w.tensor()).map(Value::dims).orElseThrow(() -> new OperatorException(
                    "its weight `" + w.tensor() + "` is not a constant"));
            if (w.transposed() && dims.length == 2) {
                dims = new long[] {dims[1], dims[0]};
            }
            long[] expected = weights.get(k).shape().toList().stream().mapToLong(Long::longValue).toArray();
            if (!Arrays.equals(withoutOnes(dims), withoutOnes(expected))) {
                throw new OperatorException("its weight `" + w.tensor() + "` is " + Arrays.toString(dims) + " but the "
                        + weights.get(k).name() + " of this `" + op.name() + "` is " + Arrays.toString(expected));
            }
        }
        String source = graph.nodes.get(anchor).getName().isEmpty()
                ? graph.nodes.get(anchor).getOutput(0) : graph.nodes.get(anchor).getName();
        return new Made(anchor, r.part().isEmpty() ? source : source + "." + r.part(), op, attributes, inputs, shape, weights,
                r, outputs);
    }

    /** Dimensions with the 1s left out: a slope stored [C, 1, 1] to broadcast is PyTorch's [C]. */
    private static long[] withoutOnes(long[] dims) {
        return Arrays.stream(dims).filter(d -> d != 1).toArray();
    }
}
