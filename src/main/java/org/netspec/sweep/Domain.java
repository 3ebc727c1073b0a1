package org.netspec.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.Expressions;
import org.netspec.spec.SourceLocation;

/**
 * The values one sweep parameter takes. Lists, ranges and random samples are fixed lists once
 * loaded; an increasing domain depends on an earlier parameter (its size), and a conditional
 * domain on the earlier parameters its condition reads, so their values are computed for each
 * assignment of those.
 */
public sealed interface Domain {
    /** The one value of a parameter whose condition is false: the variant leaves it out (the spec's default). */
    Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "absent";
        }
    };

    /**
     * The values for the parameters assigned so far, in sweep order.
     *
     * @throws Invalid when a condition cannot be evaluated
     */
    List<Object> values(Map<String, Object> assigned);

    /** The earlier parameters this domain reads. */
    Set<String> dependsOn();

    /** How many values {@link #values} returns, without making them. */
    long size(Map<String, Object> assigned);

    /** A condition that does not evaluate to true or false, at the sweep file's line. */
    final class Invalid extends RuntimeException {
        private final transient Diagnostic diagnostic;

        Invalid(Diagnostic diagnostic) {
            super(diagnostic.message(), null, false, false);
            this.diagnostic = diagnostic;
        }

        public Diagnostic diagnostic() {
            return diagnostic;
        }
    }

    /**
     * The values of {@code then} where {@code condition} (an expression over the earlier
     * parameters, {@code kind == 'esp'}, {@code width % K == 0}) holds, else only {@link #ABSENT}.
     *
     * @param earlier the parameters declared above, which the condition may read
     */
    record When(String condition, SourceLocation location, List<String> earlier, Domain then, Expressions expressions)
            implements Domain {
        private static final Pattern QUOTED = Pattern.compile("'(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\"");

        public When {
            earlier = List.copyOf(earlier);
        }

        @Override
        public List<Object> values(Map<String, Object> assigned) {
            return holds(assigned) ? then.values(assigned) : List.of(ABSENT);
        }

        /** The earlier parameters named in the condition (outside its quoted text), and those {@code then} reads. */
        @Override
        public Set<String> dependsOn() {
            String code = QUOTED.matcher(condition).replaceAll("''");
            Set<String> read = new LinkedHashSet<>();
            for (String name : earlier) {
                if (Pattern.compile("(?<![\\w.])" + Pattern.quote(name) + "(?!\\w)").matcher(code).find()) {
                    read.add(name);
                }
            }
            read.addAll(then.dependsOn());
            return read;
        }

        @Override
        public long size(Map<String, Object> assigned) {
            return holds(assigned) ? then.size(assigned) : 1;
        }

        private boolean holds(Map<String, Object> assigned) {
            Map<String, Object> present = new LinkedHashMap<>(assigned);
            present.values().removeIf(v -> v == ABSENT);
            Object v;
            try {
                v = expressions.withFreshBudget().evaluate(condition, present);
            } catch (Expressions.ExpressionException e) {
                throw new Invalid(Diagnostic.error(location, "`when: " + condition + "`: " + e.getMessage()
                        + " (it may read the parameters above: " + (earlier.isEmpty() ? "none" : String.join(", ", earlier))
                        + "; " + "those left out by their own condition are not set)"));
            }
            if (!(v instanceof Boolean b)) {
                throw new Invalid(Diagnostic.error(location, "`when: " + condition + "` gives " + v + ", not true or false"));
            }
            return b;
        }
    }

    /** A fixed list of values (Long, Double, Boolean, String or a list of those). */
    record Fixed(List<Object> items) implements Domain {
        public Fixed {
            items = List.copyOf(items);
        }

        @Override
        public List<Object> values(Map<String, Object> assigned) {
            return items;
        }

        @Override
        public Set<String> dependsOn() {
            return Set.of();
        }

        @Override
        public long size(Map<String, Object> assigned) {
            return items.size();
        }
    }

    /**
     * Every increasing list of {@code count} values drawn from {@code pool} (sorted, distinct), in
     * lexicographic order: the C(n, k) choices of k dilation rates among n candidates.
     */
    record Increasing(String count, List<Long> pool) implements Domain {
        public Increasing {
            pool = pool.stream().distinct().sorted().toList();
        }

        @Override
        public List<Object> values(Map<String, Object> assigned) {
            int k = length(assigned);
            List<Object> out = new ArrayList<>();
            if (k < 0 || k > pool.size()) {
                return out;
            }
            int[] pick = new int[k];
            for (int i = 0; i < k; i++) {
                pick[i] = i;
            }
            while (true) {
                List<Long> chosen = new ArrayList<>(k);
                for (int i : pick) {
                    chosen.add(pool.get(i));
                }
                out.add(List.copyOf(chosen));
                int i = k - 1;
                while (i >= 0 && pick[i] == pool.size() - k + i) {
                    i--;
                }
                if (i < 0) {
                    return out;
                }
                pick[i]++;
                for (int j = i + 1; j < k; j++) {
                    pick[j] = pick[j - 1] + 1;
                }
            }
        }

        @Override
        public Set<String> dependsOn() {
            return Set.of(count);
        }

        @Override
        public long size(Map<String, Object> assigned) {
            int k = length(assigned);
            int n = pool.size();
            if (k < 0 || k > n) {
                return 0;
            }
            long c = 1;
            for (int i = 1; i <= k; i++) {
                // C(n - k + i, i) from C(n - k + i - 1, i - 1): exact at every step.
                c = Math.multiplyExact(c, n - k + i) / i;
            }
            return c;
        }

        private int length(Map<String, Object> assigned) {
            Object v = assigned.get(count);
            return v instanceof Long l ? (int) Math.min(Integer.MAX_VALUE, Math.max(-1, l)) : -1;
        }
    }
}
