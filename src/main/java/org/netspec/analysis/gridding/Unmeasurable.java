package org.netspec.analysis.gridding;

/** Stops the footprints of a block that cannot be measured, with the reason. */
final class Unmeasurable extends RuntimeException {
    private final Gridding.Unmeasured reason;

    Unmeasurable(Gridding.Unmeasured reason) {
        super(reason.name(), null, false, false);
        this.reason = reason;
    }

    Gridding.Unmeasured reason() {
        return reason;
    }
}
