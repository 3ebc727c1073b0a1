package org.netspec.ops;

/** Loop arithmetic shared by the reference kernels, independent of the shape rules it is checked against. */
final class Kernels {
    private Kernels() {
    }

    /** Windows of {@code extent} that fit in {@code padded} positions, starting every {@code stride}. */
    static int windowsInside(long padded, long extent, long stride) {
        int count = 0;
        while (count * stride + extent <= padded) {
            count++;
        }
        return count;
    }

    /**
     * Pooling windows along an axis, as PyTorch places them: every window starts inside the input
     * or its leading padding; without ceil_mode it must end inside the padded input, with it a
     * partial window is added while the one before stopped short of the end.
     */
    static int poolWindows(long n, long pad, long extent, long stride, boolean ceil) {
        long padded = n + 2 * pad;
        int count = 0;
        while (true) {
            long start = count * stride;
            boolean fits = ceil ? count == 0 || (count - 1) * stride + extent < padded : start + extent <= padded;
            if (!fits || start >= n + pad) {
                return count;
            }
            count++;
        }
    }
}
