package org.netspec.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Guidelines;
import org.netspec.analysis.gridding.Gridding;

/**
 * The design-review warnings of a network as text, one line each: gridding first, then the
 * ShuffleNet V2 guideline findings that cross their threshold. The analyses give the numbers;
 * the words are here.
 */
public final class ReviewWarnings {
    private ReviewWarnings() {
    }

    public static List<String> of(Analyses analyses) {
        List<String> out = new ArrayList<>();
        analyses.gridding().warnings().forEach(w -> out.add(gridding(w)));
        analyses.guidelineWarnings().forEach(f -> out.add(guideline(f)));
        return out;
    }

    /** A block's gridding warning, as a reviewer reads it. */
    public static String gridding(Gridding.Warning w) {
        return "gridding " + GriddingText.warning(w);
    }

    /** A guideline finding with its number, as a reviewer reads it. */
    public static String guideline(Guidelines.Finding f) {
        return switch (f.guideline()) {
            case "G1" -> String.format(Locale.ROOT,
                    "G1 `%s`: 1x1 convolution %d -> %d channels accesses %.2fx the memory of equal widths with the same MACs",
                    f.subject(), f.inChannels(), f.outChannels(), f.value());
            case "G2" -> String.format(Locale.ROOT,
                    "G2 `%s`: %d groups; it accesses %.2fx the memory of a dense convolution with the same MACs",
                    f.subject(), f.groups(), f.value());
            case "G3" -> String.format(Locale.ROOT, "G3 `%s`: %d parallel branches (fragmentation lowers parallelism on GPUs)",
                    f.subject(), (long) f.value());
            case "G4" -> String.format(Locale.ROOT, "G4 `%s`: element-wise operators take %.1f%% of the memory access",
                    f.subject(), 100 * f.value());
            default -> throw new IllegalArgumentException("no message for guideline " + f.guideline());
        };
    }
}
