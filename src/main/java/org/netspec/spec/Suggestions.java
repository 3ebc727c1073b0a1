package org.netspec.spec;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean" for misspelt keys, operators, blocks and names. A suggestion is a spelling
 * neighbour: a few edits away, where swapping two adjacent letters is one edit, and one edit at most
 * for words of five letters or fewer, whose neighbours at two edits are other words (`silu` is not
 * a misspelt `relu`). When several candidates are equally close, none is suggested: `selu` is as
 * near to `elu`, `relu` and `gelu`, and guessing one would name a different operation.
 */
public final class Suggestions {
    private static final int SHORT_WORD = 5;

    private Suggestions() {
    }

    /** The one closest candidate within the edits allowed for the word's length, if it is the only one that close. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        String w = word.toLowerCase();
        int limit = w.length() <= SHORT_WORD ? 1 : w.length() / 3 + 1;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        boolean tie = false;
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(), limit);
            if (d > limit) {
                continue;
            }
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
                tie = false;
            } else if (d == bestDistance && !c.equals(best)) {
                tie = true;
            }
        }
        return tie ? Optional.empty() : Optional.ofNullable(best);
    }

    /** {@code " (did you mean `x`?)"} or nothing. */
    public static String hint(String word, Collection<String> candidates) {
        return closest(word, candidates).map(c -> "; did you mean `" + c + "`?").orElse("");
    }

    /**
     * Edits from a to b (insert, delete, replace, swap of adjacent letters: the optimal string
     * alignment distance), or {@code limit + 1} when the lengths alone differ by more than the limit.
     */
    static int distance(String a, String b, int limit) {
        if (Math.abs(a.length() - b.length()) > limit) {
            return limit + 1;
        }
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                if (i == 0 || j == 0) {
                    d[i][j] = i + j;
                    continue;
                }
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
