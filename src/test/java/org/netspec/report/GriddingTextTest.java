package org.netspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.gridding.Gridding;

/** The gridding sentences, from values given here rather than measured. */
class GriddingTextTest {
    @Test
    void aWarningStatesBothCoveragesAsPercentages() {
        // 9/25 = 36 %, 9/81 = 11.11 %
        Gridding.Warning w = new Gridding.Warning("d", new BigFraction(9, 25), 5, 5, new BigFraction(9, 81));
        assertEquals("`d` sees 36.00 % of its 5x5 receptive field over its input (dilation gridding); "
                + "its sparsest channel group 11.11 %", GriddingText.warning(w));
    }

    @Test
    void everyReasonForNotMeasuringHasASentence() {
        for (Gridding.Unmeasured reason : Gridding.Unmeasured.values()) {
            assertFalse(GriddingText.unmeasured(reason).isBlank(), reason::name);
        }
        assertEquals("its footprints need more than 4194304 cells", GriddingText.unmeasured(Gridding.Unmeasured.CELLS));
    }
}
