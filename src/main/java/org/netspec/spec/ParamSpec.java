package org.netspec.spec;

/**
 * A declared parameter of a network or block.
 *
 * @param defaultValue the default as written, or null when the parameter must be given
 */
public record ParamSpec(String name, Type type, YamlNode defaultValue, String doc, SourceLocation location) {
    /** The kinds of value a parameter holds. */
    public enum Type {
        INT, FLOAT, BOOL, STRING, LIST;

        static java.util.Optional<Type> named(String word) {
            for (Type t : values()) {
                if (t.name().equalsIgnoreCase(word)) {
                    return java.util.Optional.of(t);
                }
            }
            return java.util.Optional.empty();
        }

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    public boolean required() {
        return defaultValue == null;
    }
}
