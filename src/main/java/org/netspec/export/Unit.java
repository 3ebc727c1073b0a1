package org.netspec.export;

import java.util.ArrayList;
import java.util.List;
import org.netspec.graph.Node;

/**
 * A part of the network that becomes one {@code nn.Module} with a forward of its own: the network,
 * a block instance, or one repetition of a repeated group. Its inputs are the tensors its nodes
 * read from outside it; its outputs the tensors of its nodes read from outside it (or network
 * outputs), the last-declared first.
 */
final class Unit {
    enum Type { NETWORK, BLOCK, REPETITION }

    /** A tensor in forward: a node's output, or the arg-max indices its max-pool returns beside it. */
    record Value(Node node, boolean indices) {
    }

    private final Type type;
    private final String kind;
    private final String prefix;
    private Unit parent;
    private final List<Node> nodes = new ArrayList<>();
    private final List<Unit> children = new ArrayList<>();
    private List<Value> inputs = List.of();
    private List<Value> outputs = List.of();
    private boolean dead;
    private int position;
    private int height;

    /**
     * @param kind the block's name, the repeated group's name, or the network's name
     * @param prefix the scope of the unit's nodes ({@code level2.0.}), empty for the network
     */
    Unit(Type type, String kind, String prefix) {
        this.type = type;
        this.kind = kind;
        this.prefix = prefix;
    }

    Type type() {
        return type;
    }

    String kind() {
        return kind;
    }

    String prefix() {
        return prefix;
    }

    Unit parent() {
        return parent;
    }

    void setParent(Unit p) {
        parent = p;
        p.children.add(this);
    }

    /** Every node inside the unit, nested units included, in declaration order. */
    List<Node> nodes() {
        return nodes;
    }

    boolean contains(Node n) {
        return n.name().startsWith(prefix);
    }

    /** A name inside the unit without the unit's prefix: {@code level2.0.reduce} in {@code level2.0} is {@code reduce}. */
    String local(String name) {
        return name.substring(prefix.length());
    }

    /** The unit's name inside {@code outer}, without the trailing dot. */
    String localIn(Unit outer) {
        return outer.local(prefix.substring(0, prefix.length() - 1));
    }

    /** Where the unit's first node is in declaration order. */
    int position() {
        return position;
    }

    /** How deep units nest inside it: 0 when none does. */
    int height() {
        return height;
    }

    void place(int first) {
        position = first;
        height = 0;
        for (Unit c : children) {
            height = Math.max(height, c.height + 1);
        }
    }

    List<Value> inputs() {
        return inputs;
    }

    List<Value> outputs() {
        return outputs;
    }

    void setInterface(List<Value> in, List<Value> out) {
        inputs = List.copyOf(in);
        outputs = List.copyOf(out);
    }

    /**
     * True when no node of the unit reaches a network output: its modules are built but the network
     * never calls it. Its own forward then runs all of its nodes, so its class still has one.
     */
    boolean dead() {
        return dead;
    }

    void setDead(boolean d) {
        dead = d;
    }
}
