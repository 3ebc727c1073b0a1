package org.netspec.exec;

import org.netspec.ops.Attributes;
import org.netspec.ops.Conv;
import org.netspec.ops.Padding;
import org.netspec.ops.Shape;

/**
 * The sizes a convolution works with, from its input shape and attributes: kernel, stride and
 * dilation, the padding before the input, the output size, and the padded stride-phase planes
 * ({@link PaddedPlanes}) of {@code rows} x {@code columns}, {@code columns} including the slack the
 * core reads past the last tap.
 */
record ConvGeometry(int kh, int kw, int sh, int sw, int dh, int dw, int top, int left, int oh, int ow, int rows,
        int columns, int paddedWidth, int slack) {
    static ConvGeometry of(Attributes a, Shape in, int slack) {
        int kh = (int) a.get(Conv.KERNEL).h();
        int kw = (int) a.get(Conv.KERNEL).w();
        int sh = (int) a.get(Conv.STRIDE).h();
        int sw = (int) a.get(Conv.STRIDE).w();
        int dh = (int) a.get(Conv.DILATION).h();
        int dw = (int) a.get(Conv.DILATION).w();
        Padding p = a.get(Conv.PADDING);
        int extH = dh * (kh - 1) + 1;
        int extW = dw * (kw - 1) + 1;
        int paddedH = (int) (in.h() + p.before(true, extH) + p.after(true, extH));
        int paddedW = (int) (in.w() + p.before(false, extW) + p.after(false, extW));
        int oh = (paddedH - extH) / sh + 1;
        int rows = (paddedH + sh - 1) / sh;
        return new ConvGeometry(kh, kw, sh, sw, dh, dw, (int) p.before(true, extH), (int) p.before(false, extW), oh,
                (paddedW - extW) / sw + 1, rows, columns(paddedW, kw, sw, dw, slack), paddedW, slack);
    }

    private static int columns(int paddedW, int kw, int sw, int dw, int slack) {
        int ow = (paddedW - dw * (kw - 1) - 1) / sw + 1;
        return Math.max((paddedW + sw - 1) / sw, ow + (kw - 1) * dw / sw) + slack;
    }

    /**
     * The same convolution without its column stride: every column of each output row, of which
     * this one keeps every {@code sw}-th. Its planes are the input rows as they are, with no
     * column phases to gather.
     */
    ConvGeometry unitColumnStride() {
        if (sw == 1) {
            return this;
        }
        return new ConvGeometry(kh, kw, sh, 1, dh, dw, top, left, oh, paddedWidth - dw * (kw - 1), rows,
                columns(paddedWidth, kw, 1, dw, slack), paddedWidth, slack);
    }

    /** A 1x1 convolution without stride or padding, which reads its input in place. */
    boolean pointwise(Shape in) {
        return kh == 1 && kw == 1 && sh == 1 && sw == 1 && oh == in.h() && ow == in.w() && top == 0 && left == 0;
    }

    int phases() {
        return sh * sw;
    }

    /** Phase rows below an output row's own that its taps read: output row r reads phase rows r to r + reach. */
    int reach() {
        return (kh - 1) * dh / sh;
    }

    /**
     * Where each tap reads, relative to an output row's start, in phase planes of
     * {@code phaseStride} floats and {@link #columns} floats a row.
     */
    int[] tapOffsets(int phaseStride) {
        int[] offsets = new int[kh * kw];
        for (int i = 0; i < kh; i++) {
            for (int j = 0; j < kw; j++) {
                int phase = (i * dh % sh) * sw + j * dw % sw;
                offsets[i * kw + j] = phase * phaseStride + i * dh / sh * columns + j * dw / sw;
            }
        }
        return offsets;
    }
}
