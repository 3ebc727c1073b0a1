package org.netspec.spec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * handing each to a {@link NodeSink}. Collects every problem it finds; a layer that fails is
 * skipped together with everything that reads it, so one mistake is reported once.
 *
 * <p>This class walks the layers: the network's parameters, inputs and outputs, sequences,
 * groups and operator layers, and counts them against the node limit. It hands names to
 * {@link Scopes}, values to {@link Values}, {@code repeat:} and {@code for:} to {@link Loops} and
 * block instances to {@link BlockCall}; a {@link Context} says where each layer expands.
 */
public final class Expander {
    private final NetworkSpec spec;
    private final Limits limits;
    private final NodeSink sink;
    private final List<Diagnostic> diagnostics;
    private final Values values;
    private final Scopes scopes;
    private final Loops loops;
    private final BlockCall blockCall;
    private long visits;
    /** The full names each backbone being expanded exposes, innermost last: its expansion stops once they are all written. */
    private final Deque<List<String>> selections = new ArrayDeque<>();

    private Expander(NetworkSpec spec, Limits limits, NodeSink sink, Expressions expressions,
            List<Diagnostic> diagnostics) {
        this.spec = spec;
        this.limits = limits;
        this.sink = sink;
        this.diagnostics = diagnostics;
        this.values = new Values(expressions, diagnostics);
        this.scopes = new Scopes(values, spec.location(), diagnostics);
        this.loops = new Loops(this, values, scopes, limits, diagnostics);
        this.blockCall = new BlockCall(this, spec.blocks(), values, scopes, sink, limits, diagnostics);
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
        } catch (ExpansionAborted stop) {
            return List.of();
        }
    }

    private List<String> network(Overrides.Resolved overrides) {
        Scope root = Scope.root();
        Context.Cursor cursor = new Context.Cursor(null);
        Map<String, Object> env = new HashMap<>(overrides.params());
        Context params = new Context(root, env, cursor);
        for (ParamSpec p : spec.params().values()) {
            if (env.containsKey(p.name())) {
                continue;
            }
            if (p.required()) {
                diagnostics.add(Diagnostic.error(p.location(), "parameter `" + p.name() + "` has no default; give it with --set "
                        + p.name() + "=..."));
                values.failed(p.name());
                continue;
            }
            Object v = p.type() == ParamSpec.Type.ACTIVATION ? values.argument(p, p.defaultValue(), params)
                    : values.paramValue(p, values.value(p.defaultValue(), params), p.defaultValue().location(), params);
            if (v != null) {
                env.put(p.name(), v);
            } else {
                values.failed(p.name());
            }
        }
        Context ctx = params.withEnv(values.lets(spec.lets(), params));
        for (Map.Entry<String, YamlNode> in : spec.inputs().entrySet()) {
            SourceLocation at = in.getValue().location();
            Object shape = overrides.inputs().containsKey(in.getKey()) ? overrides.inputs().get(in.getKey())
                    : values.value(in.getValue(), ctx);
            // The analyses measure feature maps (receptive fields, gridding): a spec's network starts from one.
            if (shape instanceof List<?> dims && dims.size() != 4) {
                diagnostics.add(Diagnostic.error(at, "`" + in.getKey() + "` (input): a network input is a feature map "
                        + "N x C x H x W (4 sizes), got " + dims.stream().map(String::valueOf).collect(Collectors.joining("x"))
                        + " (" + dims.size() + " sizes)"));
                // Layers after it read it as a failed node, as after a refused attribute: no second error.
                scopes.define(root, in.getKey(), null, at);
                ctx.cursor().previous = ctx.scope().full(in.getKey());
                continue;
            }
            if (shape == null) {
                scopes.define(root, in.getKey(), null, at);
                continue;
            }
            emit(ctx, in.getKey(), Operators.find("input").orElseThrow(), Map.of(Input.SHAPE.name(), shape),
                    Map.of(Input.SHAPE.name(), at), List.of(), at);
        }
        sequence(spec.layers(), ctx);
        List<String> outputs = new ArrayList<>();
        if (spec.outputs().isEmpty()) {
            String last = cursor.previous == null ? null : scopes.output(cursor.previous);
            if (last != null) {
                outputs.add(last);
            }
        } else {
            for (YamlNode o : spec.outputs()) {
                for (Scopes.Written name : scopes.names(o, ctx)) {
                    String full = scopes.resolve(name.name(), root, name.location(), "");
                    if (full != null) {
                        outputs.add(full);
                    }
                }
            }
        }
        scopes.resolvePending();
        return outputs;
    }

    /** Expands a list of layers in order, each reading the one before unless it says otherwise. */
    void sequence(List<LayerSpec> layers, Context ctx) {
        for (LayerSpec layer : layers) {
            if (selectionWritten()) {
                return;
            }
            visit(layer.location(), ctx.chain());
            if (!values.condition(layer.when(), ctx)) {
                continue;
            }
            if (layer instanceof LayerSpec.Loop loop) {
                loops.forEach(loop, ctx);
            } else if (layer instanceof LayerSpec.OpLayer op) {
                loops.repeated(op.repeat(), op.name(), op.op(), op.location(), ctx,
                        (name, c, readsFrom) -> {
                            if (!selectionWritten()) {
                                opLayer(op, name, c, readsFrom);
                            }
                        });
            } else if (layer instanceof LayerSpec.BlockLayer b) {
                loops.repeated(b.repeat(), b.name(), b.block(), b.location(), ctx,
                        (name, c, readsFrom) -> {
                            if (!selectionWritten()) {
                                blockCall.expand(b, name, c, readsFrom);
                            }
                        });
            } else if (layer instanceof LayerSpec.Group g) {
                loops.repeated(g.repeat(), g.name(), null, g.location(), ctx,
                        (name, c, readsFrom) -> {
                            if (!selectionWritten()) {
                                group(g, name, c, readsFrom);
                            }
                        });
            }
        }
    }

    /**
     * Expands the layers of a backbone (a network used as a block) until every layer it exposes
     * ({@code selected}, full names) is written: what follows them (a classifier) is not expanded,
     * since a layer reads only layers written above it.
     */
    void sequenceUntil(List<LayerSpec> layers, Context ctx, List<String> selected) {
        if (selected.isEmpty()) {
            sequence(layers, ctx);
            return;
        }
        selections.push(selected);
        try {
            sequence(layers, ctx);
        } finally {
            selections.pop();
        }
    }

    /** Whether a backbone being expanded has written every layer it exposes. */
    private boolean selectionWritten() {
        return selections.stream().anyMatch(names -> names.stream().allMatch(scopes::defined));
    }

    /**
     * Counts one layer considered (a node, group, block instance, loop or repetition, expanded or
     * skipped) against the node limit, and stops the expansion beyond it.
     */
    void visit(SourceLocation at, List<Frame> chain) {
        if (++visits > limits.maxNodes()) {
            diagnostics.add(Diagnostic.error(at, "the network expands to more than " + limits.maxNodes() + " layers (nodes, "
                    + "groups, block instances and loops, counting those skipped by `when:`); raise the limit with --max-nodes",
                    chain));
            throw new ExpansionAborted();
        }
    }

    /** A group: its layers in a scope of their own when it is named, reading one layer. */
    private void group(LayerSpec.Group g, String name, Context ctx, boolean readsFrom) {
        Scope scope = ctx.scope();
        Context.Cursor cursor = ctx.cursor();
        Context.Cursor inner = new Context.Cursor(cursor.previous);
        if (g.from() != null && readsFrom) {
            String reader = name == null ? "" : scope.full(name);
            List<String> from = scopes.from(g.from(), ctx, reader);
            if (from == null) {
                if (name != null) {
                    scopes.define(scope, name, null, g.location());
                    cursor.previous = reader;
                }
                return;
            }
            if (from.size() != 1) {
                diagnostics.add(Diagnostic.error(g.from().location(), "a group reads one layer; its first layer can read several",
                        ctx.chain()));
                return;
            }
            inner.previous = from.get(0);
        }
        if (name == null) {
            sequence(g.layers(), ctx.reading(inner));
        } else {
            if (!scopes.checkUnique(scope, name, g.location())) {
                return;
            }
            sequence(g.layers(), ctx.in(scope.child(name)).reading(inner));
            scopes.defineScope(scope, name, inner.previous, g.location());
            inner.previous = scope.full(name);
        }
        cursor.previous = inner.previous;
    }

    private void opLayer(LayerSpec.OpLayer layer, String givenName, Context ctx, boolean readsFrom) {
        Map<String, Object> raw = new LinkedHashMap<>();
        Operator op = Operators.find(layer.op()).orElse(null);
        Object activation = op == null ? ctx.env().get(layer.op()) : null;
        if (op == null && activation != null) {
            // `op:` names an activation parameter: `none` applies nothing, so the layer is left out.
            op = Activations.find(Activations.name(activation)).orElse(null);
            raw.putAll(Activations.attributes(activation));
        }
        Scope scope = ctx.scope();
        if (op == null && Activations.NONE.equals(activation)) {
            return;
        }
        String name = givenName != null ? givenName : scopes.autoName(scope, op == null ? layer.op() : op.name());
        if (op == null) {
            // The parameter has no value: its definition failed and was reported.
            scopes.define(scope, name, null, layer.location());
            ctx.cursor().previous = scope.full(name);
            return;
        }
        List<String> inputs = scopes.from(readsFrom ? layer.from() : null, ctx, scope.full(name));
        Map<String, SourceLocation> locations = new HashMap<>();
        boolean ok = inputs != null;
        for (YamlNode.Mapping.Entry e : layer.attributes().values()) {
            Attribute<?> attr = op.attribute(e.key()).orElseThrow();
            locations.put(e.key(), e.keyLocation());
            Object v = values.attributeValue(e.value(), attr, ctx);
            if (v == null) {
                ok = false;
            } else {
                raw.put(e.key(), v);
            }
        }
        if (!ok) {
            scopes.define(scope, name, null, layer.location());
            ctx.cursor().previous = scope.full(name);
            return;
        }
        emit(ctx, name, op, raw, locations, inputs, layer.location());
    }

    /** Hands a primitive node to the sink and defines its name; a node without a shape is defined as failed. */
    private void emit(Context ctx, String name, Operator op, Map<String, Object> raw,
            Map<String, SourceLocation> locations, List<String> inputs, SourceLocation at) {
        Scope scope = ctx.scope();
        if (!scopes.checkUnique(scope, name, at)) {
            return;
        }
        String full = scope.full(name);
        Attributes attributes;
        try {
            attributes = Attributes.of(op, raw);
        } catch (OperatorException e) {
            diagnostics.add(Diagnostic.error(e.attribute().map(a -> locations.getOrDefault(a, at)).orElse(at), e.getMessage(),
                    ctx.chain()));
            scopes.define(scope, name, null, at);
            ctx.cursor().previous = full;
            return;
        }
        Optional<Shape> shape = sink.add(new ExpandedNode(full, op, attributes, inputs, at, locations, ctx.chain()));
        scopes.define(scope, name, shape.isPresent() ? full : null, at);
        ctx.cursor().previous = full;
    }
}
