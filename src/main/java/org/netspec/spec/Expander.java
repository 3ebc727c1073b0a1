package org.netspec.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.netspec.ops.Attribute;
import org.netspec.ops.Attributes;
import org.netspec.ops.Input;
import org.netspec.ops.Operator;
import org.netspec.ops.OperatorException;
import org.netspec.ops.Operators;
import org.netspec.ops.Shape;

/**
 * Expands a {@link NetworkSpec} into primitive nodes with scoped names, in declaration order,
 * handing each to a {@link NodeSink}. Evaluates parameters, {@code let:} values, conditions,
 * loops and repeats; instantiates blocks with their input shapes; resolves {@code from:} names.
 * Collects every problem it finds; a layer that fails is skipped together with everything that
 * reads it, so one mistake is reported once.
 *
 * <p>Names: a layer reads the previous layer unless it says {@code from:}; names are looked up
 * in the enclosing groups, and a block sees only its own layers and its inputs. A layer may read
 * only layers written above it, so the declaration order is an execution order.
 */
public final class Expander {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    private final NetworkSpec spec;
    private final Limits limits;
    private final NodeSink sink;
    private final Expressions expressions;
    private final List<Diagnostic> diagnostics;
    private final Map<String, Symbol> symbols = new HashMap<>();
    private final Map<String, List<String>> reads = new HashMap<>();
    private final List<PendingReference> pending = new ArrayList<>();
    private final Set<String> failedNames = new HashSet<>();
    private long visits;

    /** A defined name: the node it stands for (null when that layer failed) and where it was written. */
    private record Symbol(String output, SourceLocation location) {
    }

    /** A name read before it was defined: an error once we know whether it is defined later. */
    private record PendingReference(String reader, String name, Scope scope, SourceLocation location) {
    }

    /** Stops the expansion when a limit is reached: going on would only repeat the problem. */
    private static final class Abort extends RuntimeException {
        Abort() {
            super(null, null, false, false);
        }
    }

    private Expander(NetworkSpec spec, Limits limits, NodeSink sink, Expressions expressions,
            List<Diagnostic> diagnostics) {
        this.spec = spec;
        this.limits = limits;
        this.sink = sink;
        this.expressions = expressions;
        this.diagnostics = diagnostics;
    }

    /**
     * Expands the network with checked command-line values and returns the full names of its
     * outputs. Problems are added to {@code diagnostics}; the caller decides whether the result is usable.
     */
    public static List<String> expand(NetworkSpec spec, Overrides.Resolved overrides, Limits limits, NodeSink sink,
            Expressions expressions, List<Diagnostic> diagnostics) {
        Expander e = new Expander(spec, limits, sink, expressions, diagnostics);
        try {
            return e.network(overrides);
        } catch (Abort stop) {
            return List.of();
        }
    }

    // ---- scopes and variables ------------------------------------------------------------------

    /** A naming scope: a group or block instance. Blocks do not see names outside themselves. */
    private static final class Scope {
        final String prefix;
        final Scope parent;
        final Map<String, String> local = new HashMap<>();
        final Map<String, Integer> autoNames = new HashMap<>();
        final List<Frame> chain;

        Scope(String prefix, Scope parent, List<Frame> chain) {
            this.prefix = prefix;
            this.parent = parent;
            this.chain = chain;
        }

        String full(String name) {
            return prefix + name;
        }
    }

    /** The previous layer's output: what a layer without {@code from:} reads. */
    private static final class Cursor {
        String previous;

        Cursor(String previous) {
            this.previous = previous;
        }
    }

    private static Map<String, Object> with(Map<String, Object> env, String name, Object value) {
        Map<String, Object> copy = new HashMap<>(env);
        copy.put(name, value);
        return copy;
    }

    // ---- network ---------------------------------------------------------------------------------

    private List<String> network(Overrides.Resolved overrides) {
        Map<String, Object> env = new HashMap<>(overrides.params());
        for (ParamSpec p : spec.params().values()) {
            if (env.containsKey(p.name())) {
                continue;
            }
            if (p.required()) {
                error(p.location(), "parameter `" + p.name() + "` has no default; give it with --set " + p.name() + "=...");
                failedNames.add(p.name());
                continue;
            }
            Object v = paramValue(p, value(p.defaultValue(), env, List.of()), p.defaultValue().location(), List.of());
            if (v != null) {
                env.put(p.name(), v);
            } else {
                failedNames.add(p.name());
            }
        }
        env = lets(spec.lets(), env, List.of());
        Scope root = new Scope("", null, List.of());
        Cursor cursor = new Cursor(null);
        for (Map.Entry<String, YamlNode> in : spec.inputs().entrySet()) {
            Object shape = overrides.inputs().containsKey(in.getKey()) ? overrides.inputs().get(in.getKey())
                    : value(in.getValue(), env, List.of());
            if (shape == null) {
                define(root, in.getKey(), null, in.getValue().location());
                continue;
            }
            emit(root, in.getKey(), Operators.find("input").orElseThrow(), Map.of(Input.SHAPE.name(), shape),
                    Map.of(Input.SHAPE.name(), in.getValue().location()), List.of(), in.getValue().location(), cursor);
        }
        sequence(spec.layers(), root, env, cursor);
        List<String> outputs = new ArrayList<>();
        if (spec.outputs().isEmpty()) {
            String last = cursor.previous == null ? null : symbols.get(cursor.previous).output();
            if (last != null) {
                outputs.add(last);
            }
        } else {
            for (YamlNode o : spec.outputs()) {
                for (Written name : names(o, env, List.of())) {
                    String full = resolve(name.name(), root, name.location(), "");
                    if (full != null) {
                        outputs.add(full);
                    }
                }
            }
        }
        resolvePending();
        return outputs;
    }

    private Object paramValue(ParamSpec p, Object raw, SourceLocation at, List<Frame> chain) {
        if (raw == null) {
            return null;
        }
        Optional<String> problem = p.problem(raw);
        if (problem.isPresent()) {
            error(at, chain, problem.get() + ", got " + describe(raw));
            return null;
        }
        return p.coerce(raw).orElseThrow();
    }

    private Map<String, Object> lets(List<BlockSpec.Binding> lets, Map<String, Object> env, List<Frame> chain) {
        Map<String, Object> out = new HashMap<>(env);
        for (BlockSpec.Binding b : lets) {
            Object v = value(b.value(), out, chain);
            if (v != null) {
                out.put(b.name(), v);
            } else {
                failedNames.add(b.name());
            }
        }
        return out;
    }

    // ---- layers ----------------------------------------------------------------------------------

    private void sequence(List<LayerSpec> layers, Scope scope, Map<String, Object> env, Cursor cursor) {
        for (LayerSpec layer : layers) {
            visit(layer.location(), scope.chain);
            if (!condition(layer.when(), env, scope.chain)) {
                continue;
            }
            if (layer instanceof LayerSpec.Loop loop) {
                loop(loop, scope, env, cursor);
            } else if (layer instanceof LayerSpec.OpLayer op) {
                repeated(op.repeat(), op.name(), op.op(), op.location(), scope, env, cursor,
                        (name, s, e, c, first) -> opLayer(op, name, s, e, c, first));
            } else if (layer instanceof LayerSpec.BlockLayer b) {
                repeated(b.repeat(), b.name(), b.block(), b.location(), scope, env, cursor,
                        (name, s, e, c, first) -> blockLayer(b, name, s, e, c, first));
            } else if (layer instanceof LayerSpec.Group g) {
                repeated(g.repeat(), g.name(), null, g.location(), scope, env, cursor,
                        (name, s, e, c, first) -> group(g, name, s, e, c, first));
            }
        }
    }

    /**
     * Counts one layer considered (a node, group, block instance, loop or repetition, expanded or
     * skipped) against the node limit, and stops the expansion beyond it.
     */
    private void visit(SourceLocation at, List<Frame> chain) {
        if (++visits > limits.maxNodes()) {
            error(at, chain, "the network expands to more than " + limits.maxNodes() + " layers (nodes, groups, block "
                    + "instances and loops, counting those skipped by `when:`); raise the limit with --max-nodes");
            throw new Abort();
        }
    }

    /**
     * Expands one layer, given the name to use, in a scope with variables and a cursor;
     * {@code readsFrom} is false for repetitions after the first, which read the one before.
     */
    private interface LayerExpansion {
        void expand(String name, Scope scope, Map<String, Object> env, Cursor cursor, boolean readsFrom);
    }

    /**
     * Expands a layer once, or {@code repeat:} times as {@code name.0, name.1, ...} inside a scope
     * {@code name}, each repetition reading the one before and seeing its index as {@code i}.
     */
    private void repeated(YamlNode repeat, YamlNode nameNode, String autoBase, SourceLocation at, Scope scope,
            Map<String, Object> env, Cursor cursor, LayerExpansion expansion) {
        String name = nameNode == null ? null : name(nameNode, env, scope.chain);
        if (nameNode != null && name == null) {
            return;
        }
        if (repeat == null) {
            expansion.expand(name, scope, env, cursor, true);
            return;
        }
        Object count = value(repeat, env, scope.chain);
        if (!(count instanceof Long times)) {
            if (count != null) {
                error(repeat.location(), scope.chain, "`repeat:` needs an integer, got " + describe(count));
            }
            return;
        }
        if (times < 0 || times > limits.maxIterations()) {
            error(repeat.location(), scope.chain, "`repeat:` is " + times + "; it must be between 0 and "
                    + limits.maxIterations() + (times > 0 ? " (raise the limit with --max-iterations)" : ""));
            return;
        }
        if (name == null) {
            name = autoName(scope, autoBase == null ? "group" : autoBase);
        }
        String full = scope.full(name);
        if (!checkUnique(scope, name, at)) {
            return;
        }
        Scope inner = new Scope(full + ".", scope, scope.chain);
        for (long i = 0; i < times; i++) {
            if (i > 0) {
                visit(at, scope.chain);
            }
            expansion.expand(Long.toString(i), inner, with(env, "i", i), cursor, i == 0);
        }
        defineScope(scope, name, cursor.previous, at);
        cursor.previous = full;
    }

    private void loop(LayerSpec.Loop loop, Scope scope, Map<String, Object> env, Cursor cursor) {
        Object items = evaluate(loop.iterable(), loop.iterableLocation(), env, scope.chain);
        if (items == null) {
            return;
        }
        if (!(items instanceof List<?> list)) {
            error(loop.iterableLocation(), scope.chain, "`for:` needs a list to iterate over, got " + describe(items));
            return;
        }
        if (list.size() > limits.maxIterations()) {
            error(loop.iterableLocation(), scope.chain, "the loop has " + list.size() + " iterations, more than the limit of "
                    + limits.maxIterations() + " (raise it with --max-iterations)");
            return;
        }
        for (Object item : list) {
            sequence(loop.layers(), scope, with(env, loop.variable(), item), cursor);
        }
    }

    private void group(LayerSpec.Group g, String name, Scope scope, Map<String, Object> env, Cursor cursor,
            boolean readsFrom) {
        Cursor inner = new Cursor(cursor.previous);
        if (g.from() != null && readsFrom) {
            String reader = name == null ? "" : scope.full(name);
            List<String> from = from(g.from(), scope, env, cursor, reader);
            if (from == null) {
                if (name != null) {
                    define(scope, name, null, g.location());
                    cursor.previous = reader;
                }
                return;
            }
            if (from.size() != 1) {
                error(g.from().location(), scope.chain, "a group reads one layer; its first layer can read several");
                return;
            }
            inner.previous = from.get(0);
        }
        if (name == null) {
            sequence(g.layers(), scope, env, inner);
        } else {
            if (!checkUnique(scope, name, g.location())) {
                return;
            }
            sequence(g.layers(), new Scope(scope.full(name) + ".", scope, scope.chain), env, inner);
            defineScope(scope, name, inner.previous, g.location());
            inner.previous = scope.full(name);
        }
        cursor.previous = inner.previous;
    }

    private void opLayer(LayerSpec.OpLayer layer, String givenName, Scope scope, Map<String, Object> env,
            Cursor cursor, boolean readsFrom) {
        Operator op = Operators.find(layer.op()).orElseThrow();
        String name = givenName != null ? givenName : autoName(scope, layer.op());
        List<String> inputs = from(readsFrom ? layer.from() : null, scope, env, cursor, scope.full(name));
        Map<String, Object> raw = new LinkedHashMap<>();
        Map<String, SourceLocation> locations = new HashMap<>();
        boolean ok = inputs != null;
        for (YamlNode.Mapping.Entry e : layer.attributes().values()) {
            Attribute<?> attr = op.attribute(e.key()).orElseThrow();
            locations.put(e.key(), e.keyLocation());
            Object v = attributeValue(e.value(), attr, env, scope.chain);
            if (v == null) {
                ok = false;
            } else {
                raw.put(e.key(), v);
            }
        }
        if (!ok) {
            define(scope, name, null, layer.location());
            cursor.previous = scope.full(name);
            return;
        }
        emit(scope, name, op, raw, locations, inputs, layer.location(), cursor);
    }

    private void emit(Scope scope, String name, Operator op, Map<String, Object> raw,
            Map<String, SourceLocation> locations, List<String> inputs, SourceLocation at, Cursor cursor) {
        if (!checkUnique(scope, name, at)) {
            return;
        }
        String full = scope.full(name);
        Attributes attributes;
        try {
            attributes = Attributes.of(op, raw);
        } catch (OperatorException e) {
            error(e.attribute().map(a -> locations.getOrDefault(a, at)).orElse(at), scope.chain, e.getMessage());
            define(scope, name, null, at);
            cursor.previous = full;
            return;
        }
        Optional<Shape> shape = sink.add(new ExpandedNode(full, op, attributes, inputs, at, locations, scope.chain));
        define(scope, name, shape.isPresent() ? full : null, at);
        cursor.previous = full;
    }

    private void blockLayer(LayerSpec.BlockLayer layer, String givenName, Scope scope, Map<String, Object> env,
            Cursor cursor, boolean readsFrom) {
        BlockSpec block = spec.blocks().get(layer.block());
        String name = givenName != null ? givenName : autoName(scope, layer.block());
        if (block == null) {
            error(layer.blockLocation(), scope.chain, "unknown block `" + layer.block() + "`"
                    + Suggestions.hint(layer.block(), spec.blocks().keySet())
                    + (spec.blocks().isEmpty() ? " (no block files are imported; add `imports: [path/to/block.yaml]`)"
                    : " (imported: " + String.join(", ", spec.blocks().keySet()) + ")"));
            define(scope, name, null, layer.location());
            cursor.previous = scope.full(name);
            return;
        }
        if (scope.chain.size() >= limits.maxBlockDepth()) {
            error(layer.blockLocation(), scope.chain, "blocks are nested more than " + limits.maxBlockDepth()
                    + " deep; does block `" + layer.block() + "` use itself? (raise the limit with --max-block-depth)");
            throw new Abort();
        }
        if (!checkUnique(scope, name, layer.location())) {
            return;
        }
        String full = scope.full(name);
        boolean argumentsKnown = checkArguments(block, layer, scope);
        List<String> inputs = from(readsFrom ? layer.from() : null, scope, env, cursor, full);
        List<Frame> chain = new ArrayList<>(scope.chain);
        chain.add(new Frame(block.name(), full, layer.location()));
        Map<String, Object> blockEnv = inputs == null || !argumentsKnown ? null
                : blockEnvironment(block, layer, inputs, env, scope, chain);
        if (blockEnv == null) {
            define(scope, name, null, layer.location());
            cursor.previous = full;
            return;
        }
        Scope inner = new Scope(full + ".", null, List.copyOf(chain));
        for (int i = 0; i < inputs.size(); i++) {
            inner.local.put(block.inputs().get(i), inputs.get(i));
        }
        Cursor blockCursor = new Cursor(inputs.get(0));
        sequence(block.layers(), inner, blockEnv, blockCursor);
        String last = blockCursor.previous;
        if (block.output() != null) {
            List<Written> outs = names(block.output(), blockEnv, inner.chain);
            last = outs.size() == 1 ? lookup(outs.get(0).name(), inner) : null;
            if (last == null) {
                error(block.output().location(), inner.chain, "`output:` names one layer of the block"
                        + (outs.size() == 1 ? Suggestions.hint(outs.get(0).name(), inner.local.keySet()) : ""));
            }
        }
        defineScope(scope, name, last, layer.location());
        cursor.previous = full;
    }

    private Map<String, Object> blockEnvironment(BlockSpec block, LayerSpec.BlockLayer layer, List<String> inputs,
            Map<String, Object> callerEnv, Scope scope, List<Frame> chain) {
        if (inputs.size() != block.inputs().size()) {
            error(layer.from() != null ? layer.from().location() : layer.location(), scope.chain, "block `" + block.name()
                    + "` takes " + block.inputs().size() + " input" + (block.inputs().size() == 1 ? "" : "s") + " ("
                    + String.join(", ", block.inputs()) + "), got " + inputs.size());
            return null;
        }
        Map<String, Object> env = new HashMap<>();
        Map<String, Object> inputShapes = new LinkedHashMap<>();
        for (int i = 0; i < inputs.size(); i++) {
            Optional<Shape> shape = sink.shape(inputs.get(i));
            if (shape.isEmpty()) {
                return null;
            }
            inputShapes.put(block.inputs().get(i), shapeValue(shape.get()));
        }
        env.put("input", inputShapes.get(block.inputs().get(0)));
        env.put("inputs", inputShapes);
        boolean ok = true;
        for (ParamSpec p : block.params().values()) {
            YamlNode.Mapping.Entry arg = layer.arguments().get(p.name());
            Object v;
            if (arg != null) {
                v = paramValue(p, p.type() == ParamSpec.Type.STRING ? text(arg.value(), callerEnv, scope.chain)
                        : value(arg.value(), callerEnv, scope.chain), arg.value().location(), scope.chain);
            } else if (p.required()) {
                error(layer.location(), scope.chain, "block `" + block.name() + "` needs parameter `" + p.name() + "`"
                        + (p.doc().isEmpty() ? "" : " (" + p.doc() + ")"));
                v = null;
            } else {
                v = paramValue(p, p.type() == ParamSpec.Type.STRING ? text(p.defaultValue(), env, chain)
                        : value(p.defaultValue(), env, chain), p.defaultValue().location(), chain);
            }
            if (v == null) {
                ok = false;
            } else {
                env.put(p.name(), v);
            }
        }
        if (!ok) {
            return null;
        }
        Map<String, Object> blockEnv = lets(block.lets(), env, chain);
        return meetsRequirements(block, blockEnv, chain) ? blockEnv : null;
    }

    /** Checks the block's {@code require:} conditions, reporting each that fails with its message. */
    private boolean meetsRequirements(BlockSpec block, Map<String, Object> env, List<Frame> chain) {
        boolean ok = true;
        for (BlockSpec.Requirement r : block.requirements()) {
            Object holds = value(r.that(), env, chain);
            if (holds == null) {
                ok = false;
            } else if (!(holds instanceof Boolean b)) {
                error(r.that().location(), chain, "`that:` needs true or false, got " + describe(holds));
                ok = false;
            } else if (!b) {
                Object message = text(r.message(), env, chain);
                error(r.location(), chain, "block `" + block.name() + "` requires `" + r.that().text() + "`"
                        + (message == null ? "" : ": " + message));
                ok = false;
            }
        }
        return ok;
    }

    /** Reports arguments the block does not declare; checked even when the instance cannot expand. */
    private boolean checkArguments(BlockSpec block, LayerSpec.BlockLayer layer, Scope scope) {
        boolean ok = true;
        for (YamlNode.Mapping.Entry arg : layer.arguments().values()) {
            if (!block.params().containsKey(arg.key())) {
                error(arg.keyLocation(), scope.chain, "block `" + block.name() + "` has no parameter `" + arg.key() + "`"
                        + Suggestions.hint(arg.key(), block.params().keySet())
                        + (block.params().isEmpty() ? "" : " (parameters: " + String.join(", ", block.params().keySet()) + ")"));
                ok = false;
            }
        }
        return ok;
    }

    private static Map<String, Object> shapeValue(Shape s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", s.n());
        m.put("c", s.c());
        if (s.isFeatureMap()) {
            m.put("h", s.h());
            m.put("w", s.w());
        }
        return m;
    }

    // ---- names -----------------------------------------------------------------------------------

    private String autoName(Scope scope, String base) {
        int n = scope.autoNames.merge(base, 1, Integer::sum);
        String name = n == 1 ? base : base + "_" + n;
        while (scope.local.containsKey(name)) {
            n = scope.autoNames.merge(base, 1, Integer::sum);
            name = base + "_" + n;
        }
        return name;
    }

    private boolean checkUnique(Scope scope, String name, SourceLocation at) {
        Symbol previous = symbols.get(scope.full(name));
        if (previous != null || scope.local.containsKey(name)) {
            error(at, scope.chain, "duplicate name `" + scope.full(name) + "`"
                    + (previous != null ? " (first defined at " + previous.location() + ")" : " (it names a block input)"));
            return false;
        }
        return true;
    }

    private void define(Scope scope, String name, String output, SourceLocation at) {
        String full = scope.full(name);
        scope.local.putIfAbsent(name, full);
        symbols.putIfAbsent(full, new Symbol(output, at));
    }

    /** Records that a group or block reads its last layer, for the cycle search. */
    private void defineScope(Scope scope, String name, String lastInside, SourceLocation at) {
        if (lastInside != null) {
            reads.computeIfAbsent(scope.full(name), k -> new ArrayList<>()).add(lastInside);
        }
        define(scope, name, lastInside == null ? null : symbols.getOrDefault(lastInside, new Symbol(lastInside, at)).output(), at);
    }

    /** The full symbol name a written name stands for in a scope, or null when it is not defined. */
    private String lookup(String name, Scope scope) {
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
     * yet (reported once the expansion knows whether it is defined later).
     */
    private String resolve(String name, Scope scope, SourceLocation at, String reader) {
        String target = lookup(name, scope);
        if (target == null) {
            pending.add(new PendingReference(reader, name, scope, at));
            return null;
        }
        reads.computeIfAbsent(reader, k -> new ArrayList<>()).add(target);
        return symbols.get(target).output();
    }

    private static String display(String reader) {
        return reader.isEmpty() ? "the network outputs" : "`" + reader + "`";
    }

    /** Whether {@code from} reads {@code to}, directly or through other layers. */
    private boolean readsTransitively(String from, String to) {
        java.util.ArrayDeque<String> work = new java.util.ArrayDeque<>(List.of(from));
        java.util.Set<String> seen = new java.util.HashSet<>();
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

    private void resolvePending() {
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
                error(ref.location(), ref.scope().chain, display(ref.reader()) + " reads `" + ref.name() + "`, which is written later (at "
                        + target.location() + ")" + (cycle ? " and reads " + display(ref.reader()) + " back: a cycle" : "")
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

    /** The full names a {@code from:} stands for; the previous layer when absent; null on failure. */
    private List<String> from(YamlNode node, Scope scope, Map<String, Object> env, Cursor cursor, String reader) {
        if (node == null) {
            if (cursor.previous == null) {
                error(spec.location(), scope.chain, display(reader) + " has nothing to read: give it `from:`");
                return null;
            }
            reads.computeIfAbsent(reader, k -> new ArrayList<>()).add(cursor.previous);
            String output = symbols.get(cursor.previous).output();
            return output == null ? null : List.of(output);
        }
        List<Written> names = names(node, env, scope.chain);
        if (names.isEmpty()) {
            error(node.location(), scope.chain, "`from:` names at least one layer");
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (Written n : names) {
            String full = resolve(n.name(), scope, n.location(), reader);
            if (full == null) {
                ok = false;
            } else {
                out.add(full);
            }
        }
        return ok ? out : null;
    }

    /** A name as written, with where it was written. */
    private record Written(String name, SourceLocation location) {
    }

    /** The names written in a node: a name, a list of names, or `${expr}` giving a list. */
    private List<Written> names(YamlNode node, Map<String, Object> env, List<Frame> chain) {
        List<Written> out = new ArrayList<>();
        List<YamlNode> items = node instanceof YamlNode.Sequence s ? s.items() : List.of(node);
        for (YamlNode item : items) {
            Object v = item instanceof YamlNode.Scalar sc && sc.value() instanceof String str ? interpolate(str, item, env, chain)
                    : item instanceof YamlNode.Scalar sc2 ? sc2.value() : null;
            if (v instanceof List<?> list) {
                list.forEach(o -> out.add(new Written(String.valueOf(o), item.location())));
            } else if (v instanceof String str) {
                out.add(new Written(str, item.location()));
            } else if (v != null) {
                error(item.location(), chain, "expected a layer name, got " + item.kind());
            }
        }
        return out;
    }

    private String name(YamlNode node, Map<String, Object> env, List<Frame> chain) {
        Object v = node instanceof YamlNode.Scalar sc ? (sc.value() instanceof String s ? interpolate(s, node, env, chain)
                : sc.value()) : null;
        if (v == null) {
            if (node instanceof YamlNode.Scalar sc && sc.value() == null) {
                error(node.location(), chain, "a name is a word, not empty");
            } else if (!(node instanceof YamlNode.Scalar)) {
                error(node.location(), chain, "a name is a word, not " + node.kind());
            }
            return null;
        }
        String name = String.valueOf(v);
        if (!NAME.matcher(name).matches()) {
            error(node.location(), chain, "`" + name + "` is not a valid layer name: use letters, digits and `_` "
                    + "(dots separate scopes and are added by groups and blocks)");
            return null;
        }
        return name;
    }

    // ---- values ----------------------------------------------------------------------------------

    private boolean condition(YamlNode when, Map<String, Object> env, List<Frame> chain) {
        if (when == null) {
            return true;
        }
        Object v = value(when, env, chain);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v != null) {
            error(when.location(), chain, "`when:` needs true or false, got " + describe(v));
        }
        return false;
    }

    private Object attributeValue(YamlNode node, Attribute<?> attr, Map<String, Object> env, List<Frame> chain) {
        Object v;
        if (attr.kind() == Attribute.Kind.CHOICE) {
            v = text(node, env, chain);
        } else if (attr.kind() == Attribute.Kind.PADDING && node instanceof YamlNode.Scalar s && "same".equals(s.value())) {
            v = "same";
        } else {
            v = value(node, env, chain);
        }
        if (v == null) {
            return null;
        }
        try {
            attr.coerce(v);
        } catch (OperatorException e) {
            error(node.location(), chain, e.getMessage());
            return null;
        }
        return v;
    }

    /** A literal word, with `${...}` parts evaluated. */
    private Object text(YamlNode node, Map<String, Object> env, List<Frame> chain) {
        if (node instanceof YamlNode.Scalar s && s.value() instanceof String str) {
            return interpolate(str, node, env, chain);
        }
        return value(node, env, chain);
    }

    /**
     * The value of a node: a YAML number or boolean as is, a string evaluated as an expression
     * (with or without `${...}` around it), a list element by element. Null after reporting an error.
     */
    private Object value(YamlNode node, Map<String, Object> env, List<Frame> chain) {
        if (node instanceof YamlNode.Scalar s) {
            if (s.value() == null) {
                error(s.location(), chain, "a value is missing here");
                return null;
            }
            if (!(s.value() instanceof String str)) {
                return s.value();
            }
            String expr = str.strip();
            if (expr.startsWith("${") && expr.endsWith("}") && expr.indexOf("${", 2) < 0) {
                expr = expr.substring(2, expr.length() - 1);
            }
            return evaluate(expr, s.location(), env, chain);
        }
        if (node instanceof YamlNode.Sequence seq) {
            List<Object> out = new ArrayList<>();
            for (YamlNode item : seq.items()) {
                Object v = value(item, env, chain);
                if (v == null) {
                    return null;
                }
                out.add(v);
            }
            return out;
        }
        error(node.location(), chain, "expected a value or an expression, not " + node.kind());
        return null;
    }

    /**
     * The value of an expression, or null after reporting why it has none. A name whose own
     * definition failed was reported there and is not reported again; when the expressions have
     * used up their cost limit, the expansion stops.
     */
    private Object evaluate(String expr, SourceLocation at, Map<String, Object> env, List<Frame> chain) {
        try {
            return expressions.evaluate(expr, env);
        } catch (Expressions.ExpressionException e) {
            if (e.unknownName().filter(failedNames::contains).isEmpty()) {
                error(at, chain, e.getMessage());
            }
            if (e.costExhausted()) {
                throw new Abort();
            }
            return null;
        }
    }

    /**
     * Replaces each `${expr}` in a string by its value. A string that is one `${expr}` keeps the
     * value's type (a list of names for {@code from:}).
     */
    private Object interpolate(String text, YamlNode node, Map<String, Object> env, List<Frame> chain) {
        int start = text.indexOf("${");
        if (start < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder();
        int pos = 0;
        while (start >= 0) {
            out.append(text, pos, start);
            int depth = 0;
            int end = -1;
            for (int i = start + 2; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (depth == 0) {
                        end = i;
                        break;
                    }
                    depth--;
                }
            }
            if (end < 0) {
                error(node.location(), chain, "`${` without a closing `}` in `" + text + "`");
                return null;
            }
            Object v = evaluate(text.substring(start + 2, end), node.location(), env, chain);
            if (v == null) {
                return null;
            }
            if (start == 0 && end == text.length() - 1) {
                return v;
            }
            out.append(v instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : String.valueOf(v));
            pos = end + 1;
            start = text.indexOf("${", pos);
        }
        out.append(text.substring(pos));
        return out.toString();
    }

    private static String describe(Object v) {
        if (v instanceof String s) {
            return "`" + s + "`";
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Expander::describe).collect(Collectors.joining(", ", "[", "]"));
        }
        return String.valueOf(v);
    }

    private void error(SourceLocation at, String message) {
        diagnostics.add(Diagnostic.error(at, message));
    }

    private void error(SourceLocation at, List<Frame> chain, String message) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.ERROR, at, message, chain));
    }
}
