package org.netspec.analysis;

import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.util.ArithmeticUtils;
import org.netspec.ops.AxisMap;

/**
 * How a table of per-phase values over a node's output positions repeats along one axis
 * (receptive-field-and-gridding.md, section 1): output {@code y = k * period + phi} holds entry
 * {@code phi} moved by {@code k * shift} source positions, so the effective stride is
 * {@code shift / period}. Receptive fields keep intervals in such tables and gridding keeps
 * footprints; both move them through an operator with {@link #through}, the one home of that step.
 */
public record Periodicity(int period, long shift) {
    /** The source itself: position y is entry 0 moved by y. */
    public static final Periodicity SOURCE = new Periodicity(1, 1);

    /** Table entry {@code phase}, moved by {@code offset} source positions. */
    public record Entry(int phase, long offset) {
    }

    /**
     * The entry that position {@code x} holds. For {@code x} in {@code [0, n * period)} this also
     * writes the same table with the longer period {@code n * period}.
     */
    public Entry entry(long x) {
        return new Entry((int) Math.floorMod(x, (long) period), Math.floorDiv(x, (long) period) * shift);
    }

    /** Source positions per output position. */
    public BigFraction stride() {
        return new BigFraction(shift, (long) period);
    }

    /** The table as a layer that reads it through {@code map} sees it. */
    public Step through(AxisMap map) {
        return new Step(this, map);
    }

    /**
     * Section 1's forward composition: output {@code y = m * P_map + psi} reads positions
     * {@code m * Q + t} of the input table for every tap {@code t} of phase {@code psi}. After
     * {@code M = P / gcd(Q, P)} periods of the map the input phase repeats, so the output has
     * period {@code M * P_map}.
     */
    public static final class Step {
        private final Periodicity in;
        private final AxisMap map;
        private final long cycles;

        private Step(Periodicity in, AxisMap map) {
            this.in = in;
            this.map = map;
            this.cycles = in.period / ArithmeticUtils.gcd(map.advance(), in.period);
        }

        /** The output's period, unbounded: callers check it against their limits before allocating. */
        public long period() {
            return cycles * map.period();
        }

        /** The output's shift: J_out * P_out = J * Q * M, an integer because J * P is. */
        public long shift() {
            return in.shift * map.advance() * cycles / in.period;
        }

        /** The map's taps for output phase {@code phi}, ascending. */
        public long[] taps(int phi) {
            return map.taps(phi % map.period());
        }

        /** The input entry that output phase {@code phi} reads through tap {@code tap}. */
        public Entry read(int phi, long tap) {
            return in.entry(phi / map.period() * map.advance() + tap);
        }
    }
}
