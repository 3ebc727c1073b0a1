package org.netspec.analysis.gridding;

import java.util.List;
import org.apache.commons.math3.fraction.BigFraction;
import org.netspec.graph.Node;

/**
 * The footprint of a node over its block's input.
 *
 * @param periodHeight output phases along the height (1 without up-sampling)
 * @param groups the channel groups, in channel order, that depend on the source
 * @param union per phase, the sum over the groups of their local paths: what a following dense
 *     1x1 sees (a global group adds only the paths that avoid its global operator)
 * @param dilatedPath some path from the block input to the node goes through a layer that skips positions
 */
public record NodeFootprint(Node node, int periodHeight, int periodWidth, List<Group> groups, List<Footprint> union,
        boolean dilatedPath) {
    /**
     * Channels {@code [firstChannel, firstChannel + channels)} of a node, which share one footprint
     * per output phase (height phase major). A global group depends on every source position
     * through a global operator; its phases hold only the paths that avoid it (empty for a branch
     * after global pooling), but the global path covers every offset, so its coverage is 1.
     */
    public record Group(long firstChannel, long channels, boolean global, List<Footprint> phases) {
        /**
         * 1 for a global group; otherwise the smallest coverage over the phases that read the
         * source; null when none does.
         */
        public BigFraction coverage() {
            return global ? BigFraction.ONE : smallestCoverage(phases);
        }
    }

    /**
     * Union coverage: 1 when a group is global (ASPP's image pooling branch sees every offset of
     * the field, so the block leaves no hole), else the smallest over the phases; null when no
     * group reads the source.
     */
    public BigFraction coverage() {
        return groups.stream().anyMatch(Group::global) ? BigFraction.ONE : smallestCoverage(union);
    }

    /** The union footprint of output phase (phaseHeight, phaseWidth). */
    public Footprint union(int phaseHeight, int phaseWidth) {
        return union.get(phaseHeight * periodWidth + phaseWidth);
    }

    private static BigFraction smallestCoverage(List<Footprint> phases) {
        BigFraction smallest = null;
        for (Footprint f : phases) {
            if (!f.isEmpty() && (smallest == null || f.coverage().compareTo(smallest) < 0)) {
                smallest = f.coverage();
            }
        }
        return smallest;
    }
}
