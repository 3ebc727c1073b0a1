package org.netspec.spec;

import java.util.List;

/**
 * Loops: {@code repeat:} on an operator, block or group layer, and {@code for:} over a list. A
 * repeated layer expands as {@code name.0, name.1, ...} inside a scope {@code name}, each
 * repetition reading the one before and seeing its index as {@code i}; a {@code for:} expands its
 * layers once per item, in the enclosing scope, with the loop variable set.
 */
final class Loops {
    /**
     * Expands one layer, given the name to use, in a context; {@code readsFrom} is false for
     * repetitions after the first, which read the one before instead of the layer's {@code from:}.
     */
    interface LayerExpansion {
        void expand(String name, Context ctx, boolean readsFrom);
    }

    private final Expander expander;
    private final Values values;
    private final Scopes scopes;
    private final Limits limits;
    private final List<Diagnostic> diagnostics;
    /** Characters of the full names of the layers expanded so far, against {@link Limits#maxNameChars()}. */
    private long nameChars;

    Loops(Expander expander, Values values, Scopes scopes, Limits limits, List<Diagnostic> diagnostics) {
        this.expander = expander;
        this.values = values;
        this.scopes = scopes;
        this.limits = limits;
        this.diagnostics = diagnostics;
    }

    /**
     * Expands a layer once, or {@code repeat:} times. An unnamed repeated layer is named after
     * {@code autoBase} (its operator or block; null for a group).
     */
    void repeated(YamlNode repeat, YamlNode nameNode, String autoBase, SourceLocation at, Context ctx,
            LayerExpansion expansion) {
        Scope scope = ctx.scope();
        String name = nameNode == null ? null : scopes.name(nameNode, ctx);
        if (nameNode != null && name == null) {
            return;
        }
        if (repeat == null) {
            chargeName(scope, name != null ? name : autoBase != null ? autoBase : "group", at, ctx);
            expansion.expand(name, ctx, true);
            return;
        }
        Object count = values.value(repeat, ctx);
        if (!(count instanceof Long times)) {
            if (count != null) {
                error(repeat.location(), ctx, "`repeat:` needs an integer, got " + Values.describe(count));
            }
            return;
        }
        if (times < 0 || times > limits.maxIterations()) {
            error(repeat.location(), ctx, "`repeat:` is " + times + "; it must be between 0 and "
                    + limits.maxIterations() + (times > 0 ? " (raise the limit with --max-iterations)" : ""));
            return;
        }
        if (name == null) {
            name = scopes.autoName(scope, autoBase == null ? "group" : autoBase);
        }
        if (!scopes.checkUnique(scope, name, at)) {
            return;
        }
        Context inner = ctx.in(scope.child(name));
        for (long i = 0; i < times; i++) {
            if (i > 0) {
                expander.visit(at, ctx.chain());
            }
            String index = Long.toString(i);
            chargeName(inner.scope(), index, at, ctx);
            expansion.expand(index, inner.with("i", i), i == 0);
        }
        scopes.defineScope(scope, name, ctx.cursor().previous, at);
        ctx.cursor().previous = scope.full(name);
    }

    /** Expands a {@code for:} loop's layers once per item of its list. */
    void forEach(LayerSpec.Loop loop, Context ctx) {
        Object items = values.evaluate(loop.iterable(), loop.iterableLocation(), ctx);
        if (items == null) {
            return;
        }
        if (!(items instanceof List<?> list)) {
            error(loop.iterableLocation(), ctx, "`for:` needs a list to iterate over, got " + Values.describe(items));
            return;
        }
        if (list.size() > limits.maxIterations()) {
            error(loop.iterableLocation(), ctx, "the loop has " + list.size() + " iterations, more than the limit of "
                    + limits.maxIterations() + " (raise it with --max-iterations)");
            return;
        }
        for (Object item : list) {
            expander.sequence(loop.layers(), ctx.with(loop.variable(), item));
        }
    }

    /**
     * Charges the full name of a layer about to expand ({@code name} in {@code scope}), and stops the
     * expansion when the names together pass the limit: a scoped name repeats every enclosing
     * instance's name, so long names nested in blocks and loops multiply.
     */
    private void chargeName(Scope scope, String name, SourceLocation at, Context ctx) {
        nameChars += scope.prefix.length() + name.length();
        if (nameChars > limits.maxNameChars()) {
            error(at, ctx, "the layer names of the network add up to more than " + limits.maxNameChars()
                    + " characters (a name repeats the names of the blocks and repetitions it lies in); "
                    + "raise the limit with --max-name-chars");
            throw new ExpansionAborted();
        }
    }

    private void error(SourceLocation at, Context ctx, String message) {
        diagnostics.add(Diagnostic.error(at, message, ctx.chain()));
    }
}
