package org.netspec.analysis.gridding;

/** Cells allocated and added so far for one block's footprints, against the limits of {@link Gridding}. */
final class Budget {
    private long cells;
    private long work;

    void allocate(long n) {
        cells += n;
        if (cells > Gridding.MAX_CELLS) {
            throw new Unmeasurable(Gridding.Unmeasured.CELLS);
        }
    }

    void add(long n) {
        work += n;
        if (work > Gridding.MAX_WORK) {
            throw new Unmeasurable(Gridding.Unmeasured.WORK);
        }
    }
}
