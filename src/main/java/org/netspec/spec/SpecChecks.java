package org.netspec.spec;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The problems found while reading spec files, and the checks that every part of the reading
 * makes: keys against {@link SpecGrammar}, names and identifiers.
 */
final class SpecChecks {
    static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*";

    private final List<Diagnostic> problems = new ArrayList<>();

    void error(SourceLocation at, String message) {
        problems.add(Diagnostic.error(at, message));
    }

    void addAll(List<Diagnostic> diagnostics) {
        problems.addAll(diagnostics);
    }

    boolean any() {
        return !problems.isEmpty();
    }

    List<Diagnostic> all() {
        return problems;
    }

    /** Reports every key of a mapping that its section does not declare. */
    void checkKeys(YamlNode.Mapping m, SpecGrammar.Section section) {
        Set<String> allowed = section.names();
        for (YamlNode.Mapping.Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                error(e.keyLocation(), "unknown key `" + e.key() + "` in " + section.what() + Suggestions.hint(e.key(), allowed)
                        + " (expected " + allowed.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
    }

    /** The name a key gives (a file's {@code network:} or {@code block:}), or null after reporting it. */
    String word(YamlNode.Mapping m, String key) {
        YamlNode v = m.get(key).orElseThrow();
        if (v instanceof YamlNode.Scalar s && s.value() instanceof String w && w.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            return w;
        }
        error(v.location(), "`" + key + ":` is a name made of letters, digits, `_`, `-` and `.`");
        return null;
    }

    void checkIdentifier(String name, SourceLocation at, String what) {
        if (!name.matches(IDENTIFIER)) {
            error(at, "`" + name + "` is not usable as " + what + "; use letters, digits and `_`, starting with a letter");
        }
    }

    /** " (found `x`; did you mean `y`?)" for the first key of a mapping close to one of {@code wanted}, or nothing. */
    static String keyHint(YamlNode.Mapping m, Collection<String> wanted) {
        for (String key : m.entries().keySet()) {
            Optional<String> c = Suggestions.closest(key, wanted);
            if (c.isPresent()) {
                return " (found `" + key + "`; did you mean `" + c.get() + "`?)";
            }
        }
        return "";
    }
}
