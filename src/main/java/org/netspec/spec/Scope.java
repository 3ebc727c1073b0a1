package org.netspec.spec;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A naming scope: the network, a group, a repeat or a block instance. Names are looked up from the
 * innermost scope outwards; a block instance has no parent, so it sees only its own layers and
 * its inputs.
 */
final class Scope {
    /** What the full names of this scope's layers start with: {@code ""} or {@code "level2.esp1."}. */
    final String prefix;
    final Scope parent;
    /** The names written in this scope, each with the full name it stands for. */
    final Map<String, String> local = new HashMap<>();
    /** How many unnamed layers of each operator or block this scope has numbered. */
    final Map<String, Integer> autoNames = new HashMap<>();
    /** The block instances this scope lies in, outermost first. */
    final List<Frame> chain;

    Scope(String prefix, Scope parent, List<Frame> chain) {
        this.prefix = prefix;
        this.parent = parent;
        this.chain = chain;
    }

    /** The root scope of a network. */
    static Scope root() {
        return new Scope("", null, List.of());
    }

    /** The scope of a group or repeat called {@code name} in this scope: it sees this scope's names. */
    Scope child(String name) {
        return new Scope(full(name) + ".", this, chain);
    }

    String full(String name) {
        return prefix + name;
    }
}
