package org.netspec.sweep;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The variants of a sweep: the cartesian product of the parameters' domains, the first parameter
 * varying slowest, each variant numbered from 0 in that order. The count is computed without
 * making the variants, so a sweep too large to run is refused before any work.
 */
public final class Variants {
    private Variants() {
    }

    /**
     * The number of variants, or {@link Long#MAX_VALUE} when it does not fit in a long. Every
     * condition is evaluated here, so a condition that fails does so before any work.
     *
     * @throws Domain.Invalid when a condition cannot be evaluated
     */
    public static long count(List<Parameter> params) {
        Set<String> read = params.stream().flatMap(p -> p.domain().dependsOn().stream()).collect(Collectors.toSet());
        try {
            return count(params, 0, new LinkedHashMap<>(), read);
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    // Only the parameters another domain reads are enumerated; the others multiply.
    private static long count(List<Parameter> params, int i, Map<String, Object> assigned, Set<String> read) {
        if (i == params.size()) {
            return 1;
        }
        Parameter p = params.get(i);
        if (!read.contains(p.name())) {
            long size = p.domain().size(assigned);
            return size == 0 ? 0 : Math.multiplyExact(size, count(params, i + 1, assigned, read));
        }
        long total = 0;
        for (Object v : p.domain().values(assigned)) {
            assigned.put(p.name(), v);
            total = Math.addExact(total, count(params, i + 1, assigned, read));
            assigned.remove(p.name());
        }
        return total;
    }

    /** Every variant in order: parameter name to value. Call only after {@link #count} is within a limit. */
    public static List<Map<String, Object>> all(List<Parameter> params) {
        List<Map<String, Object>> out = new ArrayList<>();
        enumerate(params, 0, new LinkedHashMap<>(), out);
        return out;
    }

    // A parameter left out by its condition is not in the variant; a later condition sees it unset.
    private static void enumerate(List<Parameter> params, int i, Map<String, Object> assigned, List<Map<String, Object>> out) {
        if (i == params.size()) {
            out.add(Collections.unmodifiableMap(new LinkedHashMap<>(assigned)));
            return;
        }
        Parameter p = params.get(i);
        for (Object v : p.domain().values(assigned)) {
            if (v != Domain.ABSENT) {
                assigned.put(p.name(), v);
            }
            enumerate(params, i + 1, assigned, out);
            assigned.remove(p.name());
        }
    }
}
