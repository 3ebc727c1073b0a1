package org.netspec.analysis.gridding;

import java.util.List;
import org.apache.commons.math3.util.ArithmeticUtils;

/**
 * The HDC rule of Wang et al. 2018 (receptive-field-and-gridding.md, section 4.1) for a chain of
 * K x K kernels, on the rates sorted ascending, with the corrections of section 4.2.
 *
 * @param rates the dilation rates, ascending (the rule depends on order; the support does not)
 * @param maxDistances M_1 ... M_n of the paper's recursion, M_n = r_n
 * @param firstRateIsOne r_1 == 1, the condition the literal goal M_2 <= K leaves out
 * @param pass {@code r_1 == 1 && M_2 <= K}
 * @param gcd the rates' greatest common divisor: above 1 the support lies on that lattice
 * @param contiguous the greedy test of section 4.2: each r_{i+1} <= 2 E_i + 1 with E_i the sum
 *     of the rates so far, and r_1 = 1 (sufficient for a hole-free support)
 */
public record HdcRule(List<Long> rates, long kernel, List<Long> maxDistances, boolean firstRateIsOne, boolean pass,
        long gcd, boolean contiguous) {
    /**
     * M_n = r_n, M_i = max(M_{i+1} - 2 r_i, M_{i+1} - 2 (M_{i+1} - r_i), r_i), on the rates sorted
     * ascending.
     */
    public static HdcRule of(List<Long> rates, long kernel) {
        if (rates.isEmpty()) {
            throw new IllegalArgumentException("HDC needs at least one rate");
        }
        List<Long> sorted = rates.stream().sorted().toList();
        int n = sorted.size();
        Long[] m = new Long[n];
        m[n - 1] = sorted.get(n - 1);
        for (int i = n - 2; i >= 0; i--) {
            long r = sorted.get(i);
            m[i] = Math.max(Math.max(m[i + 1] - 2 * r, m[i + 1] - 2 * (m[i + 1] - r)), r);
        }
        boolean firstIsOne = sorted.get(0) == 1;
        boolean goal = n < 2 || m[1] <= kernel;
        long gcd = 0;
        long sum = 0;
        boolean contiguous = firstIsOne;
        for (long r : sorted) {
            gcd = ArithmeticUtils.gcd(gcd, r);
            contiguous &= r <= 2 * sum + 1;
            sum += r;
        }
        return new HdcRule(sorted, kernel, List.of(m), firstIsOne, firstIsOne && goal, gcd, contiguous);
    }
}
