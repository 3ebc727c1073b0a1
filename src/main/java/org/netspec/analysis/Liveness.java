package org.netspec.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netspec.graph.Network;
import org.netspec.graph.Node;

/**
 * Which storage each tensor lives in and when that storage is freed: the rule {@link ActivationMemory}
 * simulates and the executor follows, so the memory an execution plans is the memory it holds.
 *
 * <ul>
 *   <li>Nodes that never reach an output never run.
 *   <li>A view (the identity, dropout at inference, flatten) holds its input's storage; every
 *       other node's output is a storage of its own.
 *   <li>A node reads the storage of each input whose values it reads (not of an input it takes
 *       only the shape of); a view reads nothing, it shares instead.
 *   <li>A storage is freed once its last reader has run, and at once when nobody reads it;
 *       storages of network outputs are kept.
 * </ul>
 */
public final class Liveness {
    private final List<Node> executed;
    private final Map<Node, Node> storage = new IdentityHashMap<>();
    private final Map<Node, List<Node>> sharing = new IdentityHashMap<>();
    private final Map<Node, Integer> readers = new IdentityHashMap<>();
    private final Set<Node> kept = Collections.newSetFromMap(new IdentityHashMap<>());

    private Liveness(Network network) {
        this.executed = network.nodes().stream().filter(n -> !network.isUnused(n)).toList();
        for (Node n : executed) {
            Node s = n.op().isView() ? storage.get(n.inputs().get(0)) : n;
            storage.put(n, s);
            sharing.computeIfAbsent(s, k -> new ArrayList<>()).add(n);
            for (Node read : reads(n)) {
                readers.merge(read, 1, Integer::sum);
            }
        }
        network.outputs().forEach(o -> kept.add(storage.get(o)));
    }

    public static Liveness of(Network network) {
        return new Liveness(network);
    }

    /** The nodes that run, in declaration order (a topological order). */
    public List<Node> executed() {
        return executed;
    }

    /** The node whose output holds {@code n}'s values: {@code n} itself, or what a view shares. */
    public Node storage(Node n) {
        return storage.get(n);
    }

    /** The nodes whose outputs live in storage {@code s}: {@code s} and the views of it. */
    public List<Node> sharing(Node s) {
        return sharing.get(s);
    }

    /** The storages a node reads, once per input port read (a storage read twice is listed twice). */
    public List<Node> reads(Node n) {
        List<Node> out = new ArrayList<>();
        if (!n.op().isView()) {
            for (int port = 0; port < n.inputs().size(); port++) {
                if (n.op().readsInput(port)) {
                    out.add(storage.get(n.inputs().get(port)));
                }
            }
        }
        return out;
    }

    /** A fresh count of the reads left, for walking one execution order. */
    public Countdown countdown() {
        return new Countdown();
    }

    /** The reads left of every storage along one execution order. */
    public final class Countdown {
        private final Map<Node, Integer> remaining = new IdentityHashMap<>(readers);

        private Countdown() {
        }

        /**
         * Records that {@code n} has run. Returns the storages freed after it, in order: those it was
         * the last reader of, then its own when nobody reads it.
         */
        public List<Node> ran(Node n) {
            List<Node> freed = new ArrayList<>();
            for (Node s : reads(n)) {
                if (remaining.merge(s, -1, Integer::sum) == 0 && !kept.contains(s)) {
                    freed.add(s);
                }
            }
            if (!n.op().isView() && !readers.containsKey(n) && !kept.contains(n)) {
                freed.add(n);
            }
            return freed;
        }

        /** The storages {@code n} would be the last reader of if it ran now, each once. */
        public List<Node> lastReadsBy(Node n) {
            Map<Node, Integer> uses = new IdentityHashMap<>();
            for (Node s : reads(n)) {
                uses.merge(s, 1, Integer::sum);
            }
            List<Node> last = new ArrayList<>();
            uses.forEach((s, count) -> {
                if (remaining.get(s).equals(count) && !kept.contains(s)) {
                    last.add(s);
                }
            });
            return last;
        }
    }
}
