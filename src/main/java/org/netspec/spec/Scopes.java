package org.netspec.spec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Name resolution: the layer names defined so far with the nodes they stand for, and the names
 * layers read. A layer reads the previous layer unless it says {@code from:}; names are looked up
 * in the enclosing scopes, and a layer may read only layers written above it, so the declaration
 * order is an execution order. A name read before it is defined is reported once the expansion
 * is over, as written later (and closing a cycle, when it does) or as not defined.
 */
final class Scopes {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    /** A defined name: the node it stands for (null when that layer failed) and where it was written. */
    private record Symbol(String output, SourceLocation location) {
    }

    /** A name read before it was defined: an error once we know whether it is defined later. */
    private record PendingReference(String reader, String name, Scope scope, SourceLocation location) {
    }

    /** A name as written, with where it was written. */
    record Written(String name, SourceLocation location) {
    }

    private final Values values;
    private final SourceLocation networkLocation;
    private final List<Diagnostic> diagnostics;
    private final Map<String, Symbol> symbols = new HashMap<>();
    /** What each layer, group and block instance reads, by full name, for the cycle search. */
    private final Map<String, List<String>> reads = new HashMap<>();
    private final List<PendingReference> pending = new ArrayList<>();

    Scopes(Values values, SourceLocation networkLocation, List<Diagnostic> diagnostics) {
        this.values = values;
        this.networkLocation = networkLocation;
        this.diagnostics = diagnostics;
    }

    /** A fresh name for an unnamed layer: {@code conv}, {@code conv_2}, ... */
    String autoName(Scope scope, String base) {
        int n = scope.autoNames.merge(base, 1, Integer::sum);
        String name = n == 1 ? base : base + "_" + n;
        while (scope.local.containsKey(name)) {
            n = scope.autoNames.merge(base, 1, Integer::sum);
            name = base + "_" + n;
        }
        return name;
    }

    /** Whether a name is still free in a scope; reports it when it is not. */
    boolean checkUnique(Scope scope, String name, SourceLocation at) {
        Symbol previous = symbols.get(scope.full(name));
        if (previous != null || scope.local.containsKey(name)) {
            error(at, scope.chain, "duplicate name `" + scope.full(name) + "`"
                    + (previous != null ? " (first defined at " + previous.location() + ")" : " (it names a block input)"));
            return false;
        }
        return true;
    }

    /** Defines a name standing for a node, or for nothing (null) when its layer failed. */
    void define(Scope scope, String name, String output, SourceLocation at) {
        String full = scope.full(name);
        scope.local.putIfAbsent(name, full);
        symbols.putIfAbsent(full, new Symbol(output, at));
    }

    /** Defines a group or block instance, which stands for its last layer and reads it, for the cycle search. */
    void defineScope(Scope scope, String name, String lastInside, SourceLocation at) {
        if (lastInside != null) {
            reads.computeIfAbsent(scope.full(name), k -> new ArrayList<>()).add(lastInside);
        }
        define(scope, name, lastInside == null ? null : symbols.getOrDefault(lastInside, new Symbol(lastInside, at)).output(), at);
    }

    /** Whether a full name is defined (its layer expanded, or failed). */
    boolean defined(String full) {
        return symbols.containsKey(full);
    }

    /** The node a defined full name stands for, or null when its layer failed. */
    String output(String full) {
        return symbols.get(full).output();
    }

    /** The full symbol name a written name stands for in a scope, or null when it is not defined. */
    String lookup(String name, Scope scope) {
        String head = name.contains(".") ? name.substring(0, name.indexOf('.')) : name;
        String rest = name.substring(head.length());
        for (Scope s = scope; s != null; s = s.parent) {
            String full = s.local.get(head);
            if (full != null) {
                return symbols.containsKey(full + rest) ? full + rest : null;
            }
        }
        return null;
    }

    /**
     * The node a name stands for, read by {@code reader} (a full name, or empty for the network
     * outputs). Null when the name stands for a failed layer (already reported) or is not defined
     * yet (reported by {@link #resolvePending} once the expansion knows whether it is defined later).
     */
    String resolve(String name, Scope scope, SourceLocation at, String reader) {
        String target = lookup(name, scope);
        if (target == null) {
            pending.add(new PendingReference(reader, name, scope, at));
            return null;
        }
        reads.computeIfAbsent(reader, k -> new ArrayList<>()).add(target);
        return symbols.get(target).output();
    }

    /** Reports every name that was read before it was defined, or never defined. */
    void resolvePending() {
        for (PendingReference ref : pending) {
            String later = null;
            for (Scope s = ref.scope(); s != null; s = s.parent) {
                if (symbols.containsKey(s.full(ref.name()))) {
                    later = s.full(ref.name());
                    break;
                }
            }
            if (later != null) {
                Symbol target = symbols.get(later);
                boolean cycle = !ref.reader().isEmpty() && readsTransitively(later, ref.reader());
                error(ref.location(), ref.scope().chain, display(ref.reader()) + " reads `" + ref.name() + "`, which is written "
                        + "later (at " + target.location() + ")" + (cycle ? " and reads " + display(ref.reader()) + " back: a cycle" : "")
                        + "; a layer may read only layers written above it");
            } else {
                List<String> known = new ArrayList<>();
                for (Scope s = ref.scope(); s != null; s = s.parent) {
                    known.addAll(s.local.keySet());
                }
                error(ref.location(), ref.scope().chain, display(ref.reader()) + " reads `" + ref.name() + "`, which is not defined"
                        + Suggestions.hint(ref.name(), known));
            }
        }
    }

    /** Whether {@code from} reads {@code to}, directly or through other layers. */
    private boolean readsTransitively(String from, String to) {
        Deque<String> work = new ArrayDeque<>(List.of(from));
        Set<String> seen = new HashSet<>();
        while (!work.isEmpty()) {
            String n = work.pop();
            if (n.equals(to) || n.startsWith(to + ".")) {
                return true;
            }
            if (seen.add(n)) {
                work.addAll(reads.getOrDefault(n, List.of()));
            }
        }
        return false;
    }

    private static String display(String reader) {
        return reader.isEmpty() ? "the network outputs" : "`" + reader + "`";
    }

    /** The nodes a {@code from:} stands for; the previous layer when absent; null on failure. */
    List<String> from(YamlNode node, Context ctx, String reader) {
        Context.Cursor cursor = ctx.cursor();
        if (node == null) {
            if (cursor.previous == null) {
                error(networkLocation, ctx.chain(), display(reader) + " has nothing to read: give it `from:`");
                return null;
            }
            reads.computeIfAbsent(reader, k -> new ArrayList<>()).add(cursor.previous);
            String output = output(cursor.previous);
            return output == null ? null : List.of(output);
        }
        List<Written> names = names(node, ctx);
        if (names.isEmpty()) {
            error(node.location(), ctx.chain(), "`from:` names at least one layer");
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (Written n : names) {
            String full = resolve(n.name(), ctx.scope(), n.location(), reader);
            if (full == null) {
                ok = false;
            } else {
                out.add(full);
            }
        }
        return ok ? out : null;
    }

    /** The names written in a node: a name, a list of names, or `${expr}` giving a list. */
    List<Written> names(YamlNode node, Context ctx) {
        List<Written> out = new ArrayList<>();
        List<YamlNode> items = node instanceof YamlNode.Sequence s ? s.items() : List.of(node);
        for (YamlNode item : items) {
            Object v = item instanceof YamlNode.Scalar sc && sc.value() instanceof String str ? values.interpolate(str, item, ctx)
                    : item instanceof YamlNode.Scalar sc2 ? sc2.value() : null;
            if (v instanceof List<?> list) {
                list.forEach(o -> out.add(new Written(String.valueOf(o), item.location())));
            } else if (v instanceof String str) {
                out.add(new Written(str, item.location()));
            } else if (v != null) {
                error(item.location(), ctx.chain(), "expected a layer name, got " + item.kind());
            }
        }
        return out;
    }

    /** The name a layer gives itself, with `${...}` parts evaluated; null after reporting a bad one. */
    String name(YamlNode node, Context ctx) {
        Object v = node instanceof YamlNode.Scalar sc ? (sc.value() instanceof String s ? values.interpolate(s, node, ctx)
                : sc.value()) : null;
        if (v == null) {
            if (node instanceof YamlNode.Scalar sc && sc.value() == null) {
                error(node.location(), ctx.chain(), "a name is a word, not empty");
            } else if (!(node instanceof YamlNode.Scalar)) {
                error(node.location(), ctx.chain(), "a name is a word, not " + node.kind());
            }
            return null;
        }
        String name = String.valueOf(v);
        if (!NAME.matcher(name).matches()) {
            error(node.location(), ctx.chain(), "`" + name + "` is not a valid layer name: use letters, digits and `_` "
                    + "(dots separate scopes and are added by groups and blocks)");
            return null;
        }
        return name;
    }

    private void error(SourceLocation at, List<Frame> chain, String message) {
        diagnostics.add(Diagnostic.error(at, message, chain));
    }
}
