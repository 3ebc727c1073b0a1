package org.netspec.spec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a layer expands: the scope its name goes into (which also gives the chain of block
 * instances it lies in), the variables its values see, and the cursor that says which layer it
 * reads when it names none. Contexts are made as the expansion goes down into groups, loops and
 * block instances; the cursor is shared along a sequence of layers and moves as they are written.
 */
record Context(Scope scope, Map<String, Object> env, Cursor cursor) {
    /** The previous layer's full name: what a layer without {@code from:} reads; null before the first. */
    static final class Cursor {
        String previous;

        Cursor(String previous) {
            this.previous = previous;
        }
    }

    List<Frame> chain() {
        return scope.chain;
    }

    /** This context with one more variable (a loop variable, a repeat index). */
    Context with(String name, Object value) {
        Map<String, Object> copy = new HashMap<>(env);
        copy.put(name, value);
        return new Context(scope, copy, cursor);
    }

    Context withEnv(Map<String, Object> variables) {
        return new Context(scope, variables, cursor);
    }

    Context in(Scope inner) {
        return new Context(inner, env, cursor);
    }

    Context reading(Cursor other) {
        return new Context(scope, env, other);
    }
}
