package org.netspec.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One declared attribute of an operator: its name, kind, default and constraints. The attribute
 * owns the rule that turns a value from a spec (a number, a list, a word) into its typed form, so
 * every operator checks its attributes the same way.
 *
 * @param <T> the typed value: {@link Long}, {@link Pair}, {@link Padding}, {@link Double},
 *     {@link Boolean}, {@link String} for a choice, or {@code List<Long>}
 */
public final class Attribute<T> {
    /** How a spec value is read. */
    public enum Kind {
        INT("an integer"),
        PAIR("an integer or a list [h, w]"),
        PADDING("an integer, a list [h, w] or `same`"),
        FLOAT("a number"),
        BOOL("true or false"),
        CHOICE("one of the listed words"),
        INT_LIST("a list of integers");

        private final String expected;

        Kind(String expected) {
            this.expected = expected;
        }

        public String expected() {
            return expected;
        }
    }

    private final String name;
    private final Kind kind;
    private final String doc;
    private final T defaultValue;
    private final boolean required;
    private final long min;
    private final List<String> choices;

    private Attribute(String name, Kind kind, String doc, T defaultValue, boolean required, long min,
            List<String> choices) {
        this.name = name;
        this.kind = kind;
        this.doc = doc;
        this.defaultValue = defaultValue;
        this.required = required;
        this.min = min;
        this.choices = choices;
    }

    public static Attribute<Long> integer(String name, String doc) {
        return new Attribute<>(name, Kind.INT, doc, null, true, Long.MIN_VALUE, List.of());
    }

    public static Attribute<Pair> pair(String name, String doc) {
        return new Attribute<>(name, Kind.PAIR, doc, null, true, Long.MIN_VALUE, List.of());
    }

    public static Attribute<Padding> padding(String name, String doc) {
        return new Attribute<>(name, Kind.PADDING, doc, null, true, 0, List.of());
    }

    public static Attribute<Double> number(String name, String doc) {
        return new Attribute<>(name, Kind.FLOAT, doc, null, true, Long.MIN_VALUE, List.of());
    }

    public static Attribute<Boolean> bool(String name, String doc) {
        return new Attribute<>(name, Kind.BOOL, doc, null, true, Long.MIN_VALUE, List.of());
    }

    public static Attribute<String> choice(String name, String doc, String... choices) {
        return new Attribute<>(name, Kind.CHOICE, doc, null, true, Long.MIN_VALUE, List.of(choices));
    }

    public static Attribute<List<Long>> integers(String name, String doc) {
        return new Attribute<>(name, Kind.INT_LIST, doc, null, true, Long.MIN_VALUE, List.of());
    }

    /** The same attribute with a default; it is then optional. */
    public Attribute<T> withDefault(T value) {
        return new Attribute<>(name, kind, doc, Objects.requireNonNull(value), false, min, choices);
    }

    /** The same attribute, optional with no default: absent means "not given". */
    public Attribute<T> optional() {
        return new Attribute<>(name, kind, doc, null, false, min, choices);
    }

    /** The same attribute with every integer in it at least {@code min}. */
    public Attribute<T> atLeast(long minimum) {
        return new Attribute<>(name, kind, doc, defaultValue, required, minimum, choices);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public String doc() {
        return doc;
    }

    public boolean required() {
        return required;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public List<String> choices() {
        return choices;
    }

    /** What a spec writer must give, for error messages. */
    public String expected() {
        String base = kind == Kind.CHOICE ? "one of " + String.join(", ", choices) : kind.expected();
        if (min == 1) {
            return base + " (positive)";
        }
        if (min == 0) {
            return base + " (zero or more)";
        }
        return base;
    }

    /**
     * Turns a value read from a spec (Long, Double, Boolean, String or a List of those) into this
     * attribute's typed value.
     *
     * @throws OperatorException naming this attribute when the value does not fit
     */
    @SuppressWarnings("unchecked")
    public T coerce(Object raw) {
        Object value = switch (kind) {
            case INT -> checked(asLong(raw));
            case PAIR -> asPair(raw);
            case PADDING -> "same".equals(raw) ? Padding.SAME : Padding.of(asPair(raw));
            case FLOAT -> asDouble(raw);
            case BOOL -> asBool(raw);
            case CHOICE -> asChoice(raw);
            case INT_LIST -> asLongList(raw);
        };
        return (T) value;
    }

    private long asLong(Object raw) {
        if (raw instanceof Long || raw instanceof Integer) {
            return ((Number) raw).longValue();
        }
        throw mismatch(raw);
    }

    private long checked(long v) {
        if (v < min) {
            throw new OperatorException(
                    "`" + name + "` must be " + (min == 1 ? "positive" : "at least " + min) + ", got " + v, name);
        }
        return v;
    }

    private Pair asPair(Object raw) {
        if (raw instanceof List<?> list) {
            if (list.size() != 2) {
                throw mismatch(raw);
            }
            return new Pair(checked(asLong(list.get(0))), checked(asLong(list.get(1))));
        }
        return Pair.square(checked(asLong(raw)));
    }

    private double asDouble(Object raw) {
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        throw mismatch(raw);
    }

    private boolean asBool(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        throw mismatch(raw);
    }

    private String asChoice(Object raw) {
        if (raw instanceof String s && choices.contains(s)) {
            return s;
        }
        throw mismatch(raw);
    }

    private List<Long> asLongList(Object raw) {
        if (!(raw instanceof List<?> list)) {
            throw mismatch(raw);
        }
        List<Long> out = new ArrayList<>(list.size());
        for (Object o : list) {
            out.add(checked(asLong(o)));
        }
        return List.copyOf(out);
    }

    private OperatorException mismatch(Object raw) {
        return new OperatorException("`" + name + "` expects " + expected() + ", got " + describe(raw), name);
    }

    static String describe(Object raw) {
        if (raw instanceof String s) {
            return "`" + s + "`";
        }
        return String.valueOf(raw);
    }

    @Override
    public String toString() {
        return name;
    }
}
