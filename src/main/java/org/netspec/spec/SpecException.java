package org.netspec.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A spec that cannot be turned into a network: carries every problem found, one line each. */
public final class SpecException extends Exception {
    private final transient List<Diagnostic> diagnostics;

    public SpecException(List<Diagnostic> diagnostics) {
        super(diagnostics.stream().map(Diagnostic::toString).collect(Collectors.joining("\n")), null, false, false);
        this.diagnostics = List.copyOf(diagnostics);
    }

    public SpecException(Diagnostic diagnostic) {
        this(List.of(diagnostic));
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
