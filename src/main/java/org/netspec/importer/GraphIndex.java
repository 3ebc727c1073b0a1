package org.netspec.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.netspec.onnx.Onnx;
import org.netspec.spec.SpecException;

/**
 * A model's graph, indexed: which node writes each tensor, how many read it, the initializers,
 * the real inputs (initializers listed as inputs by old exporters left out) and the declared
 * shapes. Checked on construction: each tensor written once, each read after it is written.
 */
final class GraphIndex {
    final Onnx.GraphProto graph;
    final long opset;
    final List<Onnx.NodeProto> nodes;
    final Map<String, Onnx.TensorProto> initializers = new HashMap<>();
    final List<Onnx.ValueInfoProto> inputs;
    /** The types the file declares for tensors: value_info and the graph outputs. */
    final Map<String, Onnx.TypeProto> declared = new HashMap<>();
    private final Map<String, Integer> producers = new HashMap<>();
    private final Map<String, List<Integer>> readers = new HashMap<>();
    private final Set<String> outputs = new HashSet<>();

    GraphIndex(Path file, Onnx.ModelProto model) throws SpecException {
        graph = model.getGraph();
        opset = ModelFile.opset(model);
        nodes = graph.getNodeList();
        for (Onnx.TensorProto t : graph.getInitializerList()) {
            if (initializers.put(t.getName(), t) != null) {
                throw ModelFile.error(file, "the initializer `" + t.getName() + "` is stored twice");
            }
        }
        inputs = graph.getInputList().stream().filter(v -> !initializers.containsKey(v.getName())).toList();
        Map<String, String> defined = new LinkedHashMap<>();
        initializers.keySet().forEach(n -> defined.put(n, "an initializer"));
        for (Onnx.ValueInfoProto in : inputs) {
            if (defined.put(in.getName(), "a graph input") != null) {
                throw ModelFile.error(file, "the graph input `" + in.getName() + "` is declared twice");
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            Onnx.NodeProto node = nodes.get(i);
            if (node.getOpType().isEmpty()) {
                throw ModelFile.error(file, describe(i) + " has no operator type");
            }
            for (String in : node.getInputList()) {
                if (in.isEmpty()) {
                    continue;
                }
                if (!defined.containsKey(in)) {
                    throw ModelFile.error(file, describe(i) + " reads `" + in + "`, which no input, initializer or earlier "
                            + "node defines (ONNX lists nodes in execution order)");
                }
                readers.computeIfAbsent(in, t -> new ArrayList<>()).add(i);
            }
            for (String out : node.getOutputList()) {
                if (out.isEmpty()) {
                    continue;
                }
                String before = defined.put(out, describe(i));
                if (before != null) {
                    throw ModelFile.error(file, describe(i) + " writes `" + out + "`, which " + before + " already defines");
                }
                producers.put(out, i);
            }
        }
        for (Onnx.ValueInfoProto out : graph.getOutputList()) {
            if (!defined.containsKey(out.getName())) {
                throw ModelFile.error(file, "the graph output `" + out.getName() + "` is not computed by any node");
            }
            outputs.add(out.getName());
            declared.put(out.getName(), out.getType());
        }
        for (Onnx.ValueInfoProto v : graph.getValueInfoList()) {
            declared.putIfAbsent(v.getName(), v.getType());
        }
        if (graph.getOutputCount() == 0) {
            throw ModelFile.error(file, "the graph has no output");
        }
    }

    /** How a node is named in messages: {@code node `name` (OpType)}, or its position when it has no name. */
    String describe(int node) {
        Onnx.NodeProto n = nodes.get(node);
        return "node " + (n.getName().isEmpty() ? "#" + (node + 1) : "`" + n.getName() + "`") + " (" + n.getOpType() + ")";
    }

    /** The index of the node writing a tensor; empty for inputs and initializers. */
    Optional<Integer> producer(String tensor) {
        return Optional.ofNullable(producers.get(tensor));
    }

    /** How many nodes read a tensor, plus one when it is a graph output. */
    int readers(String tensor) {
        return readingNodes(tensor).size() + (isOutput(tensor) ? 1 : 0);
    }

    /** The indices of the nodes reading a tensor (a node reading it twice is listed twice). */
    List<Integer> readingNodes(String tensor) {
        return readers.getOrDefault(tensor, List.of());
    }

    boolean isOutput(String tensor) {
        return outputs.contains(tensor);
    }

    Optional<Onnx.AttributeProto> attribute(int node, String name) {
        for (Onnx.AttributeProto a : nodes.get(node).getAttributeList()) {
            if (a.getName().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Whether the node belongs to the standard operator set. */
    boolean isStandard(int node) {
        String domain = nodes.get(node).getDomain();
        return domain.isEmpty() || domain.equals("ai.onnx");
    }
}
