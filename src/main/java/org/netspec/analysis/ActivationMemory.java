package org.netspec.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.netspec.graph.Network;
import org.netspec.graph.Node;

/**
 * Peak activation memory of one inference: nodes run one at a time in a topological order; a
 * node's output is allocated when it runs and freed as {@link Liveness} says (after its last
 * reader; network outputs are kept; views share their input's storage); while a node runs, its
 * inputs and its output are all alive. Max-pool indices take 8 bytes each. Reports the spec's own order and, because branch order changes the peak, the best of
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
        Liveness liveness = Liveness.of(network);
        Storage storage = new Storage(liveness);
        this.declared = storage.simulate("declaration order", liveness.executed());
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

    /** The liveness and sizes of the tensors, shared by every order simulated. */
    private final class Storage {
        private final Liveness liveness;
        private final Map<Node, Integer> position = new IdentityHashMap<>();

        Storage(Liveness liveness) {
            this.liveness = liveness;
            List<Node> nodes = liveness.executed();
            for (int i = 0; i < nodes.size(); i++) {
                position.put(nodes.get(i), i);
            }
        }

        private long bytes(Node n) {
            if (n.op().isView()) {
                return 0;
            }
            long values = Math.multiplyExact(n.shape().elements(), elementBytes);
            return Math.addExact(values, Math.multiplyExact(n.op().indexElements(n.attributes(), n.shape()), INDEX_BYTES));
        }

        Schedule simulate(String name, List<Node> order) {
            Liveness.Countdown countdown = liveness.countdown();
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
                for (Node freed : countdown.ran(n)) {
                    current -= bytes(freed);
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
            Deque<Node> stack = new ArrayDeque<>();
            List<Node> roots = liveness.executed().stream().filter(n -> waiting.get(n) == 0).toList();
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

        private void push(Deque<Node> stack, List<Node> nodes, boolean lastWrittenFirst) {
            List<Node> sorted = new ArrayList<>(nodes);
            sorted.sort(Comparator.comparing(position::get));
            if (!lastWrittenFirst) {
                Collections.reverse(sorted);
            }
            sorted.forEach(stack::push);
        }

        /** Consumers of each executed node, counting each node's executed inputs into {@code waiting}. */
        private Map<Node, List<Node>> consumers(Map<Node, Integer> waiting) {
            Map<Node, List<Node>> consumers = new IdentityHashMap<>();
            for (Node n : liveness.executed()) {
                int deps = 0;
                for (Node in : new LinkedHashSet<>(n.inputs())) {
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
            List<Node> nodes = liveness.executed();
            Map<Node, Integer> waiting = new IdentityHashMap<>();
            Map<Node, List<Node>> consumers = consumers(waiting);
            List<Node> ready = new ArrayList<>(nodes.stream().filter(n -> waiting.get(n) == 0).toList());
            Liveness.Countdown countdown = liveness.countdown();
            List<Node> order = new ArrayList<>(nodes.size());
            while (!ready.isEmpty()) {
                Node pick = null;
                long pickDelta = Long.MAX_VALUE;
                for (Node n : ready) {
                    long delta = bytes(n);
                    for (Node freed : countdown.lastReadsBy(n)) {
                        delta -= bytes(freed);
                    }
                    if (delta < pickDelta || (delta == pickDelta && position.get(n) < position.get(pick))) {
                        pick = n;
                        pickDelta = delta;
                    }
                }
                ready.remove(pick);
                order.add(pick);
                countdown.ran(pick);
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
