package org.netspec.spec;

import java.util.Collection;
import java.util.Optional;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean" for misspelt keys, operators, blocks and names. */
public final class Suggestions {
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(3);

    private Suggestions() {
    }

    /** The closest candidate within a few edits, preferring smaller distances. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = DISTANCE.apply(word.toLowerCase(), c.toLowerCase());
            if (d >= 0 && d < bestDistance && d <= Math.max(1, word.length() / 3 + 1)) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code " (did you mean `x`?)"} or nothing. */
    public static String hint(String word, Collection<String> candidates) {
        return closest(word, candidates).map(c -> "; did you mean `" + c + "`?").orElse("");
    }
}
