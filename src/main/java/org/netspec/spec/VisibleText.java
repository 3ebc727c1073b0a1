package org.netspec.spec;

/**
 * The one rule of which characters netspec never prints as they are: those that are invisible or
 * change how a terminal or editor shows the text around them. A name, path or value holding one
 * is printed with it written as an escape ({@code \n}, or {@code \}{@code u202e} for U+202E) in every message and
 * table, so what a reader sees is what the spec says, on one line.
 */
public final class VisibleText {
    private VisibleText() {
    }

    /**
     * Whether {@code c} is written as an escape: control characters (C0 with ESC, DEL, C1), the line
     * and paragraph separators, the bidirectional embeddings, overrides and isolates (U+202A to
     * U+202E, U+2066 to U+2069) and marks (U+200E, U+200F, U+061C), and the zero-width characters
     * (U+200B to U+200D, U+FEFF).
     */
    public static boolean hidden(char c) {
        return Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c >= '\u202A' && c <= '\u202E'
                || c >= '\u2066' && c <= '\u2069' || c >= '\u200B' && c <= '\u200F' || c == '\uFEFF' || c == '\u061C';
    }

    /** The text with every {@link #hidden} character escaped: {@code \n}, {@code \r}, {@code \t}, else a backslash, u and four hex digits. */
    public static String escape(String text) {
        return escape(text, false);
    }

    /**
     * Text of several lines (a report's heading, a command's output) with every {@link #hidden}
     * character but the line ends escaped. Escaping twice changes nothing, so text holding tables
     * whose cells are already escaped can pass through it whole.
     */
    public static String escapeLines(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepLineEnds) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!hidden(c) || keepLineEnds && c == '\n') {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }
}
