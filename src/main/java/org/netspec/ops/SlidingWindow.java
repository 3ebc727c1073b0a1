package org.netspec.ops;

/**
 * Arithmetic of a window sliding along one axis (convolution and pooling), as PyTorch defines it.
 */
public final class SlidingWindow {
    private SlidingWindow() {
    }

    /** Extent of a kernel of {@code k} taps spaced {@code d} apart. */
    public static long effectiveKernel(long k, long d) {
        return d * (k - 1) + 1;
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
        long padded = n + before + after;
        if (kEff > padded) {
            throw new OperatorException("the kernel spans " + kEff + " on " + axis + " but the padded input is only "
                    + padded + " (" + n + " + padding " + (before + after) + ")", "kernel");
        }
        long span = padded - kEff;
        long out = (ceil ? Math.floorDiv(span + s - 1, s) : Math.floorDiv(span, s)) + 1;
        if (ceil && (out - 1) * s >= n + before) {
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
