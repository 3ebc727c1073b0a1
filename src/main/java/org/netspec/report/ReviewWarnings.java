package org.netspec.report;

import java.util.ArrayList;
import java.util.List;
import org.netspec.analysis.Analyses;

/** The design-review warnings of one network, one line each: gridding first, then the guidelines. */
public final class ReviewWarnings {
    private ReviewWarnings() {
    }

    public static List<String> of(Analyses analyses) {
        List<String> out = new ArrayList<>();
        analyses.gridding().warnings().forEach(w -> out.add("gridding " + GriddingText.warning(w)));
        analyses.guidelineWarnings().forEach(f -> out.add(f.message()));
        return out;
    }
}
