package org.netspec.analysis.field;

import java.math.BigInteger;
import java.util.Collection;
import org.apache.commons.math3.fraction.BigFraction;
import org.netspec.ops.AxisMap;

/**
 * A conservative field for tables beyond {@link ReceptiveField#MAX_PERIOD}: for every output y,
 * {@code firstLow <= u(y) - J*y <= firstHigh} and {@code lastLow <= v(y) - J*y <= lastHigh}.
 * The bounds are rounded outward to multiples of 2^-20 after each layer, which keeps them
 * short at a cost below a millionth of a position per layer.
 */
final class Band implements Component {
    private static final BigInteger GRID = BigInteger.ONE.shiftLeft(20);
    /** Slack for the floating-point evaluation of the bounds, far above its rounding error. */
    private static final double SLACK = 1e-6;

    private final BigFraction stride;
    private final BigFraction firstLow;
    private final BigFraction firstHigh;
    private final BigFraction lastLow;
    private final BigFraction lastHigh;
    /** Stands for paths of several strides; {@code stride} is then only the reference of the bounds. */
    private final boolean mixed;
    private final double[] approximate;

    Band(BigFraction stride, BigFraction firstLow, BigFraction firstHigh, BigFraction lastLow, BigFraction lastHigh,
            boolean mixed) {
        this.stride = stride;
        this.mixed = mixed;
        this.firstLow = outward(firstLow, false);
        this.firstHigh = outward(firstHigh, true);
        this.lastLow = outward(lastLow, false);
        this.lastHigh = outward(lastHigh, true);
        this.approximate = new double[] {stride.doubleValue(), this.firstLow.doubleValue(),
                this.firstHigh.doubleValue(), this.lastLow.doubleValue(), this.lastHigh.doubleValue()};
    }

    /**
     * One band around the middle stride for components of several strides: over positions
     * 0..length-1 a component drifts from it by at most (J_c - J_mid) * (length - 1). Taps beyond
     * the map (padding) read the band's linear extension: for mixed strides the infinite plane
     * has no other meaning there.
     */
    static Band collapse(Collection<Component> components, long length) {
        BigFraction low = null;
        BigFraction high = null;
        for (Component c : components) {
            low = low == null ? c.stride() : min(low, c.stride());
            high = high == null ? c.stride() : max(high, c.stride());
        }
        BigFraction middle = low.add(high).divide(2);
        Band all = null;
        for (Component c : components) {
            Band b = c.band();
            BigFraction drift = b.stride.subtract(middle).multiply(length - 1);
            BigFraction down = min(BigFraction.ZERO, drift);
            BigFraction up = max(BigFraction.ZERO, drift);
            Band moved = new Band(middle, b.firstLow.add(down), b.firstHigh.add(up), b.lastLow.add(down),
                    b.lastHigh.add(up), true);
            all = all == null ? moved : all.union(moved);
        }
        return all;
    }

    private static BigFraction outward(BigFraction x, boolean up) {
        BigInteger scaled = x.getNumerator().multiply(GRID);
        BigInteger[] qr = scaled.divideAndRemainder(x.getDenominator());
        BigInteger q = qr[0];
        // divideAndRemainder truncates toward zero; step away from x's side.
        if (qr[1].signum() != 0 && (qr[1].signum() > 0) == up) {
            q = q.add(up ? BigInteger.ONE : BigInteger.ONE.negate());
        }
        return new BigFraction(q, GRID);
    }

    /** Whether the band stands for paths of several strides. */
    boolean mixed() {
        return mixed;
    }

    @Override
    public BigFraction stride() {
        return stride;
    }

    @Override
    public boolean exact() {
        return false;
    }

    /**
     * Output y = m*P + psi reads m*Q + t, and J*(m*Q + t) = J_out*y + J*(t - psi*Q/P), so the
     * bounds move by J/P times the extremes of t_min*P - psi*Q (for u) and t_max*P - psi*Q (for v).
     */
    @Override
    public Component through(AxisMap map, Steps steps) {
        long p = map.period();
        steps.spend(p);
        long q = map.advance();
        long[] u = {Long.MAX_VALUE, Long.MIN_VALUE};
        long[] v = {Long.MAX_VALUE, Long.MIN_VALUE};
        for (int psi = 0; psi < p; psi++) {
            long[] taps = map.taps(psi);
            if (taps.length > 0) {
                widen(u, taps[0] * p - psi * q);
                widen(v, taps[taps.length - 1] * p - psi * q);
            }
        }
        if (u[0] == Long.MAX_VALUE) {
            return null;
        }
        BigFraction scale = stride.divide(p);
        return new Band(stride.multiply(q).divide(p), firstLow.add(scale.multiply(u[0])),
                firstHigh.add(scale.multiply(u[1])), lastLow.add(scale.multiply(v[0])),
                lastHigh.add(scale.multiply(v[1])), mixed);
    }

    /** Widens the interval {@code [range[0], range[1]]} to hold {@code x}. */
    static void widen(long[] range, long x) {
        range[0] = Math.min(range[0], x);
        range[1] = Math.max(range[1], x);
    }

    @Override
    public Band band() {
        return this;
    }

    Band union(Band o) {
        return new Band(stride, min(firstLow, o.firstLow), min(firstHigh, o.firstHigh), max(lastLow, o.lastLow),
                max(lastHigh, o.lastHigh), mixed || o.mixed);
    }

    /** Evaluated in floating point with a slack that only widens the bounds. */
    @Override
    public Reach at(long y) {
        double along = approximate[0] * y;
        return new Reach((long) Math.ceil(along + approximate[1] - SLACK),
                (long) Math.floor(along + approximate[2] + SLACK), (long) Math.ceil(along + approximate[3] - SLACK),
                (long) Math.floor(along + approximate[4] + SLACK));
    }

    @Override
    public long largest() {
        return floor(lastHigh.subtract(firstLow)) + 1;
    }

    private static BigFraction min(BigFraction a, BigFraction b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static BigFraction max(BigFraction a, BigFraction b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static long floor(BigFraction x) {
        BigInteger d = x.getDenominator();
        return x.getNumerator().subtract(x.getNumerator().mod(d)).divide(d).longValueExact();
    }
}
