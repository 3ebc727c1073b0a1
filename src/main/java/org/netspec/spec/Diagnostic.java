package org.netspec.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One problem found in a spec, with where it was written and the chain of block instances that
 * led there. Prints as one line: {@code file:line:column: error: message (in esp `level2.0` at ...)}, with
 * invisible and control characters escaped ({@link VisibleText}), a very long message shortened and a very long chain abbreviated.
 */
public record Diagnostic(Severity severity, SourceLocation location, String message, List<Frame> chain) {
    private static final int MAX_MESSAGE_CHARS = 1_000;
    private static final int MAX_FRAMES_SHOWN = 4;
    private static final int MAX_FRAME_CHARS = 300;

    /** Errors stop a spec from being analysed; warnings do not. */
    public enum Severity {
        ERROR, WARNING;

        @Override
        public String toString() {
            return name().toLowerCase();
        }
    }

    public Diagnostic {
        chain = List.copyOf(chain);
    }

    public static Diagnostic error(SourceLocation location, String message) {
        return new Diagnostic(Severity.ERROR, location, message, List.of());
    }

    /** An error in a block instance: {@code chain} holds the instances that led there, outermost first. */
    public static Diagnostic error(SourceLocation location, String message, List<Frame> chain) {
        return new Diagnostic(Severity.ERROR, location, message, chain);
    }

    public static Diagnostic warning(SourceLocation location, String message) {
        return new Diagnostic(Severity.WARNING, location, message, List.of());
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return VisibleText.escape(location + ": " + severity + ": " + shorten(message) + where());
    }

    /** The block instances, innermost first; long chains (recursive blocks) keep both ends. */
    private String where() {
        if (chain.isEmpty()) {
            return "";
        }
        List<Frame> innermostFirst = new ArrayList<>(chain);
        Collections.reverse(innermostFirst);
        List<String> shown = innermostFirst.stream().map(f -> middleOut(f.toString()))
                .collect(Collectors.toCollection(ArrayList::new));
        if (shown.size() > MAX_FRAMES_SHOWN) {
            int hidden = shown.size() - MAX_FRAMES_SHOWN + 1;
            List<String> ends = new ArrayList<>(shown.subList(0, MAX_FRAMES_SHOWN - 2));
            ends.add(hidden + " more block instances");
            ends.add(shown.get(shown.size() - 1));
            shown = ends;
        }
        return " (in " + String.join(", in ", shown) + ")";
    }

    /** A frame of a deeply nested instance keeps its outer name and its innermost part and location. */
    private static String middleOut(String frame) {
        if (frame.length() <= MAX_FRAME_CHARS) {
            return frame;
        }
        return frame.substring(0, MAX_FRAME_CHARS / 3) + "..." + frame.substring(frame.length() - MAX_FRAME_CHARS / 2);
    }

    private static String shorten(String text) {
        if (text.length() <= MAX_MESSAGE_CHARS) {
            return text;
        }
        return text.substring(0, MAX_MESSAGE_CHARS) + "... (" + (text.length() - MAX_MESSAGE_CHARS) + " more characters)";
    }
}
