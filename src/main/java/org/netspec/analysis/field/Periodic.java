package org.netspec.analysis.field;

import java.math.BigInteger;
import java.util.Arrays;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.util.ArithmeticUtils;
import org.netspec.analysis.Periodicity;
import org.netspec.ops.AxisMap;

/**
 * An exact table: output {@code y = k*period + phi} reads source positions
 * {@code first[phi] + k*shift} to {@code last[phi] + k*shift}, with {@code shift = stride * period}
 * an integer; {@link #NONE} marks a phase that reads nothing of the source.
 */
final class Periodic implements Component {
    private static final long NONE = Long.MAX_VALUE;
    static final Periodic SOURCE = new Periodic(Periodicity.SOURCE, BigFraction.ONE, new long[] {0}, new long[] {0});

    private final Periodicity periodicity;
    private final BigFraction stride;
    private final long[] first;
    private final long[] last;

    private Periodic(Periodicity periodicity, BigFraction stride, long[] first, long[] last) {
        this.periodicity = periodicity;
        this.stride = stride;
        this.first = first;
        this.last = last;
    }

    int period() {
        return periodicity.period();
    }

    /** Whether phase {@code phi} reads the source. */
    boolean reads(int phi) {
        return first[phi] != NONE;
    }

    /** The first source position of phase {@code phi} (k = 0). */
    long first(int phi) {
        return first[phi];
    }

    /** The last source position of phase {@code phi} (k = 0). */
    long last(int phi) {
        return last[phi];
    }

    @Override
    public BigFraction stride() {
        return stride;
    }

    @Override
    public boolean exact() {
        return true;
    }

    /** Section 1's forward composition, {@link Periodicity.Step}, on the intervals of every phase. */
    @Override
    public Component through(AxisMap map, Steps steps) {
        Periodicity.Step step = periodicity.through(map);
        if (step.period() > ReceptiveField.MAX_PERIOD) {
            steps.spend(period());
            return band().through(map, steps);
        }
        int n = (int) step.period();
        long[] f = new long[n];
        long[] l = new long[n];
        boolean reached = false;
        for (int phi = 0; phi < n; phi++) {
            long lo = NONE;
            long hi = Long.MIN_VALUE;
            long[] taps = relevant(step.taps(phi));
            steps.spend(1 + taps.length);
            for (long t : taps) {
                Periodicity.Entry e = step.read(phi, t);
                if (first[e.phase()] != NONE) {
                    lo = Math.min(lo, first[e.phase()] + e.offset());
                    hi = Math.max(hi, last[e.phase()] + e.offset());
                }
            }
            f[phi] = lo;
            l[phi] = lo == NONE ? NONE : hi;
            reached |= lo != NONE;
        }
        if (!reached) {
            return null;
        }
        return new Periodic(new Periodicity(n, step.shift()), stride.multiply(map.advance()).divide(map.period()), f,
                l).reduced(steps);
    }

    /**
     * The taps that can hold the extremes: u grows by shift every period, so over a long run of
     * adjacent taps (an adaptive bin) the first P hold the smallest u and the last P the largest v.
     */
    private long[] relevant(long[] taps) {
        int n = taps.length;
        int period = period();
        if (n <= 2 * period || taps[n - 1] - taps[0] != n - 1) {
            return taps;
        }
        long[] ends = new long[2 * period];
        System.arraycopy(taps, 0, ends, 0, period);
        System.arraycopy(taps, n - period, ends, period, period);
        return ends;
    }

    /** The same field with the shortest period d that still satisfies u(y + d) = u(y) + J*d. */
    private Periodic reduced(Steps steps) {
        int period = period();
        for (int d = 1; d < period; d++) {
            if (period % d != 0) {
                continue;
            }
            steps.spend(period);
            BigFraction step = stride.multiply(d);
            if (!step.getDenominator().equals(BigInteger.ONE)) {
                continue;
            }
            long s = step.longValue();
            if (repeatsAfter(d, s)) {
                return new Periodic(new Periodicity(d, s), stride, Arrays.copyOf(first, d), Arrays.copyOf(last, d));
            }
        }
        return this;
    }

    private boolean repeatsAfter(int d, long s) {
        for (int phi = 0; phi + d < period(); phi++) {
            boolean none = first[phi] == NONE;
            if (none != (first[phi + d] == NONE)) {
                return false;
            }
            if (!none && (first[phi + d] != first[phi] + s || last[phi + d] != last[phi] + s)) {
                return false;
            }
        }
        return true;
    }

    /** The same field written with a period that is a multiple of this one. */
    Periodic expanded(int p, Steps steps) {
        steps.spend(p);
        long[] f = new long[p];
        long[] l = new long[p];
        for (int phi = 0; phi < p; phi++) {
            Periodicity.Entry e = periodicity.entry(phi);
            f[phi] = first[e.phase()] == NONE ? NONE : first[e.phase()] + e.offset();
            l[phi] = first[e.phase()] == NONE ? NONE : last[e.phase()] + e.offset();
        }
        return new Periodic(new Periodicity(p, periodicity.shift() * (p / period())), stride, f, l);
    }

    Component union(Periodic o, Steps steps) {
        long p = ArithmeticUtils.lcm((long) period(), (long) o.period());
        if (p > ReceptiveField.MAX_PERIOD) {
            return band().union(o.band());
        }
        Periodic a = expanded((int) p, steps);
        Periodic b = o.expanded((int) p, steps);
        long[] f = new long[(int) p];
        long[] l = new long[(int) p];
        for (int phi = 0; phi < p; phi++) {
            if (a.first[phi] == NONE || b.first[phi] == NONE) {
                Periodic one = a.first[phi] == NONE ? b : a;
                f[phi] = one.first[phi];
                l[phi] = one.last[phi];
            } else {
                f[phi] = Math.min(a.first[phi], b.first[phi]);
                l[phi] = Math.max(a.last[phi], b.last[phi]);
            }
        }
        return new Periodic(a.periodicity, stride, f, l).reduced(steps);
    }

    /** With J = n/d (d divides P), u(y) - J*y at phase phi is (first*d - n*phi) / d. */
    @Override
    public Band band() {
        long n = stride.getNumeratorAsLong();
        long d = stride.getDenominatorAsLong();
        long[] u = {Long.MAX_VALUE, Long.MIN_VALUE};
        long[] v = {Long.MAX_VALUE, Long.MIN_VALUE};
        for (int phi = 0; phi < period(); phi++) {
            if (first[phi] != NONE) {
                Band.widen(u, first[phi] * d - n * phi);
                Band.widen(v, last[phi] * d - n * phi);
            }
        }
        return new Band(stride, new BigFraction(u[0], d), new BigFraction(u[1], d), new BigFraction(v[0], d),
                new BigFraction(v[1], d), false);
    }

    @Override
    public Reach at(long y) {
        Periodicity.Entry e = periodicity.entry(y);
        if (first[e.phase()] == NONE) {
            return null;
        }
        long k = e.offset();
        return new Reach(first[e.phase()] + k, first[e.phase()] + k, last[e.phase()] + k, last[e.phase()] + k);
    }

    @Override
    public long largest() {
        long r = 0;
        for (int phi = 0; phi < period(); phi++) {
            if (first[phi] != NONE) {
                r = Math.max(r, last[phi] - first[phi] + 1);
            }
        }
        return r;
    }
}
