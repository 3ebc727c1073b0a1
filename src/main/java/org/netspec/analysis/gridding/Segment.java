package org.netspec.analysis.gridding;

import java.util.Arrays;

/** A run of channels sharing a footprint per phase; a global run also depends on every source position. */
record Segment(long channels, boolean global, Footprint[] phases) {
    boolean reached() {
        if (global) {
            return true;
        }
        for (Footprint f : phases) {
            if (!f.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    Segment withChannels(long c) {
        return new Segment(c, global, phases);
    }

    boolean sameFootprint(Segment o) {
        return global == o.global && Arrays.equals(phases, o.phases);
    }

    /** {@code phases} copies of the empty footprint: channels that read nothing of the source locally. */
    static Footprint[] empty(int phases) {
        Footprint[] out = new Footprint[phases];
        Arrays.fill(out, Footprint.EMPTY);
        return out;
    }
}
