package org.netspec.analysis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netspec.graph.Network;
import org.netspec.graph.Node;

/**
 * Memory access cost as ShuffleNet V2 defines it (Ma et al., ECCV 2018, Section 2): the elements
 * a node reads from its inputs, plus those it writes, plus its weights (parameters and buffers,
 * read once per execution). For a 1x1 convolution from c1 to c2 channels on h x w this is
 * {@code hw(c1 + c2) + c1 c2}. Every operator counts, element-wise ones included; views (identity,
 * dropout at inference, flatten) move nothing, and nodes that never run cost nothing.
 * A pure function of the network.
 */
public final class MemoryAccessCost {
    /** Elements read, written and weights of one node or group. */
    public record Access(long read, long written, long weights) {
        public static final Access ZERO = new Access(0, 0, 0);

        public long total() {
            return Math.addExact(Math.addExact(read, written), weights);
        }

        public Access plus(Access o) {
            return new Access(Math.addExact(read, o.read), Math.addExact(written, o.written),
                    Math.addExact(weights, o.weights));
        }
    }

    /** A group's name, nodes and summed access. */
    public record Group(String name, List<Node> nodes, Access access) {
    }

    private final Network network;
    private final Map<Node, Access> perNode = new LinkedHashMap<>();
    private final Access total;

    private MemoryAccessCost(Network network) {
        this.network = network;
        Access sum = Access.ZERO;
        for (Node n : network.nodes()) {
            Access a = network.isUnused(n) ? Access.ZERO : new Access(
                    n.op().elementsRead(n.attributes(), n.inputShapes(), n.shape()),
                    n.op().elementsWritten(n.attributes(), n.inputShapes(), n.shape()),
                    Math.addExact(n.cost().params(), n.cost().buffers()));
            perNode.put(n, a);
            sum = sum.plus(a);
        }
        this.total = sum;
    }

    public static MemoryAccessCost of(Network network) {
        return new MemoryAccessCost(network);
    }

    public Access of(Node node) {
        return perNode.get(node);
    }

    /** Memory access in elements, for the whole network. */
    public Access total() {
        return total;
    }

    /**
     * Memory access per multiply-accumulate of a node or network; how memory-bound it is.
     * Infinite for operators without MACs.
     */
    public static double perMac(Access access, long macs) {
        return macs == 0 ? Double.POSITIVE_INFINITY : (double) access.total() / macs;
    }

    public List<Group> rollup(Grouping grouping) {
        List<Group> out = new ArrayList<>();
        for (Map.Entry<String, List<Node>> e : grouping.groups(network).entrySet()) {
            Access sum = Access.ZERO;
            for (Node n : e.getValue()) {
                sum = sum.plus(perNode.get(n));
            }
            out.add(new Group(e.getKey(), List.copyOf(e.getValue()), sum));
        }
        return out;
    }
}
