package org.netspec.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Spearman's rank correlation and the median absolute error on hand-made data. */
class AgreementTest {
    @Test
    void ranksAndErrorsByHand() {
        // Ranks of estimates 1 2 3 4 5, of measurements 2 1 3 4 5: d^2 sums to 2, rho = 1 - 6*2/(5*24) = 0.9.
        double[] estimated = {1, 2, 3, 4, 5};
        double[] measured = {1.5, 1.0, 3.3, 5.0, 6.0};
        Agreement a = Agreement.of(estimated, measured);
        assertEquals(0.9, a.spearman(), 1e-12);
        // |e - m| / m: 1/3, 1, 0.3/3.3, 0.2, 1/6 -> sorted 0.091, 0.167, 0.2, 0.333, 1 -> median 0.2
        assertEquals(0.2, a.medianAbsoluteError(), 1e-12);
    }
}
