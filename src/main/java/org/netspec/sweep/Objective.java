package org.netspec.sweep;

/** A figure to minimise or maximise. */
public record Objective(Figure figure, boolean maximise) {
    /** Whether {@code a} is strictly better than {@code b} on this objective. */
    boolean better(double a, double b) {
        return maximise ? a > b : a < b;
    }

    public String label() {
        return (maximise ? "max " : "min ") + figure.label();
    }
}
