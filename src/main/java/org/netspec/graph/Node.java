package org.netspec.graph;

import java.util.List;
import java.util.Optional;
import org.netspec.ops.Attributes;
import org.netspec.ops.Cost;
import org.netspec.ops.Operator;
import org.netspec.ops.Shape;
import org.netspec.spec.Frame;
import org.netspec.spec.SourceLocation;

/**
 * One primitive operator in a network: its scoped name ({@code level2.0.d4}), operator, typed
 * attributes, the nodes it reads in order, its inferred output shape and cost, and where it was written
 * with the chain of block instances that produced it. Names are unique in a network, so nodes
 * compare by identity.
 */
public final class Node {
    private final String name;
    private final Operator op;
    private final Attributes attributes;
    private final List<Node> inputs;
    private final Shape shape;
    private final Cost cost;
    private final SourceLocation location;
    private final List<Frame> chain;

    Node(String name, Operator op, Attributes attributes, List<Node> inputs, Shape shape, Cost cost,
            SourceLocation location, List<Frame> chain) {
        this.name = name;
        this.op = op;
        this.attributes = attributes;
        this.inputs = List.copyOf(inputs);
        this.shape = shape;
        this.cost = cost;
        this.location = location;
        this.chain = List.copyOf(chain);
    }

    public String name() {
        return name;
    }

    public Operator op() {
        return op;
    }

    public Attributes attributes() {
        return attributes;
    }

    /** The nodes this one reads, in the order of its {@code from:}. */
    public List<Node> inputs() {
        return inputs;
    }

    public List<Shape> inputShapes() {
        return inputs.stream().map(Node::shape).toList();
    }

    /** The inferred output shape. */
    public Shape shape() {
        return shape;
    }

    /** What one execution of this node costs, as its operator counts it. */
    public Cost cost() {
        return cost;
    }

    public SourceLocation location() {
        return location;
    }

    /** Block instances that produced this node, outermost first. */
    public List<Frame> chain() {
        return chain;
    }

    /** The block instance written in the network file that produced this node, if any. */
    public Optional<String> block() {
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0).instance());
    }

    /** The first component of the scoped name: the stage or top-level layer this node belongs to. */
    public String stage() {
        int dot = name.indexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }

    @Override
    public String toString() {
        return name;
    }
}
