package org.netspec.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.netspec.graph.Network;
import org.netspec.graph.Node;

/** How the nodes of a network are grouped into the rows of a rollup. */
public enum Grouping {
    LAYER(Node::name),
    /** By the block instance written in the network file; nodes outside blocks stand alone. */
    BLOCK(n -> n.block().orElse(n.name())),
    /** By the first component of the scoped name. */
    STAGE(Node::stage),
    /** By operator: where the parameters and work go (all convolutions, all batch norms, ...). */
    OP(n -> n.op().name());

    private final Function<Node, String> key;

    Grouping(Function<Node, String> key) {
        this.key = key;
    }

    public String key(Node n) {
        return key.apply(n);
    }

    /** The groups of a network's nodes, in order of first appearance. */
    public Map<String, List<Node>> groups(Network network) {
        Map<String, List<Node>> groups = new LinkedHashMap<>();
        for (Node n : network.nodes()) {
            groups.computeIfAbsent(key(n), k -> new ArrayList<>()).add(n);
        }
        return groups;
    }
}
