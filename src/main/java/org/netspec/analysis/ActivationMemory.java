package org.netspec.analysis;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netspec.graph.Network;
import org.netspec.graph.Node;

/**
 * Peak activation memory of one inference: nodes run one at a time in a topological order; a
 * node's output is allocated when it runs and freed after its last reader has run (network
 * outputs are kept); while a node runs, its inputs and its output are all alive. Views share
 * their input's storage; max-pool indices take 8 bytes each. Nodes that never run allocate
 * nothing. Reports the spec's own order and, because branch order changes the peak, the best of
 * a few other topological orders (depth-first through the last- or first-written branch, and a
 * greedy one); the minimum over all orders is NP-hard, so "best" means best found. Also the
 * weight memory. A pure function of the network and the element size.
 */
public final class ActivationMemory {
    private static final int INDEX_BYTES = 8;

    /** One execution order and its memory profile. */
    public record Schedule(String name, List<Node> order, long peakBytes, Node peakNode, Map<Node, Long> liveBytes) {
        /** The largest live memory while a node of the group runs. */
        public long peakOf(List<Node> group) {
            long peak = 0;
            for (Node n : group) {
                peak = Math.max(peak, liveBytes.getOrDefault(n, 0L));
            }
            return peak;
        }
    }

    private final Network network;
    private final int elementBytes;
    private final Schedule declared;
    private final Schedule best;
    private final long weightBytes;

    private ActivationMemory(Network network, int elementBytes) {
        this.network = network;
        this.elementBytes = elementBytes;
        Storage storage = new Storage(network);
        this.declared = storage.simulate("declaration order", executed(network));
        Schedule best = declared;
        for (Schedule s : List.of(
                storage.simulate("depth-first, last-written branch first", storage.depthFirst(true)),
                storage.simulate("depth-first, first-written branch first", storage.depthFirst(false)),
                storage.simulate("greedy, smallest net allocation first", storage.greedyOrder()))) {
            if (s.peakBytes() < best.peakBytes()) {
                best = s;
            }
        }
        this.best = best;
        long w = 0;
        for (Node n : network.nodes()) {
            w = Math.addExact(w, Math.multiplyExact(Math.addExact(n.cost().params(), n.cost().buffers()), elementBytes));
        }
        this.weightBytes = w;
    }

    /**
     * @param elementBytes bytes per activation and weight element (4 for float32)
     */
    public static ActivationMemory of(Network network, int elementBytes) {
        if (elementBytes < 1) {
            throw new IllegalArgumentException("an element takes at least one byte");
        }
        return new ActivationMemory(network, elementBytes);
    }

    private static List<Node> executed(Network network) {
        return network.nodes().stream().filter(n -> !network.isUnused(n)).toList();
    }

    /** The spec's own layer order. */
    public Schedule declared() {
        return declared;
    }

    /** The order with the smallest peak among those tried (the declared one on a tie). */
    public Schedule best() {
        return best;
    }

    /** Parameters and buffers, at the element size. */
    public long weightBytes() {
        return weightBytes;
    }

    public int elementBytes() {
        return elementBytes;
    }

    public Network network() {
        return network;
    }

    /** Storage, readers and sizes of the tensors, shared by every order simulated. */
    private final class Storage {
        private final Network network;
        private final Map<Node, Node> root = new IdentityHashMap<>();
        private final Map<Node, Integer> readers = new IdentityHashMap<>();
        private final Set<Node> pinned = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        private final Map<Node, Integer> position = new IdentityHashMap<>();

        Storage(Network network) {
            this.network = network;
            List<Node> nodes = executed(network);
            for (int i = 0; i < nodes.size(); i++) {
                Node n = nodes.get(i);
                position.put(n, i);
                root.put(n, n.op().isView() ? root.get(n.inputs().get(0)) : n);
                for (Node source : reads(n)) {
                    readers.merge(root.get(source), 1, Integer::sum);
                }
            }
            network.outputs().forEach(o -> pinned.add(root.get(o)));
        }

        /** The sources whose storage a node reads: data inputs, and for a view its own input. */
        private List<Node> reads(Node n) {
            List<Node> out = new ArrayList<>();
            if (n.op().isView()) {
                return out;
            }
            for (int port = 0; port < n.inputs().size(); port++) {
                if (n.op().readsInput(port)) {
                    out.add(n.inputs().get(port));
                }
            }
            return out;
        }

        private long bytes(Node n) {
            if (n.op().isView()) {
                return 0;
            }
            long values = Math.multiplyExact(n.shape().elements(), elementBytes);
            return Math.addExact(values, Math.multiplyExact(n.op().indexElements(n.attributes(), n.shape()), INDEX_BYTES));
        }

        Schedule simulate(String name, List<Node> order) {
            Map<Node, Integer> remaining = new IdentityHashMap<>(readers);
            Map<Node, Long> live = new LinkedHashMap<>();
            long current = 0;
            long peak = -1;
            Node peakNode = null;
            for (Node n : order) {
                current = Math.addExact(current, bytes(n));
                live.put(n, current);
                if (current > peak) {
                    peak = current;
                    peakNode = n;
                }
                for (Node source : reads(n)) {
                    Node r = root.get(source);
                    if (remaining.merge(r, -1, Integer::sum) == 0 && !pinned.contains(r)) {
                        current -= bytes(r);
                    }
                }
                if (!readers.containsKey(root.get(n)) && !pinned.contains(root.get(n)) && !n.op().isView()) {
                    current -= bytes(n);
                }
            }
            return new Schedule(name, order, Math.max(peak, 0), peakNode, live);
        }

        /**
         * A topological order that finishes a branch before starting another: ready nodes are
         * kept on a stack, those made ready by the same node pushed in written order (so the
         * last-written branch runs first) or in reverse.
         */
        List<Node> depthFirst(boolean lastWrittenFirst) {
            Map<Node, Integer> waiting = new IdentityHashMap<>();
            Map<Node, List<Node>> consumers = consumers(waiting);
            java.util.Deque<Node> stack = new java.util.ArrayDeque<>();
            List<Node> roots = executed(network).stream().filter(n -> waiting.get(n) == 0).toList();
            push(stack, roots, lastWrittenFirst);
            List<Node> order = new ArrayList<>();
            while (!stack.isEmpty()) {
                Node n = stack.pop();
                order.add(n);
                List<Node> nowReady = new ArrayList<>();
                for (Node c : consumers.getOrDefault(n, List.of())) {
                    if (waiting.merge(c, -1, Integer::sum) == 0) {
                        nowReady.add(c);
                    }
                }
                push(stack, nowReady, lastWrittenFirst);
            }
            return order;
        }

        private void push(java.util.Deque<Node> stack, List<Node> nodes, boolean lastWrittenFirst) {
            List<Node> sorted = new ArrayList<>(nodes);
            sorted.sort(java.util.Comparator.comparing(position::get));
            if (!lastWrittenFirst) {
                java.util.Collections.reverse(sorted);
            }
            sorted.forEach(stack::push);
        }

        /** Consumers of each executed node, counting each node's executed inputs into {@code waiting}. */
        private Map<Node, List<Node>> consumers(Map<Node, Integer> waiting) {
            Map<Node, List<Node>> consumers = new IdentityHashMap<>();
            for (Node n : executed(network)) {
                int deps = 0;
                for (Node in : new java.util.LinkedHashSet<>(n.inputs())) {
                    if (position.containsKey(in)) {
                        deps++;
                        consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
                    }
                }
                waiting.put(n, deps);
            }
            return consumers;
        }

        /**
         * A topological order that runs next the ready node whose output is smallest net of the
         * memory it frees; ties go to the spec's order. Runs branches that end in a small tensor
         * first, which is what usually lowers the peak of multi-branch blocks.
         */
        List<Node> greedyOrder() {
            List<Node> nodes = executed(network);
            Map<Node, Integer> waiting = new IdentityHashMap<>();
            Map<Node, List<Node>> consumers = consumers(waiting);
            List<Node> ready = new ArrayList<>(nodes.stream().filter(n -> waiting.get(n) == 0).toList());
            Map<Node, Integer> remaining = new IdentityHashMap<>(readers);
            List<Node> order = new ArrayList<>(nodes.size());
            while (!ready.isEmpty()) {
                Node pick = null;
                long pickDelta = Long.MAX_VALUE;
                for (Node n : ready) {
                    long delta = bytes(n);
                    Map<Node, Integer> uses = new IdentityHashMap<>();
                    for (Node s : reads(n)) {
                        uses.merge(root.get(s), 1, Integer::sum);
                    }
                    for (Map.Entry<Node, Integer> u : uses.entrySet()) {
                        if (remaining.get(u.getKey()).equals(u.getValue()) && !pinned.contains(u.getKey())) {
                            delta -= bytes(u.getKey());
                        }
                    }
                    if (delta < pickDelta || (delta == pickDelta && position.get(n) < position.get(pick))) {
                        pick = n;
                        pickDelta = delta;
                    }
                }
                ready.remove(pick);
                order.add(pick);
                for (Node s : reads(pick)) {
                    remaining.merge(root.get(s), -1, Integer::sum);
                }
                for (Node c : consumers.getOrDefault(pick, List.of())) {
                    if (waiting.merge(c, -1, Integer::sum) == 0) {
                        ready.add(c);
                    }
                }
            }
            return order;
        }
    }
}
