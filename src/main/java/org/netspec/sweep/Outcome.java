package org.netspec.sweep;

import java.util.Map;

/**
 * One evaluated variant.
 *
 * @param values parameter name to value
 * @param figures figure label to value, for every figure measured (a rejected variant lacks those
 *     its failed constraint made unnecessary)
 * @param failed the label of the first constraint it failed, in check order; null when it passed
 * @param error why the spec did not build with these values; null when it built
 */
public record Outcome(long index, Map<String, Object> values, Map<String, Double> figures, String failed, String error) {
    public boolean passed() {
        return failed == null && error == null;
    }
}
