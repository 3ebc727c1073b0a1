package org.netspec.ops;

import java.util.Arrays;
import java.util.List;

/**
 * The shape of a tensor: NCHW for feature maps, [N, F] after flatten or linear. Immutable; every
 * dimension is positive and the element count fits in 64 bits.
 */
public final class Shape {
    private final long[] dims;

    private Shape(long[] dims) {
        this.dims = dims;
    }

    /** A shape from its dimensions; rejects non-positive sizes and element counts beyond 64 bits. */
    public static Shape of(long... dims) {
        if (dims.length == 0) {
            throw new OperatorException("a shape needs at least one dimension");
        }
        long count = 1;
        for (long d : dims) {
            if (d <= 0) {
                throw new OperatorException("sizes must be positive, got " + format(dims));
            }
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                throw new OperatorException("the element count of " + format(dims) + " overflows 64 bits");
            }
        }
        return new Shape(dims.clone());
    }

    public static Shape nchw(long n, long c, long h, long w) {
        return of(n, c, h, w);
    }

    public int rank() {
        return dims.length;
    }

    public long dim(int i) {
        return dims[i];
    }

    public long n() {
        return dims[0];
    }

    public long c() {
        return dims[1];
    }

    public long h() {
        requireRank4();
        return dims[2];
    }

    public long w() {
        requireRank4();
        return dims[3];
    }

    /** Elements in the tensor (checked at construction not to overflow). */
    public long elements() {
        long count = 1;
        for (long d : dims) {
            count *= d;
        }
        return count;
    }

    /** Spatial positions per image and channel (H x W), 1 for a rank-2 tensor. */
    public long spatial() {
        return dims.length == 4 ? dims[2] * dims[3] : 1;
    }

    public boolean isFeatureMap() {
        return dims.length == 4;
    }

    public Shape withChannels(long c) {
        long[] d = dims.clone();
        d[1] = c;
        return of(d);
    }

    public Shape withSpatial(long h, long w) {
        requireRank4();
        return of(dims[0], dims[1], h, w);
    }

    public List<Long> toList() {
        return Arrays.stream(dims).boxed().toList();
    }

    private void requireRank4() {
        if (dims.length != 4) {
            throw new OperatorException("expected a feature map [N, C, H, W], got " + this);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Written as 1x3x512x1024, the form the command line accepts. */
    @Override
    public String toString() {
        return format(dims);
    }

    private static String format(long[] dims) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                sb.append('x');
            }
            sb.append(dims[i]);
        }
        return sb.toString();
    }
}
