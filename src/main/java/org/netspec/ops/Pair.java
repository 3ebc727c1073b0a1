package org.netspec.ops;

/** A value per spatial axis (kernel, stride, dilation, padding): height first, then width. */
public record Pair(long h, long w) {
    public static Pair square(long v) {
        return new Pair(v, v);
    }

    /** The height value for the height axis, else the width value. */
    public long along(boolean heightAxis) {
        return heightAxis ? h : w;
    }

    public boolean isSquare() {
        return h == w;
    }

    @Override
    public String toString() {
        return isSquare() ? Long.toString(h) : h + "x" + w;
    }
}
