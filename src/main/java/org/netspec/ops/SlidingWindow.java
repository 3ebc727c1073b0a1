package org.netspec.ops;

/**
 * Arithmetic of a window sliding along one axis (convolution and pooling), as PyTorch defines it.
 */
public final class SlidingWindow {
    private SlidingWindow() {
    }

    /**
     * Extent of a kernel of {@code k} taps spaced {@code d} apart.
     *
     * @throws OperatorException naming the dilation when the extent does not fit in 64 bits
     */
    public static long effectiveKernel(long k, long d) {
        try {
            return Math.addExact(Math.multiplyExact(d, k - 1), 1);
        } catch (ArithmeticException e) {
            throw overflow("the kernel " + k + " dilated by " + d + " spans", "dilation");
        }
    }

    /** An extent too large for 64 bits, reported against the attribute that made it so. */
    static OperatorException overflow(String what, String attribute) {
        return new OperatorException(what + " more than 2^63 - 1 values, which overflows 64 bits", attribute);
    }

    /**
     * Output length: {@code floor((n + before + after - kEff) / s) + 1}, or with ceil_mode the
     * ceiling, dropping a last window that would start in the padding after the input.
     *
     * @throws OperatorException when the dilated kernel is larger than the padded input
     */
    public static long outputLength(String axis, long n, long k, long s, long before, long after, long d,
            boolean ceil) {
        long kEff = effectiveKernel(k, d);
        long padded;
        try {
            padded = Math.addExact(n, Math.addExact(before, after));
        } catch (ArithmeticException e) {
            throw overflow("padding " + (before == after ? before + " on both sides" : before + " and " + after)
                    + " of " + axis + " " + n + " makes the padded input", "padding");
        }
        if (kEff > padded) {
            throw new OperatorException("the kernel spans " + kEff + " on " + axis + " but the padded input is only "
                    + padded + " (" + n + " + padding " + (before + after) + ")", "kernel");
        }
        long span = padded - kEff;
        // Written so that no step overflows: ceil(span / s) without span + s - 1, and a last start
        // past the limit of 64 bits certainly lies beyond n + before, which fits.
        long out = Math.floorDiv(span, s) + (ceil && span % s != 0 ? 1 : 0) + 1;
        if (ceil && (Math.multiplyHigh(out - 1, s) != 0 || (out - 1) * s >= n + before)) {
            out--;
        }
        return out;
    }

    /**
     * Sum over all output positions of the taps that fall inside the input (not in padding):
     * the exact number of input values the windows read along this axis.
     */
    public static long tapsInside(long n, long k, long s, long before, long d, long outputs) {
        long total = 0;
        for (long y = 0; y < outputs; y++) {
            long start = y * s - before;
            for (long t = 0; t < k; t++) {
                long x = start + t * d;
                if (x >= 0 && x < n) {
                    total++;
                }
            }
        }
        return total;
    }
}
