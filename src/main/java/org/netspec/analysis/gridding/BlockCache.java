package org.netspec.analysis.gridding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.netspec.graph.Node;
import org.netspec.ops.Operator;
import org.netspec.ops.Shape;

/**
 * Measured blocks keyed by all that their gridding depends on: the shape of the block's input,
 * and each node's operator, attributes, shapes and wiring inside the block. A block whose key
 * is known is not measured again: the repeated modules of one network (ESPNet's level-3 ESP
 * modules) and the unchanged blocks of a sweep's variants are measured once. Names play no
 * part, so a hit is remapped onto the nodes of the block that asked.
 *
 * <p>Only blocks measured in full are kept, with the steps they took; a hit charges those steps
 * to the network's budget again, so results equal those of measuring every block. Safe for
 * several threads: keys and entries are immutable. At most a capacity of entries is kept (a sweep
 * of ever new modules would otherwise hold every footprint it made).
 */
public final class BlockCache {
    /** Entries kept by default; when full, the cache starts again empty. */
    public static final int MAX_ENTRIES = 64;

    private final Map<Key, Entry> entries = new ConcurrentHashMap<>();
    private final int capacity;

    public BlockCache() {
        this(MAX_ENTRIES);
    }

    /** @param capacity entries kept (0: none, every block is measured) */
    public BlockCache(int capacity) {
        this.capacity = capacity;
    }

    /**
     * @param inputs per input port: the node's index in the block, or -1 - i for the i-th node
     *     outside it (0: the block's source)
     */
    private record NodeKey(Operator op, Map<String, Object> attributes, List<Shape> inputShapes, Shape shape,
            List<Integer> inputs) {
    }

    /** A block's structure, from its source, its output and its nodes in order. */
    record Key(Shape source, List<NodeKey> nodes, int output) {
        static Key of(Node source, Node output, List<Node> nodes) {
            Map<Node, Integer> at = indices(nodes);
            List<Node> outside = new ArrayList<>(List.of(source));
            List<NodeKey> keys = new ArrayList<>(nodes.size());
            for (Node n : nodes) {
                List<Integer> inputs = new ArrayList<>(n.inputs().size());
                for (Node in : n.inputs()) {
                    Integer i = at.get(in);
                    if (i == null) {
                        int o = outside.indexOf(in);
                        if (o < 0) {
                            o = outside.size();
                            outside.add(in);
                        }
                        i = -1 - o;
                    }
                    inputs.add(i);
                }
                keys.add(new NodeKey(n.op(), n.attributes().given(), n.inputShapes(), n.shape(), inputs));
            }
            return new Key(source.shape(), keys, at.get(output));
        }
    }

    /** A chain by the indices of its layers in the block. */
    private record IndexedChain(List<Integer> layers, Boolean contiguousHeight, Boolean contiguousWidth, HdcRule hdc) {
    }

    /**
     * A block measured in full, by node index: the footprints (null where the source does not
     * reach) and the steps they took.
     */
    record Entry(List<NodeFootprint> footprints, List<IndexedChain> chains, List<Long> commonFactor, long cells, long work) {
        /** The entry of a block measured in full; null when a chain leaves the block (not kept). */
        static Entry of(List<Node> nodes, Map<Node, NodeFootprint> footprints, List<Chain> chains, List<Long> commonFactor,
                Charges charges) {
            Map<Node, Integer> at = indices(nodes);
            if (chains.stream().anyMatch(c -> !at.keySet().containsAll(c.layers()))) {
                return null;
            }
            List<NodeFootprint> byIndex = new ArrayList<>(nodes.size());
            nodes.forEach(n -> byIndex.add(footprints.get(n)));
            List<IndexedChain> indexed = chains.stream().map(c -> new IndexedChain(c.layers().stream().map(at::get).toList(),
                    c.contiguousHeight(), c.contiguousWidth(), c.hdc())).toList();
            return new Entry(byIndex, indexed, commonFactor, charges.cells(), charges.work());
        }

        /** The footprints on the given block's nodes, in node order. */
        Map<Node, NodeFootprint> footprints(List<Node> nodes) {
            Map<Node, NodeFootprint> out = new LinkedHashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                NodeFootprint f = footprints.get(i);
                if (f != null) {
                    out.put(nodes.get(i), new NodeFootprint(nodes.get(i), f.periodHeight(), f.periodWidth(), f.groups(),
                            f.union(), f.dilatedPath()));
                }
            }
            return out;
        }

        List<Chain> chains(List<Node> nodes) {
            return chains.stream().map(c -> new Chain(c.layers().stream().map(nodes::get).toList(), c.contiguousHeight(),
                    c.contiguousWidth(), c.hdc())).toList();
        }

        /** Charges the steps measuring took; throws as measuring would have when the network's steps run out. */
        void charge(Budget budget) {
            budget.allocate(cells);
            budget.add(work);
        }
    }

    /** Entries held now. */
    int size() {
        return entries.size();
    }

    Entry get(Key key) {
        return entries.get(key);
    }

    void put(Key key, Entry entry) {
        if (capacity == 0) {
            return;
        }
        if (entries.size() >= capacity) {
            entries.clear();
        }
        entries.put(key, entry);
    }

    private static Map<Node, Integer> indices(List<Node> nodes) {
        Map<Node, Integer> at = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            at.put(nodes.get(i), i);
        }
        return at;
    }
}
