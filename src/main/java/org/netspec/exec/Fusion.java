package org.netspec.exec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netspec.analysis.Liveness;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.PerChannel;

/**
 * Which per-channel nodes run inside the node before them, planned once from the graph: a node
 * whose feature map only one node reads, a batch norm, PReLU or activation, takes that node in,
 * and so on along the chain (convolution, batch norm, PReLU; or add, PReLU). A convolution applies
 * the chain in its output loop, any other head to each plane of its output in place. A fused node
 * still runs and has its shape checked; its kernel hands on the tensor its head already
 * transformed, which nothing else reads. Network outputs and tensors shared by views are never
 * fused into, so every tensor a user can see keeps its own values.
 */
final class Fusion {
    static final Fusion NONE = new Fusion(Map.of());

    private final Map<Node, List<Node>> chains;
    private final Set<Node> absorbed = Collections.newSetFromMap(new IdentityHashMap<>());

    private Fusion(Map<Node, List<Node>> chains) {
        this.chains = chains;
        chains.values().forEach(absorbed::addAll);
    }

    static Fusion of(Network network, Liveness liveness) {
        Map<Node, Integer> reads = new IdentityHashMap<>();
        Map<Node, Node> onlyReader = new IdentityHashMap<>();
        for (Node n : liveness.executed()) {
            for (Node s : liveness.reads(n)) {
                reads.merge(s, 1, Integer::sum);
                onlyReader.put(s, n);
            }
        }
        Set<Node> outputs = Collections.newSetFromMap(new IdentityHashMap<>());
        network.outputs().forEach(o -> outputs.add(liveness.storage(o)));
        Map<Node, List<Node>> chains = new IdentityHashMap<>();
        Set<Node> taken = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : liveness.executed()) {
            if (n.op().isView() || n.inputs().isEmpty() || taken.contains(n)) {
                continue;
            }
            List<Node> chain = new ArrayList<>();
            Node last = n;
            while (reads.getOrDefault(last, 0) == 1 && !outputs.contains(last) && liveness.sharing(last).size() == 1) {
                Node next = onlyReader.get(last);
                if (!(next.op() instanceof PerChannel) || next.inputs().get(0) != last || last.shape().rank() != 4) {
                    break;
                }
                chain.add(next);
                last = next;
            }
            if (!chain.isEmpty()) {
                taken.addAll(chain);
                chains.put(n, List.copyOf(chain));
            }
        }
        return new Fusion(chains);
    }

    /** The per-channel nodes {@code n} applies to its output, in order; empty for none. */
    List<Node> chainOf(Node n) {
        return chains.getOrDefault(n, List.of());
    }

    /** Whether {@code n}'s arithmetic already ran inside the node before it. */
    boolean isAbsorbed(Node n) {
        return absorbed.contains(n);
    }
}
