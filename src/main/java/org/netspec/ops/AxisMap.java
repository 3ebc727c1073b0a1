package org.netspec.ops;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.LongFunction;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * How an operator reads one of its inputs along one spatial axis, as the periodic index map of
 * the receptive-field note (section 1): output position {@code y = m * period + phi} reads the
 * input positions {@code m * advance + t} for every {@code t} in {@code taps(phi)}. Convolution and
 * pooling have period 1 and advance by the stride; up-sampling and transposed convolution have
 * fractional strides and so several phases. Positions are on the infinite plane: taps that fall
 * in the padding are kept, as the interior of a map sees them.
 *
 * <p>Two other kinds: {@link Kind#GLOBAL}, every output position depends on every input position
 * (global pooling, flatten); {@link Kind#UNREAD}, the input's values are not read (a tensor that
 * only lends its size, or the arg-max indices of a max-pool).
 */
public final class AxisMap {
    /** Whether the map is a tap table, reads the whole axis, or reads nothing. */
    public enum Kind {
        LOCAL, GLOBAL, UNREAD
    }

    public static final AxisMap IDENTITY = new AxisMap(Kind.LOCAL, 1, 1, new long[][] {{0}});
    public static final AxisMap GLOBAL = new AxisMap(Kind.GLOBAL, 1, 0, new long[][] {{}});
    public static final AxisMap UNREAD = new AxisMap(Kind.UNREAD, 1, 0, new long[][] {{}});

    private final Kind kind;
    private final int period;
    private final long advance;
    private final long[][] taps;

    private AxisMap(Kind kind, int period, long advance, long[][] taps) {
        this.kind = kind;
        this.period = period;
        this.advance = advance;
        this.taps = taps;
    }

    /**
     * A convolution or pooling window: {@code k} taps {@code d} apart, moved by {@code s}, with
     * {@code before} positions of padding before the input (only that side moves the window).
     */
    public static AxisMap window(long k, long s, long d, long before) {
        long[] t = new long[Math.toIntExact(k)];
        for (int i = 0; i < t.length; i++) {
            t[i] = d * i - before;
        }
        return new AxisMap(Kind.LOCAL, 1, s, new long[][] {t});
    }

    /**
     * A transposed convolution with PyTorch's semantics, where input x scatters to
     * {@code s*x - p + d*t}: output phase phi reads {@code (phi + p - d*t) / s} for every tap t
     * that divides evenly. A phase may read nothing (a checkerboard).
     */
    public static AxisMap transposed(long k, long s, long d, long p) {
        int phases = Math.toIntExact(s);
        long[][] t = new long[phases][];
        for (int phi = 0; phi < phases; phi++) {
            long[] read = new long[Math.toIntExact(k)];
            int n = 0;
            // Taps in descending order give ascending input positions.
            for (long tap = k - 1; tap >= 0; tap--) {
                long x = phi + p - d * tap;
                if (Math.floorMod(x, s) == 0) {
                    read[n++] = Math.floorDiv(x, s);
                }
            }
            t[phi] = Arrays.copyOf(read, n);
        }
        return new AxisMap(Kind.LOCAL, phases, 1, t);
    }

    /** Zero padding before the input: output y reads input {@code y - before}. */
    public static AxisMap shift(long before) {
        return new AxisMap(Kind.LOCAL, 1, 1, new long[][] {{-before}});
    }

    /** A length-1 input broadcast over the output: every position reads input position 0. */
    public static AxisMap broadcast() {
        return new AxisMap(Kind.LOCAL, 1, 0, new long[][] {{0}});
    }

    /**
     * A resampling whose source coordinate advances by {@code ratio} input positions per output
     * position (up-sampling, adaptive pooling): {@code tapsAt(y)} gives the input positions output
     * y reads. The map is exactly periodic with the ratio's denominator as period; when that
     * period is longer than the output, the table covers the whole output instead, which is exact
     * on the map (the note's "whole-map period" of size-dependent operators).
     */
    public static AxisMap resampling(BigFraction ratio, long inputLength, long outputLength,
            LongFunction<long[]> tapsAt) {
        boolean periodic = ratio.getDenominator().compareTo(BigInteger.valueOf(outputLength)) <= 0;
        int phases = Math.toIntExact(periodic ? ratio.getDenominatorAsLong() : outputLength);
        long advance = periodic ? ratio.getNumeratorAsLong() : inputLength;
        long[][] t = new long[phases][];
        for (int phi = 0; phi < phases; phi++) {
            t[phi] = tapsAt.apply(phi);
        }
        return new AxisMap(Kind.LOCAL, phases, advance, t);
    }

    public Kind kind() {
        return kind;
    }

    public boolean isLocal() {
        return kind == Kind.LOCAL;
    }

    /** Output positions per period (P). */
    public int period() {
        return period;
    }

    /** Input positions advanced per period (Q). */
    public long advance() {
        return advance;
    }

    /** The input offsets phase {@code phi} reads, ascending; empty when it reads nothing. */
    public long[] taps(int phi) {
        return taps[phi].clone();
    }

    /** Input positions per output position: the factor by which this map scales the effective stride. */
    public BigFraction stride() {
        return new BigFraction(advance, (long) period);
    }

    /** Whether every output position reads exactly the same input position. */
    public boolean isIdentity() {
        return kind == Kind.LOCAL && period == 1 && advance == 1 && taps[0].length == 1 && taps[0][0] == 0;
    }

    /** Whether some phase skips input positions between its taps, as a dilated kernel does. */
    public boolean skipsPositions() {
        for (long[] t : taps) {
            for (int i = 1; i < t.length; i++) {
                if (t[i] - t[i - 1] > 1) {
                    return true;
                }
            }
        }
        return false;
    }
}
