package org.netspec.analysis.field;

import org.apache.commons.math3.fraction.BigFraction;
import org.netspec.ops.AxisMap;

/** The local field of one stride on one axis: an exact periodic table or a conservative band. */
sealed interface Component permits Periodic, Band {
    BigFraction stride();

    /** The field after a layer reads this one through {@code map}; null when no output reaches the source. */
    Component through(AxisMap map, Steps steps);

    Band band();

    /** Bounds for output position y; null when y reads nothing of the source. */
    Reach at(long y);

    /** The largest field over all phases (an upper bound for a band). */
    long largest();

    boolean exact();

    /** The union with a component of the same stride. */
    default Component union(Component other, Steps steps) {
        if (this instanceof Periodic a && other instanceof Periodic b) {
            return a.union(b, steps);
        }
        return band().union(other.band());
    }
}
