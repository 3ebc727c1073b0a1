package org.netspec.export;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The variables of one forward: a name per tensor, from the name of the node or unit that makes
 * it, free of keywords, of the reserved names and of each other.
 */
final class Variables {
    private final Map<Unit.Value, String> names = new HashMap<>();
    private final Set<String> taken = new HashSet<>();
    private final Map<String, Integer> endings = new HashMap<>();

    /**
     * @param reserved names no variable may take (modules, helpers)
     * @param statements the dotted names of everything forward may name (nodes, units, scopes)
     */
    Variables(Set<String> reserved, Collection<String> statements) {
        taken.addAll(reserved);
        taken.add("self");
        for (String name : statements) {
            String[] parts = name.split("\\.");
            for (int i = parts.length - 1; i >= 0; i--) {
                endings.merge(String.join("_", List.of(parts).subList(i, parts.length)), 1, Integer::sum);
            }
        }
    }

    /** The variable holding a tensor. */
    String of(Unit.Value v) {
        String name = names.get(v);
        if (name == null) {
            throw new IllegalStateException("forward reads `" + v.node().name() + (v.indices() ? "` indices" : "`")
                    + " before it is computed");
        }
        return name;
    }

    /**
     * {@code a.b.c} gives {@code c}, {@code b_c}, {@code a_b_c}, each with the suffix, leaving out
     * shorter forms other names of the forward end with too (so {@code bin1.conv} is
     * {@code bin1_conv} and a top-level {@code conv} keeps {@code conv}).
     */
    List<String> candidates(String dotted, String suffix) {
        String[] parts = dotted.split("\\.");
        List<String> out = new ArrayList<>();
        for (int i = parts.length - 1; i >= 0; i--) {
            String tail = String.join("_", List.of(parts).subList(i, parts.length));
            if (i == 0 || endings.getOrDefault(tail, 0) == 1) {
                out.add(tail + suffix);
            }
        }
        return out;
    }

    /** Names a tensor by the first free identifier among the candidates, else the last one made free. */
    String name(Unit.Value v, List<String> candidates) {
        String chosen = null;
        for (String c : candidates) {
            if (Python.isIdentifier(c) && !taken.contains(c)) {
                chosen = c;
                break;
            }
        }
        if (chosen == null) {
            String last = candidates.get(candidates.size() - 1);
            String base = Python.isIdentifier(last) ? last : "v_" + last;
            chosen = base;
            for (int n = 2; taken.contains(chosen); n++) {
                chosen = base + "_" + n;
            }
        }
        taken.add(chosen);
        names.put(v, chosen);
        return chosen;
    }
}
