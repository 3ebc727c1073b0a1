package org.netspec.spec;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A declared parameter of a network or block.
 *
 * @param defaultValue the default as written, or null when the parameter must be given
 * @param choices the allowed values, typed; empty when any value of the type is allowed
 */
public record ParamSpec(String name, Type type, YamlNode defaultValue, String doc, List<Object> choices,
        SourceLocation location) {
    /** The kinds of value a parameter holds. */
    public enum Type {
        INT, FLOAT, BOOL, STRING, ACTIVATION, LIST;

        static Optional<Type> named(String word) {
            for (Type t : values()) {
                if (t.name().equalsIgnoreCase(word)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }

        /** What a value of this type is, for error messages. */
        String article() {
            return switch (this) {
                case INT -> "an integer";
                case FLOAT -> "a number";
                case BOOL -> "true or false";
                case STRING -> "a word";
                case ACTIVATION -> "an activation: `none`, one of " + String.join(", ", Activations.names())
                        + ", or one with its attributes such as `{op: prelu, shared: true}`";
                case LIST -> "a list";
            };
        }

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    public ParamSpec {
        choices = List.copyOf(choices);
    }

    public boolean required() {
        return defaultValue == null;
    }

    /** The value in this parameter's type (an integer is also a number), or empty when it does not fit. */
    public Optional<Object> coerce(Object v) {
        Object typed = switch (type) {
            case INT -> v instanceof Long ? v : null;
            case FLOAT -> v instanceof Long l ? Double.valueOf(l) : v instanceof Double ? v : null;
            case BOOL -> v instanceof Boolean ? v : null;
            case STRING -> v instanceof String ? v : null;
            case ACTIVATION -> Activations.isActivation(v) ? v : null;
            case LIST -> v instanceof List ? v : null;
        };
        return Optional.ofNullable(typed);
    }

    /**
     * Why a value is not acceptable, or empty when it is: of the wrong type, or not one of the
     * choices.
     */
    public Optional<String> problem(Object typed) {
        if (coerce(typed).isEmpty()) {
            return Optional.of("`" + name + "` is " + type.article());
        }
        if (!choices.isEmpty() && !choices.contains(coerce(typed).get())) {
            return Optional.of("`" + name + "` is one of " + choices.stream().map(String::valueOf)
                    .collect(Collectors.joining(", ")));
        }
        return Optional.empty();
    }
}
