package org.netspec.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One problem found in a spec, with where it was written and the chain of block instances that
 * led there. Prints as one line: {@code file:line:column: error: message (in esp `level2.0` at ...)}.
 */
public record Diagnostic(Severity severity, SourceLocation location, String message, List<Frame> chain) {
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

    public static Diagnostic warning(SourceLocation location, String message) {
        return new Diagnostic(Severity.WARNING, location, message, List.of());
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        if (chain.isEmpty()) {
            return location + ": " + severity + ": " + message;
        }
        List<Frame> innermostFirst = new ArrayList<>(chain);
        Collections.reverse(innermostFirst);
        String where = " (in " + innermostFirst.stream().map(Frame::toString).collect(Collectors.joining(", in ")) + ")";
        return location + ": " + severity + ": " + message + where;
    }
}
