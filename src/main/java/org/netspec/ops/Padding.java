package org.netspec.ops;

/**
 * Spatial zero padding of a convolution or pooling window: explicit per axis (the same before
 * and after, as PyTorch's {@code padding=(ph, pw)}), or {@code same}, which pads the dilated
 * kernel's extent minus one, the smaller half before, as PyTorch's {@code padding='same'} does.
 * For odd dilated kernels {@code same} equals the explicit {@code d*(k-1)/2} of most CNN code.
 */
public record Padding(boolean same, Pair explicit) {
    public static final Padding SAME = new Padding(true, null);

    public static Padding of(Pair explicit) {
        return new Padding(false, explicit);
    }

    /** Padding before (top or left) on an axis whose dilated kernel spans {@code effectiveKernel}. */
    public long before(boolean heightAxis, long effectiveKernel) {
        if (same) {
            return (effectiveKernel - 1) / 2;
        }
        return heightAxis ? explicit.h() : explicit.w();
    }

    /** Padding after (bottom or right). */
    public long after(boolean heightAxis, long effectiveKernel) {
        if (same) {
            return (effectiveKernel - 1) - (effectiveKernel - 1) / 2;
        }
        return heightAxis ? explicit.h() : explicit.w();
    }

    @Override
    public String toString() {
        return same ? "same" : explicit.toString();
    }
}
