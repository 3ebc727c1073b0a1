package org.netspec.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netspec.graph.Network;
import org.netspec.graph.Node;

/**
 * Parameters, buffers, MACs, FLOPs and other operations of every node under a profile, rolled up
 * by block instance and by stage, with totals equal to the sum of the nodes. Nodes that reach no
 * output keep their parameters and cost nothing. A pure function of the network.
 */
public final class Costs {
    /** One row of a rollup: a group's name, its nodes in order and their summed counts. */
    public record Group(String name, List<Node> nodes, LayerCount count) {
        public Node last() {
            return nodes.get(nodes.size() - 1);
        }
    }

    /**
     * A count or total that does not fit in 64 bits, with the node where it happened; the command
     * line reports it as an error at that node's line in the spec.
     */
    public static final class OverflowException extends ArithmeticException {
        private final transient Node node;

        OverflowException(Node node, String message) {
            super(message);
            this.node = node;
        }

        /** The node whose counts overflowed. */
        public Node node() {
            return node;
        }
    }

    private final Network network;
    private final Profile profile;
    private final Map<Node, LayerCount> perNode = new LinkedHashMap<>();
    private final LayerCount total;

    private Costs(Network network, Profile profile) {
        this.network = network;
        this.profile = profile;
        LayerCount sum = LayerCount.ZERO;
        for (Node n : network.nodes()) {
            LayerCount c;
            try {
                c = profile.count(n.cost());
            } catch (ArithmeticException e) {
                throw new OverflowException(n, "`" + n.name() + "` (" + n.op().name() + "): its " + profile
                        + " counts overflow 64 bits");
            }
            if (network.isUnused(n)) {
                c = c.storageOnly();
            }
            perNode.put(n, c);
            try {
                sum = sum.plus(c);
            } catch (ArithmeticException e) {
                throw new OverflowException(n, "`" + n.name() + "` (" + n.op().name() + "): adding its counts makes "
                        + "the network's totals overflow 64 bits");
            }
        }
        this.total = sum;
    }

    /**
     * Counts a network under a profile.
     *
     * @throws OverflowException if a count or total overflows 64 bits (only possible with absurd specs)
     */
    public static Costs of(Network network, Profile profile) {
        return new Costs(network, profile);
    }

    public Network network() {
        return network;
    }

    public Profile profile() {
        return profile;
    }

    public LayerCount of(Node node) {
        return perNode.get(node);
    }

    public LayerCount total() {
        return total;
    }

    /** Groups of nodes in order of first appearance, with summed counts. */
    public List<Group> rollup(Grouping grouping) {
        List<Group> out = new ArrayList<>();
        for (Map.Entry<String, List<Node>> e : grouping.groups(network).entrySet()) {
            LayerCount sum = LayerCount.ZERO;
            for (Node n : e.getValue()) {
                sum = sum.plus(perNode.get(n));
            }
            out.add(new Group(e.getKey(), List.copyOf(e.getValue()), sum));
        }
        return out;
    }
}
