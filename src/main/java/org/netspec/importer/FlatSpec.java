package org.netspec.importer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.Input;
import org.netspec.ops.Pair;
import org.netspec.ops.Padding;

/**
 * A network written as a flat spec: its inputs, one layer per node with its operator, the
 * attributes given and what it reads, and its outputs; no blocks, so analysing the spec gives the
 * network's counts. Scoped names ({@code layer1.0.conv}) are kept by nesting the layers in groups,
 * when each scope's nodes are consecutive and every name read resolves back to its node; otherwise
 * the dots become `_`.
 */
public final class FlatSpec {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*");
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_]+");
    private static final Set<String> YAML_WORDS = Set.of("true", "false", "null", "yes", "no", "on", "off", "y", "n");

    private final Network network;
    private final Map<String, String> notes;
    private final StringBuilder out = new StringBuilder();

    private FlatSpec(Network network, Map<String, String> notes) {
        this.network = network;
        this.notes = notes;
    }

    /**
     * The spec text, opening with {@code comment} as comment lines.
     *
     * @param notes a remark per node name, written as the layer's {@code doc:}
     */
    public static String write(Network network, Map<String, String> notes, String comment) {
        FlatSpec spec = new FlatSpec(network, notes);
        comment.lines().forEach(l -> spec.out.append("# ").append(l).append('\n'));
        spec.out.append("network: ").append(network.name()).append('\n');
        spec.out.append("inputs:\n");
        for (Node in : network.inputs()) {
            spec.out.append("  ").append(in.name()).append(": ").append(in.attributes().get(Input.SHAPE)).append('\n');
        }
        spec.out.append("layers:\n");
        int layers = spec.out.length();
        Map<String, String> names = spec.nested();
        if (names == null) {
            spec.out.setLength(layers);
            names = spec.flat();
        }
        Map<String, String> written = names;
        spec.out.append("outputs: [").append(network.outputs().stream().map(n -> scalar(written.get(n.name())))
                .collect(Collectors.joining(", "))).append("]\n");
        return spec.out.toString();
    }

    /** Every layer at the top level, dots made `_` (with a suffix where that makes two names one); the names used. */
    private Map<String, String> flat() {
        Map<String, String> names = new HashMap<>();
        Set<String> taken = new HashSet<>();
        String previous = null;
        for (Node n : network.nodes()) {
            String base = n.name().replace('.', '_');
            String name = base;
            for (int k = 2; !taken.add(name); k++) {
                name = base + "_" + k;
            }
            names.put(n.name(), name);
            if (!n.op().name().equals("input")) {
                List<String> from = n.inputs().stream().map(i -> names.get(i.name())).toList();
                layer("  ", name, n, from.size() == 1 && from.get(0).equals(previous) ? null : from);
            }
            previous = name;
        }
        return names;
    }

    /** The layers in groups that give each node its scoped name; the names used, or null when they cannot. */
    private Map<String, String> nested() {
        Scopes scopes = new Scopes();
        Map<String, String> names = new HashMap<>();
        String previous = null;
        for (Node n : network.nodes()) {
            names.put(n.name(), n.name());
            List<String> path = List.of(n.name().split("\\.", -1));
            if (path.stream().anyMatch(s -> !SEGMENT.matcher(s).matches())) {
                return null;
            }
            if (n.op().name().equals("input")) {
                scopes.define(List.of(), n.name(), n.name());
                previous = n.name();
                continue;
            }
            List<String> groups = path.subList(0, path.size() - 1);
            if (!scopes.enter(groups, (depth, group) -> out.append(indent(depth)).append("- name: ").append(scalar(group))
                    .append('\n').append(indent(depth)).append("  layers:\n"))) {
                return null;
            }
            List<String> from = new ArrayList<>();
            for (Node i : n.inputs()) {
                String w = scopes.written(i.name());
                if (w == null) {
                    return null;
                }
                from.add(w);
            }
            String leaf = path.get(path.size() - 1);
            if (!scopes.define(groups, leaf, n.name())) {
                return null;
            }
            boolean implicit = n.inputs().size() == 1 && n.inputs().get(0).name().equals(previous);
            layer(indent(groups.size()), leaf, n, implicit ? null : from);
            previous = n.name();
        }
        return names;
    }

    private static String indent(int depth) {
        return "  " + "    ".repeat(depth);
    }

    private void layer(String indent, String name, Node n, List<String> from) {
        List<String> parts = new ArrayList<>();
        parts.add("name: " + scalar(name));
        parts.add("op: " + n.op().name());
        if (from != null) {
            parts.add("from: " + (from.size() == 1 ? scalar(from.get(0))
                    : from.stream().map(FlatSpec::scalar).collect(Collectors.joining(", ", "[", "]"))));
        }
        n.attributes().given().forEach((k, v) -> parts.add(k + ": " + value(v)));
        String note = notes.get(n.name());
        if (note != null) {
            parts.add("doc: " + quoted(note));
        }
        out.append(indent).append("- {").append(String.join(", ", parts)).append("}\n");
    }

    /** An attribute value as a spec writes it. */
    static String value(Object v) {
        if (v instanceof Pair p) {
            return p.isSquare() ? Long.toString(p.h()) : "[" + p.h() + ", " + p.w() + "]";
        }
        if (v instanceof Padding p) {
            return p.same() ? "same" : value(p.explicit());
        }
        if (v instanceof List<?> list) {
            return list.stream().map(FlatSpec::value).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(v);
    }

    /** A name as YAML reads it back: plain when it is a plain word, else quoted. */
    static String scalar(String s) {
        return PLAIN.matcher(s).matches() && !YAML_WORDS.contains(s.toLowerCase()) ? s : quoted(s);
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /**
     * The group scopes of a nested spec, resolving names as the expander does: by a name's first
     * part, from the innermost open scope out; a group's own name is defined when it closes.
     */
    private static final class Scopes {
        /** What opening a group writes. */
        interface Opener {
            void open(int depth, String group);
        }

        /** The names defined in each scope (by its path joined with dots), to the full names they stand for. */
        private final Map<String, Map<String, String>> locals = new HashMap<>();
        /** The names used in each scope, groups included from when they open. */
        private final Map<String, Set<String>> used = new HashMap<>();
        private final Set<String> defined = new HashSet<>();
        private final List<String> open = new ArrayList<>();

        /** Closes and opens groups to reach {@code groups}; false when a group would open a second time. */
        boolean enter(List<String> groups, Opener opener) {
            int common = 0;
            while (common < open.size() && common < groups.size() && open.get(common).equals(groups.get(common))) {
                common++;
            }
            while (open.size() > common) {
                close();
            }
            for (int d = common; d < groups.size(); d++) {
                if (!use(open, groups.get(d))) {
                    return false;
                }
                opener.open(d, groups.get(d));
                open.add(groups.get(d));
            }
            return true;
        }

        private void close() {
            String name = open.remove(open.size() - 1);
            String scope = String.join(".", open);
            locals.computeIfAbsent(scope, s -> new HashMap<>()).put(name, scope.isEmpty() ? name : scope + "." + name);
            defined.add(scope.isEmpty() ? name : scope + "." + name);
        }

        private boolean use(List<String> scope, String name) {
            return used.computeIfAbsent(String.join(".", scope), s -> new HashSet<>()).add(name);
        }

        /** Defines a layer; false when its scope already uses the name. */
        boolean define(List<String> scope, String name, String fullName) {
            if (!use(scope, name)) {
                return false;
            }
            locals.computeIfAbsent(String.join(".", scope), s -> new HashMap<>()).put(name, fullName);
            defined.add(fullName);
            return true;
        }

        /** The shortest way to write {@code target} in the open scope that resolves back to it; null when none does. */
        String written(String target) {
            for (int depth = open.size(); depth >= 0; depth--) {
                String prefix = depth == 0 ? "" : String.join(".", open.subList(0, depth)) + ".";
                if (target.startsWith(prefix) && target.equals(resolve(target.substring(prefix.length())))) {
                    return target.substring(prefix.length());
                }
            }
            return null;
        }

        private String resolve(String name) {
            int dot = name.indexOf('.');
            String head = dot < 0 ? name : name.substring(0, dot);
            String rest = name.substring(head.length());
            for (int depth = open.size(); depth >= 0; depth--) {
                String fullName = locals.getOrDefault(String.join(".", open.subList(0, depth)), Map.of()).get(head);
                if (fullName != null) {
                    return defined.contains(fullName + rest) ? fullName + rest : null;
                }
            }
            return null;
        }
    }
}
