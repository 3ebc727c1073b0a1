package org.netspec.analysis.field;

/** Bounds on the first and last source positions of one output position (equal pairs when exact). */
record Reach(long firstLow, long firstHigh, long lastLow, long lastHigh) {
    Reach union(Reach o) {
        return o == null ? this : new Reach(Math.min(firstLow, o.firstLow), Math.min(firstHigh, o.firstHigh),
                Math.max(lastLow, o.lastLow), Math.max(lastHigh, o.lastHigh));
    }

    long largest() {
        return lastHigh - firstLow + 1;
    }

    long smallest() {
        return Math.max(1, lastLow - firstHigh + 1);
    }
}
