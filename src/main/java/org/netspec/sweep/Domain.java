package org.netspec.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The values one sweep parameter takes. Lists, ranges and random samples are fixed lists once
 * loaded; an increasing domain depends on an earlier parameter (its size), so its values are
 * computed for each assignment of that parameter.
 */
public sealed interface Domain {
    /** The values for the parameters assigned so far, in sweep order. */
    List<Object> values(Map<String, Object> assigned);

    /** The earlier parameter this domain reads, if any. */
    Optional<String> dependsOn();

    /** How many values {@link #values} returns, without making them. */
    long size(Map<String, Object> assigned);

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
        public Optional<String> dependsOn() {
            return Optional.empty();
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
        public Optional<String> dependsOn() {
            return Optional.of(count);
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
