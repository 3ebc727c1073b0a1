package org.netspec.analysis;

/**
 * The steps one analysis of a whole network may take ({@code --max-analysis-steps}): the gridding
 * footprints count cells allocated and added, the receptive fields the table entries, taps and
 * positions they walk. Each analysis has its own budget of the same size, so that what one
 * measures never depends on whether another ran first.
 */
public final class StepBudget {
    private final long maxSteps;
    private long steps;

    public StepBudget(long maxSteps) {
        this.maxSteps = maxSteps;
    }

    public long maxSteps() {
        return maxSteps;
    }

    /** Spends {@code n} steps; false when the steps spent so far exceed the budget. */
    public boolean spend(long n) {
        steps = n > maxSteps - steps ? Long.MAX_VALUE : steps + n;
        return steps <= maxSteps;
    }

    /** Whether every step is spent, so that the next piece of work cannot start. */
    public boolean exhausted() {
        return steps >= maxSteps;
    }
}
