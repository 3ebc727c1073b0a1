package org.netspec.graph;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jgrapht.Graph;
import org.jgrapht.graph.AsUnmodifiableGraph;

/**
 * A validated network: a JGraphT DAG of primitive nodes whose edges carry tensor shapes, with
 * its inputs, outputs and the nodes that reach no output. Immutable. Nodes are listed in
 * declaration order, which is a topological order.
 */
public final class Network {
    private final String name;
    private final Path file;
    private final Graph<Node, Edge> graph;
    private final List<Node> nodes;
    private final Map<String, Node> byName = new LinkedHashMap<>();
    private final List<Node> outputs;
    private final Set<Node> unused;

    Network(String name, Path file, Graph<Node, Edge> graph, List<Node> nodes, List<Node> outputs) {
        this.name = name;
        this.file = file;
        this.graph = new AsUnmodifiableGraph<>(graph);
        this.nodes = List.copyOf(nodes);
        this.outputs = List.copyOf(outputs);
        nodes.forEach(n -> byName.put(n.name(), n));
        this.unused = Collections.unmodifiableSet(unreachable(graph, nodes, outputs));
    }

    private static Set<Node> unreachable(Graph<Node, Edge> graph, List<Node> nodes, List<Node> outputs) {
        Set<Node> used = new HashSet<>(outputs);
        Deque<Node> work = new ArrayDeque<>(outputs);
        while (!work.isEmpty()) {
            for (Edge e : graph.incomingEdgesOf(work.pop())) {
                if (used.add(e.source())) {
                    work.push(e.source());
                }
            }
        }
        Set<Node> unused = new LinkedHashSet<>();
        for (Node n : nodes) {
            if (!used.contains(n)) {
                unused.add(n);
            }
        }
        return unused;
    }

    public String name() {
        return name;
    }

    /** The spec file the network was read from. */
    public Path file() {
        return file;
    }

    /** The DAG, read-only: vertices are nodes, edges carry the tensors. */
    public Graph<Node, Edge> graph() {
        return graph;
    }

    /** Every node in declaration order (a topological order). */
    public List<Node> nodes() {
        return nodes;
    }

    public Optional<Node> node(String nodeName) {
        return Optional.ofNullable(byName.get(nodeName));
    }

    /** Nodes of operator {@code input}. */
    public List<Node> inputs() {
        return nodes.stream().filter(n -> n.inputs().isEmpty() && n.op().name().equals("input")).toList();
    }

    public List<Node> outputs() {
        return outputs;
    }

    /** Nodes from which no output can be reached: built but never run. */
    public Set<Node> unused() {
        return unused;
    }

    public boolean isUnused(Node node) {
        return unused.contains(node);
    }
}
