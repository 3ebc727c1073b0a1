package org.netspec.analysis.gridding;

/**
 * The steps one block's footprints charge to the network's {@link Budget}, counted, so that a
 * block taken from a {@link BlockCache} charges exactly what measuring it took: a cached block
 * then runs out of the network's steps exactly where measuring it would have.
 */
final class Charges {
    private final Budget budget;
    private long cells;
    private long work;

    Charges(Budget budget) {
        this.budget = budget;
    }

    void allocate(long n) {
        budget.allocate(n);
        cells += n;
    }

    void add(long n) {
        budget.add(n);
        work += n;
    }

    long cells() {
        return cells;
    }

    long work() {
        return work;
    }
}
