package org.netspec.sweep;

import java.math.BigDecimal;
import org.netspec.spec.SourceLocation;

/**
 * A bound on a figure: a variant passes when {@code min <= value <= max} (either bound may be
 * absent).
 */
public record Constraint(Figure figure, Double min, Double max, SourceLocation location) {
    public boolean admits(double value) {
        return (min == null || value >= min) && (max == null || value <= max);
    }

    /** As the summary and the results name it: {@code params <= 50000}, {@code 0.5 <= coverage}. */
    public String label() {
        String f = figure.label();
        if (min != null && max != null) {
            return number(min) + " <= " + f + " <= " + number(max);
        }
        return min != null ? f + " >= " + number(min) : f + " <= " + number(max);
    }

    static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
