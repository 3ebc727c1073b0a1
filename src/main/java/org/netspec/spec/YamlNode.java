package org.netspec.spec;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A YAML value that remembers where it was written. */
public sealed interface YamlNode {
    SourceLocation location();

    /** What a reader would call this kind of value, for error messages. */
    String kind();

    /** A scalar's value as written; empty for an empty value, a list or a mapping. */
    default String text() {
        return this instanceof Scalar s && s.value() != null ? s.value().toString() : "";
    }

    /** A scalar: String, Long, Double, Boolean, or null for an empty value. */
    record Scalar(Object value, SourceLocation location) implements YamlNode {
        @Override
        public String kind() {
            if (value == null) {
                return "an empty value";
            }
            if (value instanceof String) {
                return "text";
            }
            return value instanceof Boolean ? "true/false" : "a number";
        }
    }

    /** A sequence. */
    record Sequence(List<YamlNode> items, SourceLocation location) implements YamlNode {
        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A mapping with string keys, in file order; each key keeps its own location. */
    record Mapping(Map<String, Entry> entries, SourceLocation location) implements YamlNode {
        /** A key, where it was written, and its value. */
        public record Entry(String key, SourceLocation keyLocation, YamlNode value) {
        }

        @Override
        public String kind() {
            return "a mapping";
        }

        public Optional<YamlNode> get(String key) {
            Entry e = entries.get(key);
            return e == null ? Optional.empty() : Optional.of(e.value());
        }

        public boolean has(String key) {
            return entries.containsKey(key);
        }
    }
}
