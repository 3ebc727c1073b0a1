package org.netspec.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.spec.Frame;

/**
 * The units of a network (see {@link Unit}), found from the block instances that produced each
 * node and from the scopes named {@code name.0 .. name.N-1} that {@code repeat:} makes, with
 * which tensors cross each unit's border.
 */
final class Units {
    private final Network network;
    private final Map<Node, NodeCode> codes;
    private final Unit root;
    private final List<Unit> all = new ArrayList<>();
    private final Map<Unit.Value, List<Node>> readers = new HashMap<>();
    private final Map<Node, Unit> homes = new HashMap<>();

    private Units(Network network, Map<Node, NodeCode> codes) {
        this.network = network;
        this.codes = codes;
        this.root = new Unit(Unit.Type.NETWORK, network.name(), "");
    }

    static Units of(Network network, Map<Node, NodeCode> codes) {
        Units u = new Units(network, codes);
        u.find();
        for (Node n : network.nodes()) {
            for (Unit.Value v : codes.get(n).reads()) {
                u.readers.computeIfAbsent(v, k -> new ArrayList<>()).add(n);
            }
        }
        for (Unit unit : u.all) {
            unit.setDead(unit.nodes().stream().allMatch(network::isUnused));
            if (unit != u.root) {
                unit.setInterface(u.inputsOf(unit), u.outputsOf(unit));
            }
        }
        u.root.setInterface(List.of(), network.outputs().stream().map(o -> new Unit.Value(o, false)).toList());
        return u;
    }

    Unit root() {
        return root;
    }

    /** Every unit, the network first. */
    List<Unit> all() {
        return all;
    }

    Network network() {
        return network;
    }

    NodeCode code(Node n) {
        return codes.get(n);
    }

    /** The nodes whose forward reads this tensor. */
    List<Node> readers(Unit.Value v) {
        return readers.getOrDefault(v, List.of());
    }

    /**
     * Whether a node runs when {@code context}'s forward runs: when it reaches a network output,
     * or when it lies in the outermost dead unit around {@code context}, whose forward runs all.
     */
    boolean runs(Node n, Unit context) {
        if (!network.isUnused(n)) {
            return true;
        }
        Unit deadest = null;
        for (Unit u = context; u != null; u = u.parent()) {
            if (u.dead()) {
                deadest = u;
            }
        }
        return deadest != null && deadest.contains(n);
    }

    /** The innermost unit holding the node. */
    Unit home(Node n) {
        return homes.get(n);
    }

    private void find() {
        Map<String, Unit> byPrefix = new LinkedHashMap<>();
        for (Node n : network.nodes()) {
            for (Frame f : n.chain()) {
                byPrefix.computeIfAbsent(f.instance() + ".", p -> new Unit(Unit.Type.BLOCK, f.block(), p));
            }
        }
        Map<String, Set<String>> scopes = new LinkedHashMap<>();
        for (Node n : network.nodes()) {
            String[] parts = n.name().split("\\.");
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                scopes.computeIfAbsent(path.toString(), k -> new LinkedHashSet<>()).add(parts[i]);
                path.append(i == 0 ? "" : ".").append(parts[i]);
            }
            scopes.computeIfAbsent(path.toString(), k -> new LinkedHashSet<>()).add(parts[parts.length - 1]);
        }
        for (Map.Entry<String, Set<String>> scope : scopes.entrySet()) {
            String path = scope.getKey();
            if (!isRepeat(scope.getValue()) || byPrefix.containsKey(path + ".")) {
                continue;
            }
            String kind = path.isEmpty() ? "group" : path.substring(path.lastIndexOf('.') + 1);
            for (String key : scope.getValue()) {
                String child = path.isEmpty() ? key : path + "." + key;
                if (scopes.containsKey(child) && !byPrefix.containsKey(child + ".")) {
                    byPrefix.put(child + ".", new Unit(Unit.Type.REPETITION, kind, child + "."));
                }
            }
        }
        byPrefix.put("", root);
        List<Unit> found = new ArrayList<>(byPrefix.values());
        found.sort((a, b) -> Integer.compare(a.prefix().length(), b.prefix().length()));
        for (Unit u : found) {
            if (u != root) {
                u.setParent(byPrefix.get(enclosing(u.prefix(), byPrefix)));
            }
        }
        for (Node n : network.nodes()) {
            String name = n.name();
            for (int dot = 0; dot >= 0; dot = name.indexOf('.', dot + 1)) {
                Unit u = byPrefix.get(dot == 0 ? "" : name.substring(0, dot + 1));
                if (u != null) {
                    u.nodes().add(n);
                    homes.put(n, u);
                }
            }
        }
        List<Node> order = network.nodes();
        Map<Node, Integer> index = new HashMap<>();
        for (int i = 0; i < order.size(); i++) {
            index.put(order.get(i), i);
        }
        for (int i = found.size() - 1; i >= 0; i--) {
            found.get(i).place(index.get(found.get(i).nodes().get(0)));
        }
        all.addAll(found);
        all.sort(Comparator.comparingInt(Unit::position).thenComparingInt(u -> u.prefix().length()));
    }

    /** The longest unit prefix shorter than {@code prefix} that it starts with. */
    private static String enclosing(String prefix, Map<String, Unit> byPrefix) {
        String p = prefix.substring(0, prefix.length() - 1);
        for (int dot = p.lastIndexOf('.'); dot >= 0; dot = p.lastIndexOf('.', dot - 1)) {
            if (byPrefix.containsKey(p.substring(0, dot + 1))) {
                return p.substring(0, dot + 1);
            }
        }
        return "";
    }

    /** The children of a scope that {@code repeat:} made: exactly 0 .. N-1. */
    private static boolean isRepeat(Set<String> keys) {
        for (int i = 0; i < keys.size(); i++) {
            if (!keys.contains(Integer.toString(i))) {
                return false;
            }
        }
        return !keys.isEmpty();
    }

    private List<Unit.Value> inputsOf(Unit unit) {
        Set<Unit.Value> in = new LinkedHashSet<>();
        for (Node n : unit.nodes()) {
            if (runs(n, unit)) {
                for (Unit.Value v : codes.get(n).reads()) {
                    if (!unit.contains(v.node())) {
                        in.add(v);
                    }
                }
            }
        }
        return new ArrayList<>(in);
    }

    private List<Unit.Value> outputsOf(Unit unit) {
        Set<Node> networkOutputs = new HashSet<>(network.outputs());
        List<Unit.Value> out = new ArrayList<>();
        for (Node n : unit.nodes()) {
            List<Unit.Value> values = codes.get(n).returnsIndices()
                    ? List.of(new Unit.Value(n, false), new Unit.Value(n, true)) : List.of(new Unit.Value(n, false));
            for (Unit.Value v : values) {
                boolean read = readers(v).stream().anyMatch(r -> !unit.contains(r) && runs(r, unit));
                if (read || !v.indices() && networkOutputs.contains(n)) {
                    out.add(v);
                }
            }
        }
        if (out.isEmpty()) {
            out.add(new Unit.Value(unit.nodes().get(unit.nodes().size() - 1), false));
        }
        out.add(0, out.remove(out.size() - 1));
        return out;
    }
}
