package org.netspec.analysis.gridding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * The footprint of one output position over the source: on the bounding box whose top-left
 * source position is ({@code top}, {@code left}), the number of paths reaching each cell (0 for
 * a hole). The empty footprint (0 x 0) stands for an output that reads nothing of the source.
 */
public final class Footprint {
    public static final Footprint EMPTY = new Footprint(0, 0, 0, 0, new long[0]);
    /** The source itself: one path to offset (0, 0). */
    static final Footprint POINT = new Footprint(0, 0, 1, 1, new long[] {1});

    /** A ring of the path-count map: the cells at one Chebyshev distance from the box centre. */
    public record Ring(double radius, long mass, double share) {
    }

    /** A footprint moved by (dy, dx) source positions. */
    record Placed(Footprint footprint, long dy, long dx) {
    }

    private final long top;
    private final long left;
    private final int rows;
    private final int cols;
    private final long[] counts;

    private Footprint(long top, long left, int rows, int cols, long[] counts) {
        this.top = top;
        this.left = left;
        this.rows = rows;
        this.cols = cols;
        this.counts = counts;
    }

    /**
     * The sum of moved footprints: the union of their supports, with path counts added.
     *
     * @param budget charged with the cells allocated and added; null for free
     */
    static Footprint sum(List<Placed> parts, Charges budget) {
        long top = Long.MAX_VALUE;
        long left = Long.MAX_VALUE;
        long bottom = Long.MIN_VALUE;
        long right = Long.MIN_VALUE;
        for (Placed p : parts) {
            Footprint f = p.footprint();
            if (!f.isEmpty()) {
                top = Math.min(top, f.top + p.dy());
                left = Math.min(left, f.left + p.dx());
                bottom = Math.max(bottom, f.top + p.dy() + f.rows - 1);
                right = Math.max(right, f.left + p.dx() + f.cols - 1);
            }
        }
        if (top == Long.MAX_VALUE) {
            return EMPTY;
        }
        long area = (bottom - top + 1) * (right - left + 1);
        if (budget != null) {
            budget.allocate(area);
            for (Placed p : parts) {
                budget.add(p.footprint().area());
            }
        }
        int rows = Math.toIntExact(bottom - top + 1);
        int cols = Math.toIntExact(right - left + 1);
        long[] counts = new long[Math.toIntExact(area)];
        for (Placed p : parts) {
            Footprint f = p.footprint();
            int r0 = (int) (f.top + p.dy() - top);
            int c0 = (int) (f.left + p.dx() - left);
            for (int r = 0; r < f.rows; r++) {
                int at = (r0 + r) * cols + c0;
                for (int c = 0; c < f.cols; c++) {
                    counts[at + c] = Math.addExact(counts[at + c], f.counts[r * f.cols + c]);
                }
            }
        }
        return new Footprint(top, left, rows, cols, counts);
    }

    public boolean isEmpty() {
        return rows == 0;
    }

    public long top() {
        return top;
    }

    public long left() {
        return left;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Paths to source position ({@code row}, {@code col}), 0 outside the box. */
    public long count(long row, long col) {
        long r = row - top;
        long c = col - left;
        return r < 0 || c < 0 || r >= rows || c >= cols ? 0 : counts[(int) (r * cols + c)];
    }

    /** The path-count map over the box, row by row: chart data. */
    public long[][] pathCounts() {
        long[][] out = new long[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = Arrays.copyOfRange(counts, r * cols, (r + 1) * cols);
        }
        return out;
    }

    public long area() {
        return (long) rows * cols;
    }

    /** Cells reached by at least one path. */
    public long support() {
        long n = 0;
        for (long c : counts) {
            if (c != 0) {
                n++;
            }
        }
        return n;
    }

    public long holes() {
        return area() - support();
    }

    /** support / area; undefined (an error) for the empty footprint. */
    public BigFraction coverage() {
        return new BigFraction(support(), area());
    }

    /** All paths: the total of the path-count map. */
    public long mass() {
        long m = 0;
        for (long c : counts) {
            m = Math.addExact(m, c);
        }
        return m;
    }

    /** Paths to the centre cell of the box; 0 when the box has an even side (no centre cell). */
    public long centreCount() {
        return rows % 2 == 0 || cols % 2 == 0 ? 0 : counts[(rows / 2) * cols + cols / 2];
    }

    /**
     * The non-empty rings of the path-count map around the box centre, innermost first, with
     * their share of all paths: how the mass spreads over the dilation rings.
     */
    public List<Ring> rings() {
        TreeMap<Long, Long> byTwiceRadius = new TreeMap<>();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                long v = counts[r * cols + c];
                if (v != 0) {
                    long twice = Math.max(Math.abs(2L * r - (rows - 1)), Math.abs(2L * c - (cols - 1)));
                    byTwiceRadius.merge(twice, v, Long::sum);
                }
            }
        }
        double total = mass();
        List<Ring> out = new ArrayList<>();
        byTwiceRadius.forEach((twice, m) -> out.add(new Ring(twice / 2.0, m, m / total)));
        return out;
    }

    /** The half-width of the smallest centred box holding {@code share} of the paths (the note uses 0.95). */
    public double massRadius(double share) {
        double need = share * mass();
        double held = 0;
        for (Ring ring : rings()) {
            held += ring.mass();
            if (held >= need) {
                return ring.radius();
            }
        }
        throw new IllegalStateException("the rings hold all the mass");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Footprint f && f.top == top && f.left == left && f.rows == rows && f.cols == cols
                && Arrays.equals(f.counts, counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts) * 31 + Long.hashCode(top * 7 + left);
    }
}
