package org.netspec.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.spec.Frame;

/**
 * How the nodes of a network are grouped into the rows of a rollup. Rows by block have a depth:
 * 1 groups by the block instances written in the network file, 2 by the blocks those use, and
 * so on. A network used as a block (a backbone) is a container, not a level: its inner blocks
 * keep their own rows.
 */
public final class Grouping {
    public static final Grouping LAYER = new Grouping("LAYER", Node::name);
    /** By the block instance written in the network file (or in a backbone it uses); nodes outside blocks stand alone. */
    public static final Grouping BLOCK = block(1);
    /** By the first component of the scoped name. */
    public static final Grouping STAGE = new Grouping("STAGE", Node::stage);
    /** By operator: where the parameters and work go (all convolutions, all batch norms, ...). */
    public static final Grouping OP = new Grouping("OP", n -> n.op().name());

    private static final List<Grouping> VALUES = List.of(LAYER, BLOCK, STAGE, OP);

    private final String name;
    private final Function<Node, String> key;

    private Grouping(String name, Function<Node, String> key) {
        this.name = name;
        this.key = key;
    }

    /**
     * By block instance at a nesting depth (1: the instances written in the network file); a node
     * in fewer blocks is grouped by its innermost one, a node in none stands alone.
     */
    public static Grouping block(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("a block depth is at least 1, got " + depth);
        }
        return new Grouping("BLOCK", n -> {
            List<Frame> blocks = n.chain().stream().filter(f -> !f.network()).toList();
            return blocks.isEmpty() ? n.name() : blocks.get(Math.min(depth, blocks.size()) - 1).instance();
        });
    }

    /** The groupings by layer, block (depth 1), stage and operator. */
    public static List<Grouping> values() {
        return VALUES;
    }

    /** The grouping of that name: LAYER, BLOCK, STAGE or OP. */
    public static Grouping valueOf(String name) {
        return VALUES.stream().filter(g -> g.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no grouping " + name));
    }

    /** What the rows are: LAYER, BLOCK, STAGE or OP. */
    public String name() {
        return name;
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

    @Override
    public String toString() {
        return name;
    }
}
