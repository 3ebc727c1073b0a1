package org.netspec.importer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * netspec names for imported nodes. A node name that is already a scoped netspec name
 * ({@code level2.0.d4}, as netspec's export writes them) is kept. PyTorch's exporter names nodes
 * by module scope ({@code /layer1/layer1.0/conv/Conv}): such a node takes its module's path
 * ({@code layer1.0.conv}) when it is the module's only node and the module has no submodules, so
 * its weights are named as in the model's state_dict ({@code layer1.0.conv.weight}); otherwise the
 * path and the node's own name ({@code layer1.0.Add}). Other characters become `_`; repeats get a suffix.
 */
final class Names {
    private static final Pattern SCOPED = Pattern.compile("[A-Za-z0-9_]+(\\.[A-Za-z0-9_]+)*");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private Names() {
    }

    /** A graph input's name as a spec input name: letters, digits and `_`, not starting with a digit. */
    static String input(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_]", "_");
        return IDENTIFIER.matcher(s).matches() ? s : "x" + s;
    }

    /** The full name a node would take, and for a PyTorch scope name the module path alone (else null). */
    private record Candidate(String full, String module) {
    }

    /** Gives every node a unique name; inputs keep theirs, made fit for a spec. */
    static void assign(List<Made> nodes) {
        Set<String> taken = new HashSet<>();
        Map<Made, Candidate> candidates = new LinkedHashMap<>();
        Map<String, Integer> perModule = new HashMap<>();
        for (Made m : nodes) {
            if (m.anchor < 0) {
                m.name = unique(input(m.source), taken);
            } else {
                Candidate c = candidate(m.source);
                candidates.put(m, c);
                if (c.module() != null) {
                    perModule.merge(c.module(), 1, Integer::sum);
                }
            }
        }
        // how many names lie inside each scope: a module with one node and no submodules has one
        Map<String, Integer> inside = new HashMap<>();
        for (Candidate c : candidates.values()) {
            for (int dot = c.full().indexOf('.'); dot >= 0; dot = c.full().indexOf('.', dot + 1)) {
                inside.merge(c.full().substring(0, dot), 1, Integer::sum);
            }
        }
        candidates.forEach((m, c) -> {
            String name = c.full();
            if (c.module() != null && perModule.get(c.module()) == 1 && inside.get(c.module()) == 1) {
                name = c.module();
            }
            m.name = unique(name, taken);
        });
    }

    /** The name, or with the first suffix `_2`, `_3`, ... that is not taken yet; taken from then on. */
    private static String unique(String name, Set<String> taken) {
        String unique = name;
        for (int k = 2; !taken.add(unique); k++) {
            unique = name + "_" + k;
        }
        return unique;
    }

    private static Candidate candidate(String source) {
        if (SCOPED.matcher(source).matches()) {
            return new Candidate(source, null);
        }
        if (source.startsWith("/")) {
            List<String> scopes = new ArrayList<>();
            String[] parts = source.substring(1).split("/");
            for (int i = 0; i < parts.length - 1; i++) {
                if (!scopes.isEmpty() && parts[i].startsWith(scopes.get(scopes.size() - 1) + ".")) {
                    scopes.set(scopes.size() - 1, parts[i]);
                } else if (!parts[i].isEmpty()) {
                    scopes.add(parts[i]);
                }
            }
            String module = sanitise(String.join(".", scopes));
            String leaf = sanitise(parts.length == 0 ? "" : parts[parts.length - 1]);
            String full = module.isEmpty() ? leaf : leaf.isEmpty() ? module : module + "." + leaf;
            return new Candidate(full.isEmpty() ? "node" : full, module.isEmpty() ? null : module);
        }
        String clean = sanitise(source);
        return new Candidate(clean.isEmpty() ? "node" : clean, null);
    }

    /** Segments of letters, digits and `_` joined by dots (empty when nothing is left). */
    private static String sanitise(String name) {
        List<String> segments = new ArrayList<>();
        for (String s : name.split("\\.")) {
            String clean = s.replaceAll("[^A-Za-z0-9_]", "_");
            if (!clean.isEmpty()) {
                segments.add(clean);
            }
        }
        return segments.isEmpty() ? "" : String.join(".", segments);
    }
}
