package org.netspec.report;

import java.util.Locale;
import org.netspec.analysis.gridding.Gridding;

/** The sentences the reports print about gridding. */
public final class GriddingText {
    private GriddingText() {
    }

    /** A block's gridding warning, without the leading "gridding". */
    public static String warning(Gridding.Warning w) {
        return String.format(Locale.ROOT, "`%s` sees %.2f %% of its %dx%d receptive field over its input (dilation gridding); "
                + "its sparsest channel group %.2f %%", w.block(), 100 * w.coverage().doubleValue(), w.rows(), w.cols(),
                100 * w.lowestGroupCoverage().doubleValue());
    }

    /** Why a block's footprint was not measured. */
    public static String unmeasured(Gridding.Unmeasured reason) {
        return switch (reason) {
            case NO_FEATURE_MAP -> "no dilated layer reads a feature map entering the block";
            case CELLS -> "its footprints need more than " + Gridding.MAX_CELLS + " cells";
            case WORK -> "its footprints take more than " + Gridding.MAX_WORK + " additions";
            case PHASES -> "a node has more than " + Gridding.MAX_PHASES + " phases";
            case STRIDES -> "paths with different strides meet inside it";
            case STEPS -> "the footprints of the network's blocks up to this one take more steps than the whole "
                    + "network may (raise the limit with --max-analysis-steps)";
        };
    }
}
