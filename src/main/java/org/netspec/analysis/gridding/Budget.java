package org.netspec.analysis.gridding;

import org.netspec.analysis.StepBudget;

/**
 * The footprint steps of one network (cells allocated and cell additions) against the total the
 * caller allows ({@link StepBudget}), and the cells and additions of the block being measured
 * against the per-block limits of {@link Gridding}: each block is bounded, and so are all of them
 * together.
 */
final class Budget {
    private final StepBudget steps;
    private long cells;
    private long work;

    Budget(long maxSteps) {
        this.steps = new StepBudget(maxSteps);
    }

    /**
     * Starts measuring a block, whose cells and additions count from zero.
     *
     * @throws Unmeasurable when the network's steps are already spent
     */
    void startBlock() {
        cells = 0;
        work = 0;
        if (steps.exhausted()) {
            throw new Unmeasurable(Gridding.Unmeasured.STEPS);
        }
    }

    void allocate(long n) {
        cells += n;
        if (cells > Gridding.MAX_CELLS) {
            throw new Unmeasurable(Gridding.Unmeasured.CELLS);
        }
        spend(n);
    }

    void add(long n) {
        work += n;
        if (work > Gridding.MAX_WORK) {
            throw new Unmeasurable(Gridding.Unmeasured.WORK);
        }
        spend(n);
    }

    private void spend(long n) {
        if (!steps.spend(n)) {
            throw new Unmeasurable(Gridding.Unmeasured.STEPS);
        }
    }
}
