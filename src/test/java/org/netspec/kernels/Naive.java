package org.netspec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.netspec.ops.Attributes;
import org.netspec.ops.Operator;
import org.netspec.ops.Operators;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/**
 * Plain direct implementations written differently from the reference kernels, for checking
 * them: convolutions on an explicitly padded copy, transposed convolution as a convolution over
 * the zero-inserted input with the flipped kernel, pooling over padded copies.
 */
public final class Naive {
    private Naive() {
    }

    /** Values uniform in [-1, 1) from a seed. */
    public static Tensor random(long seed, long... dims) {
        Shape shape = Shape.of(dims);
        Random r = new Random(seed);
        float[] v = new float[(int) shape.elements()];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return Tensor.of(shape, v);
    }

    public static float[] randomValues(long seed, int count, float low, float high) {
        Random r = new Random(seed);
        float[] v = new float[count];
        for (int i = 0; i < v.length; i++) {
            v[i] = low + (high - low) * r.nextFloat();
        }
        return v;
    }

    /** An operator's typed attributes from spec values. */
    public static Attributes attributes(String op, Map<String, Object> raw) {
        return Attributes.of(Operators.find(op).orElseThrow(), raw);
    }

    /** Runs an operator's reference kernel. */
    public static Tensor reference(String op, Map<String, Object> raw, List<Tensor> inputs, List<float[]> weights) {
        Operator o = Operators.find(op).orElseThrow();
        return o.compute(Attributes.of(o, raw), inputs, weights);
    }

    /** Zero-pads every plane of an NCHW tensor by the given rows and columns (negative values crop). */
    public static float[][][][] padded(Tensor x, int top, int bottom, int left, int right, float fill) {
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        float[][][][] p = new float[n][c][h + top + bottom][w + left + right];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < p[b][ch].length; y++) {
                    for (int xx = 0; xx < p[b][ch][y].length; xx++) {
                        int iy = y - top;
                        int ix = xx - left;
                        boolean inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
                        p[b][ch][y][xx] = inside ? x.data()[((b * c + ch) * h + iy) * w + ix] : fill;
                    }
                }
            }
        }
        return p;
    }

    /**
     * Convolution as the textbook defines it: pad, then for every output position that the
     * formula floor((padded - dilated kernel) / stride) + 1 gives, sum the products in double.
     *
     * @param weight [Cout][Cin/g][kh][kw], flat
     */
    public static Tensor conv(Tensor x, float[] weight, float[] bias, int cout, int kh, int kw, int sh, int sw,
            int top, int bottom, int left, int right, int dh, int dw, int groups) {
        float[][][][] p = padded(x, top, bottom, left, right, 0);
        int n = x.dim(0);
        int cin = x.dim(1);
        int hp = p[0][0].length;
        int wp = p[0][0][0].length;
        int oh = (hp - (dh * (kh - 1) + 1)) / sh + 1;
        int ow = (wp - (dw * (kw - 1) + 1)) / sw + 1;
        int inG = cin / groups;
        int outG = cout / groups;
        float[] out = new float[n * cout * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int co = 0; co < cout; co++) {
                int g = co / outG;
                for (int y = 0; y < oh; y++) {
                    for (int xx = 0; xx < ow; xx++) {
                        double sum = bias == null ? 0 : bias[co];
                        for (int ci = 0; ci < inG; ci++) {
                            for (int i = 0; i < kh; i++) {
                                for (int j = 0; j < kw; j++) {
                                    sum += (double) weight[((co * inG + ci) * kh + i) * kw + j]
                                            * p[b][g * inG + ci][y * sh + i * dh][xx * sw + j * dw];
                                }
                            }
                        }
                        out[((b * cout + co) * oh + y) * ow + xx] = (float) sum;
                    }
                }
            }
        }
        return Tensor.of(Shape.nchw(n, cout, oh, ow), out);
    }

    /**
     * Transposed convolution the other way round: insert stride - 1 zeros between input values, pad
     * by d*(k-1) - padding (plus output_padding after; negative crops), and convolve with stride 1,
     * the same dilation and the kernel flipped, its in and out channels swapped per group.
     *
     * @param weight [Cin][Cout/g][kh][kw], flat
     */
    public static Tensor convTranspose(Tensor x, float[] weight, float[] bias, int cout, int kh, int kw, int sh, int sw,
            int ph, int pw, int oph, int opw, int dh, int dw, int groups) {
        int n = x.dim(0);
        int cin = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int zh = (h - 1) * sh + 1;
        int zw = (w - 1) * sw + 1;
        float[] zeros = new float[n * cin * zh * zw];
        for (int plane = 0; plane < n * cin; plane++) {
            for (int y = 0; y < h; y++) {
                for (int xx = 0; xx < w; xx++) {
                    zeros[(plane * zh + y * sh) * zw + xx * sw] = x.data()[(plane * h + y) * w + xx];
                }
            }
        }
        int inG = cin / groups;
        int outG = cout / groups;
        float[] flipped = new float[cout * inG * kh * kw];
        for (int ci = 0; ci < cin; ci++) {
            int g = ci / inG;
            for (int co = 0; co < outG; co++) {
                for (int i = 0; i < kh; i++) {
                    for (int j = 0; j < kw; j++) {
                        flipped[(((g * outG + co) * inG + ci % inG) * kh + (kh - 1 - i)) * kw + (kw - 1 - j)] =
                                weight[((ci * outG + co) * kh + i) * kw + j];
                    }
                }
            }
        }
        int ah = dh * (kh - 1) - ph;
        int aw = dw * (kw - 1) - pw;
        return conv(Tensor.of(Shape.nchw(n, cin, zh, zw), zeros), flipped, bias, cout, kh, kw, 1, 1, ah, ah + oph, aw,
                aw + opw, dh, dw, groups);
    }

    /** Asserts two tensors have the same shape and values within a relative tolerance. */
    public static void assertClose(Tensor expected, Tensor actual, double tolerance) {
        assertEquals(expected.shape(), actual.shape());
        double scale = 1e-3;
        for (float v : expected.data()) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.data().length; i++) {
            float e = expected.data()[i];
            float a = actual.data()[i];
            if (e == a || (Float.isNaN(e) && Float.isNaN(a))) {
                continue;
            }
            // Written so that a NaN where a number is expected (a stale or uninitialised value) fails too.
            if (!(Math.abs(e - a) <= tolerance * scale)) {
                throw new AssertionError("element " + i + " of " + expected.shape() + ": expected " + expected.data()[i]
                        + " but was " + actual.data()[i]);
            }
        }
    }
}
