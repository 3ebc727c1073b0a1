package org.netspec.graph;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jgrapht.graph.DirectedAcyclicGraph;
import org.netspec.ops.Cost;
import org.netspec.ops.Operator;
import org.netspec.ops.OperatorException;
import org.netspec.ops.Shape;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.ExpandedNode;
import org.netspec.spec.Expander;
import org.netspec.spec.Expressions;
import org.netspec.spec.Limits;
import org.netspec.spec.NetworkSpec;
import org.netspec.spec.NodeSink;
import org.netspec.spec.Overrides;
import org.netspec.spec.SourceLocation;
import org.netspec.spec.SpecException;

/**
 * Turns an expanded spec into a {@link Network}: wires each node to the nodes it reads, runs its
 * operator's shape rule and cost, and reports every node that breaks a rule at the line that
 * wrote it, with the block instances that led there.
 */
public final class NetworkBuilder implements NodeSink {
    /** A built network, or the problems that prevented it; warnings come either way. */
    public record Result(Optional<Network> network, List<Diagnostic> diagnostics) {
        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(Diagnostic::isError);
        }

        public List<Diagnostic> warnings() {
            return diagnostics.stream().filter(d -> !d.isError()).toList();
        }

        /**
         * The network, when it was built.
         *
         * @throws SpecException with every error, when it was not
         */
        public Network orThrow() throws SpecException {
            if (hasErrors()) {
                throw new SpecException(diagnostics.stream().filter(Diagnostic::isError).toList());
            }
            return network.orElseThrow();
        }
    }

    private final DirectedAcyclicGraph<Node, Edge> graph = new DirectedAcyclicGraph<>(null, null, false, true);
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private NetworkBuilder() {
    }

    /**
     * Expands and builds a loaded spec.
     *
     * @throws SpecException when the command-line values do not fit the spec
     */
    public static Result build(NetworkSpec spec, Overrides overrides, Limits limits, Expressions expressions)
            throws SpecException {
        return build(spec, overrides.resolve(spec, expressions), limits, expressions);
    }

    /** Expands and builds a loaded spec with values already checked against it (a sweep reads each value once). */
    public static Result build(NetworkSpec spec, Overrides.Resolved values, Limits limits, Expressions expressions) {
        NetworkBuilder builder = new NetworkBuilder();
        List<String> outputNames = Expander.expand(spec, values, limits, builder, expressions, builder.diagnostics);
        return builder.finish(spec.name(), spec.file(), spec.location(), outputNames);
    }

    /**
     * Builds a network from nodes already expanded, in an order where each node follows the nodes
     * it reads: for programs that make networks without a spec file, and for operators outside the
     * catalogue.
     */
    public static Result build(String name, Path file, List<ExpandedNode> nodes, List<String> outputNames) {
        NetworkBuilder builder = new NetworkBuilder();
        nodes.forEach(builder::add);
        return builder.finish(name, file, SourceLocation.ofFile(file), outputNames);
    }

    private Result finish(String name, Path file, SourceLocation location, List<String> outputNames) {
        boolean failed = diagnostics.stream().anyMatch(Diagnostic::isError);
        if (!failed && outputNames.isEmpty()) {
            diagnostics.add(Diagnostic.error(location, "the network has no output"));
            failed = true;
        }
        if (failed) {
            return new Result(Optional.empty(), List.copyOf(diagnostics));
        }
        List<Node> outputs = outputNames.stream().map(nodes::get).distinct().toList();
        Network network = new Network(name, file, graph, new ArrayList<>(nodes.values()), outputs);
        if (!network.unused().isEmpty()) {
            Node first = network.unused().iterator().next();
            SourceLocation where = first.chain().isEmpty() ? first.location() : first.chain().get(0).location();
            diagnostics.add(Diagnostic.warning(where, network.unused().size()
                    + " node" + (network.unused().size() == 1 ? "" : "s") + " reach no output and cost nothing (their parameters still count): "
                    + abbreviate(network.unused().stream().map(Node::name).toList())));
        }
        return new Result(Optional.of(network), List.copyOf(diagnostics));
    }

    private static String abbreviate(List<String> names) {
        if (names.size() <= 6) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, 6)) + " and " + (names.size() - 6) + " more";
    }

    @Override
    public Optional<Shape> add(ExpandedNode e) {
        Operator op = e.op();
        List<Node> inputs = e.inputs().stream().map(nodes::get).toList();
        if (inputs.size() < op.minInputs() || inputs.size() > op.maxInputs()) {
            error(e, e.location(), "`" + op.name() + "` takes " + arity(op) + ", got " + inputs.size()
                    + (inputs.isEmpty() ? "" : " (" + describe(inputs) + ")"));
            return Optional.empty();
        }
        Shape shape;
        Cost cost;
        try {
            op.checkSources(e.attributes(), inputs.stream().map(n -> new Operator.Source(n.op(), n.attributes())).toList());
            List<Shape> inputShapes = inputs.stream().map(Node::shape).toList();
            shape = op.outputShape(e.attributes(), inputShapes);
            cost = op.cost(e.attributes(), inputShapes, shape);
        } catch (OperatorException x) {
            error(e, x.attribute().map(e::locationOf).orElse(e.location()), "`" + e.name() + "` (" + op.name() + "): " + x.getMessage()
                    + (inputs.isEmpty() ? "" : "; input" + (inputs.size() == 1 ? "" : "s") + ": " + describe(inputs)));
            return Optional.empty();
        } catch (ArithmeticException x) {
            error(e, e.location(), "`" + e.name() + "` (" + op.name() + "): its counts overflow 64 bits");
            return Optional.empty();
        }
        if (wrapped(cost)) {
            error(e, e.location(), "`" + e.name() + "` (" + op.name() + "): its counts overflow 64 bits");
            return Optional.empty();
        }
        Node node = new Node(e.name(), op, e.attributes(), inputs, shape, cost, e.location(), e.chain());
        graph.addVertex(node);
        for (int port = 0; port < inputs.size(); port++) {
            graph.addEdge(inputs.get(port), node, new Edge(inputs.get(port), node, port));
        }
        nodes.put(node.name(), node);
        return Optional.of(shape);
    }

    @Override
    public Optional<Shape> shape(String node) {
        return Optional.ofNullable(nodes.get(node)).map(Node::shape);
    }

    /** A negative count can only come from an unchecked product or sum that went past 64 bits. */
    private static boolean wrapped(Cost c) {
        return c.params() < 0 || c.buffers() < 0 || c.macs() < 0 || c.biasAdds() < 0 || c.ops() < 0;
    }

    private static String arity(Operator op) {
        if (op.minInputs() == op.maxInputs()) {
            return op.minInputs() + " input" + (op.minInputs() == 1 ? "" : "s");
        }
        return op.maxInputs() == Integer.MAX_VALUE ? "at least " + op.minInputs() + " inputs"
                : op.minInputs() + " to " + op.maxInputs() + " inputs";
    }

    private static String describe(List<Node> inputs) {
        return inputs.stream().map(n -> n.name() + " " + n.shape()).collect(Collectors.joining(", "));
    }

    private void error(ExpandedNode node, SourceLocation at, String message) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, at, message, node.chain()));
    }
}
