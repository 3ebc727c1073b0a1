package org.netspec.export;

import java.util.ArrayList;
import java.util.List;

/**
 * One statement of generated Python whose values are holes: a class writes each hole as a literal,
 * as a constructor argument when its instances disagree, or leaves an optional one out. Two units
 * whose statements have the same {@link #key()} can share a class.
 */
final class Code {
    sealed interface Token permits Text, Hole, Args, ClassRef {
    }

    record Text(String text) implements Token {
    }

    /**
     * A value: {@code keyword=value} when a keyword is given; an optional one is left out where every
     * instance has PyTorch's default. {@code name} and {@code qualified} name the constructor
     * argument it may become (short, and unique in the unit).
     */
    record Hole(String keyword, Object value, boolean optional, Object pytorchDefault, String name, String qualified)
            implements Token {
        static Hole of(Object value, String name, String qualified) {
            return new Hole(null, value, false, null, name, qualified);
        }
    }

    /** Call arguments, joined by commas after the optional ones left out. */
    record Args(List<Hole> holes) implements Token {
        Args {
            holes = List.copyOf(holes);
        }
    }

    /** The class of a nested unit, named when the file is written. */
    record ClassRef(PyClass cls) implements Token {
    }

    private final List<Token> tokens = new ArrayList<>();

    Code text(String text) {
        tokens.add(new Text(text));
        return this;
    }

    Code add(Token t) {
        tokens.add(t);
        return this;
    }

    Code add(Code other) {
        tokens.addAll(other.tokens);
        return this;
    }

    List<Token> tokens() {
        return tokens;
    }

    /** The holes in order, those inside argument lists included. */
    List<Hole> holes() {
        List<Hole> out = new ArrayList<>();
        for (Token t : tokens) {
            if (t instanceof Hole h) {
                out.add(h);
            } else if (t instanceof Args a) {
                out.addAll(a.holes());
            }
        }
        return out;
    }

    /** The statement's structure without its values. */
    String key() {
        return render(false);
    }

    /** The structure with the values: equal for statements that build the same thing. */
    String valueKey() {
        return render(true);
    }

    private String render(boolean values) {
        StringBuilder out = new StringBuilder();
        for (Token t : tokens) {
            if (t instanceof Text x) {
                out.append(x.text());
            } else if (t instanceof Hole h) {
                out.append(hole(h, values));
            } else if (t instanceof Args a) {
                a.holes().forEach(h -> out.append(hole(h, values)).append(','));
            } else if (t instanceof ClassRef c) {
                out.append('\u0002').append(c.cls().id()).append('\u0002');
            }
        }
        return out.toString();
    }

    private static String hole(Hole h, boolean values) {
        return "\u0001" + h.keyword() + '|' + h.name() + '|' + h.qualified() + '|' + h.optional()
                + (values ? "|" + Python.literal(h.value()) + "|" + (h.optional() ? Python.literal(h.pytorchDefault()) : "")
                : "") + '\u0001';
    }
}
