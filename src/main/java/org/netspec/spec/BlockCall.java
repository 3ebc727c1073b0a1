package org.netspec.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.netspec.ops.Shape;

/**
 * Instantiates a block: checks its arguments, binds its parameters, input shapes and {@code let:}
 * values in a scope of its own, checks its {@code require:} conditions, expands its layers there
 * and defines the instance as its output layer. The instance adds a {@link Frame} to the chain
 * every problem inside it reports.
 */
final class BlockCall {
    /** The argument of a backbone instance that selects the layers it exposes. */
    static final String OUTPUTS = "outputs";

    private final Expander expander;
    private final Map<String, BlockSpec> blocks;
    private final Values values;
    private final Scopes scopes;
    private final NodeSink sink;
    private final Limits limits;
    private final List<Diagnostic> diagnostics;

    BlockCall(Expander expander, Map<String, BlockSpec> blocks, Values values, Scopes scopes, NodeSink sink, Limits limits,
            List<Diagnostic> diagnostics) {
        this.expander = expander;
        this.blocks = blocks;
        this.values = values;
        this.scopes = scopes;
        this.sink = sink;
        this.limits = limits;
        this.diagnostics = diagnostics;
    }

    /** Expands one instance called {@code givenName} (or an automatic name) in the caller's context. */
    void expand(LayerSpec.BlockLayer layer, String givenName, Context caller, boolean readsFrom) {
        Scope scope = caller.scope();
        Context.Cursor cursor = caller.cursor();
        BlockSpec block = blocks.get(layer.block());
        String name = givenName != null ? givenName : scopes.autoName(scope, layer.block());
        if (block == null) {
            error(layer.blockLocation(), caller.chain(), "unknown block `" + layer.block() + "`"
                    + Suggestions.hint(layer.block(), blocks.keySet())
                    + (blocks.isEmpty() ? " (no block files are imported; add `imports: [path/to/block.yaml]`)"
                    : " (imported: " + String.join(", ", blocks.keySet()) + ")"));
            scopes.define(scope, name, null, layer.location());
            cursor.previous = scope.full(name);
            return;
        }
        if (caller.chain().size() >= limits.maxBlockDepth()) {
            error(layer.blockLocation(), caller.chain(), "blocks are nested more than " + limits.maxBlockDepth()
                    + " deep; does block `" + layer.block() + "` use itself? (raise the limit with --max-block-depth)");
            throw new ExpansionAborted();
        }
        if (!scopes.checkUnique(scope, name, layer.location())) {
            return;
        }
        String full = scope.full(name);
        boolean argumentsKnown = checkArguments(block, layer, caller);
        List<String> inputs = scopes.from(readsFrom ? layer.from() : null, caller, full);
        List<Frame> chain = new ArrayList<>(caller.chain());
        chain.add(new Frame(block.name(), full, layer.location(), block.network()));
        Scope inner = new Scope(full + ".", null, List.copyOf(chain));
        Map<String, Object> env = inputs == null || !argumentsKnown ? null : environment(block, layer, inputs, caller, inner);
        if (env == null) {
            scopes.define(scope, name, null, layer.location());
            cursor.previous = full;
            return;
        }
        for (int i = 0; i < inputs.size(); i++) {
            inner.local.put(block.inputs().get(i), inputs.get(i));
        }
        Context body = new Context(inner, env, new Context.Cursor(inputs.get(0)));
        YamlNode.Mapping.Entry selection = block.network() ? layer.arguments().get(OUTPUTS) : null;
        List<Scopes.Written> selected = selection == null ? List.of() : scopes.names(selection.value(), caller);
        expander.sequenceUntil(block.layers(), body, selected.stream().map(w -> inner.full(w.name())).toList());
        String last = body.cursor().previous;
        if (selection != null) {
            last = exposed(block, selected, inner);
        } else if (block.output() != null) {
            List<Scopes.Written> outs = scopes.names(block.output(), body);
            last = outs.size() == 1 ? scopes.lookup(outs.get(0).name(), inner) : null;
            if (last == null) {
                error(block.output().location(), inner.chain, "`output:` names one layer of the block"
                        + (outs.size() == 1 ? Suggestions.hint(outs.get(0).name(), inner.local.keySet()) : ""));
            }
        }
        scopes.defineScope(scope, name, last, layer.location());
        cursor.previous = full;
    }

    /**
     * The layer a backbone instance stands for: the first of those its {@code outputs:} selects;
     * each must be a layer of the network. Null after reporting one that is not.
     */
    private String exposed(BlockSpec block, List<Scopes.Written> selected, Scope inner) {
        String first = null;
        for (Scopes.Written w : selected) {
            String full = scopes.lookup(w.name(), inner);
            if (full == null) {
                error(w.location(), inner.chain, "network `" + block.name() + "` has no layer `" + w.name() + "` to expose"
                        + Suggestions.hint(w.name(), inner.local.keySet()));
            } else if (first == null) {
                first = full;
            }
        }
        if (selected.isEmpty()) {
            error(inner.chain.get(inner.chain.size() - 1).location(), inner.chain, "`outputs:` names at least one layer of network `"
                    + block.name() + "`");
        }
        return first;
    }

    /**
     * The variables the block's layers see: {@code input} and {@code inputs} (shapes), its
     * parameters (given values are evaluated in the caller's context, defaults in the block's) and
     * its {@code let:} values; null when one fails or a requirement does not hold.
     */
    private Map<String, Object> environment(BlockSpec block, LayerSpec.BlockLayer layer, List<String> inputs,
            Context caller, Scope inner) {
        if (inputs.size() != block.inputs().size()) {
            error(layer.from() != null ? layer.from().location() : layer.location(), caller.chain(), "block `" + block.name()
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
        Context own = new Context(inner, env, new Context.Cursor(null));
        boolean ok = true;
        for (ParamSpec p : block.params().values()) {
            YamlNode.Mapping.Entry arg = layer.arguments().get(p.name());
            Object v;
            if (arg != null) {
                v = values.argument(p, arg.value(), caller);
            } else if (p.required()) {
                error(layer.location(), caller.chain(), "block `" + block.name() + "` needs parameter `" + p.name() + "`"
                        + (p.doc().isEmpty() ? "" : " (" + p.doc() + ")"));
                v = null;
            } else {
                v = values.argument(p, p.defaultValue(), own);
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
        Map<String, Object> blockEnv = values.lets(block.lets(), own);
        return meetsRequirements(block, own.withEnv(blockEnv)) ? blockEnv : null;
    }

    /** Checks the block's {@code require:} conditions, reporting each that fails with its message. */
    private boolean meetsRequirements(BlockSpec block, Context ctx) {
        boolean ok = true;
        for (BlockSpec.Requirement r : block.requirements()) {
            Object holds = values.value(r.that(), ctx);
            if (holds == null) {
                ok = false;
            } else if (!(holds instanceof Boolean b)) {
                error(r.that().location(), ctx.chain(), "`that:` needs true or false, got " + Values.describe(holds));
                ok = false;
            } else if (!b) {
                Object message = values.text(r.message(), ctx);
                error(r.location(), ctx.chain(), "block `" + block.name() + "` requires `" + r.that().text() + "`"
                        + (message == null ? "" : ": " + message));
                ok = false;
            }
        }
        return ok;
    }

    /** Reports arguments the block does not declare; checked even when the instance cannot expand. */
    private boolean checkArguments(BlockSpec block, LayerSpec.BlockLayer layer, Context caller) {
        boolean ok = true;
        for (YamlNode.Mapping.Entry arg : layer.arguments().values()) {
            if (block.network() && arg.key().equals(OUTPUTS)) {
                continue;
            }
            if (!block.params().containsKey(arg.key())) {
                error(arg.keyLocation(), caller.chain(), "block `" + block.name() + "` has no parameter `" + arg.key() + "`"
                        + Suggestions.hint(arg.key(), block.params().keySet())
                        + (block.params().isEmpty() ? "" : " (parameters: " + String.join(", ", block.params().keySet()) + ")"));
                ok = false;
            }
        }
        return ok;
    }

    /** A shape as block expressions read it: {@code input.c}, {@code input.h}, ... */
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

    private void error(SourceLocation at, List<Frame> chain, String message) {
        diagnostics.add(Diagnostic.error(at, message, chain));
    }
}
