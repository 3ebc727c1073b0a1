package org.netspec.ops;

import java.util.List;

/**
 * The normalisation that layer, group and instance norm share: elements made zero-mean and of unit
 * (biased) variance over a set of positions, as PyTorch computes at inference from the input
 * itself. Statistics are summed in double; the result is written as float.
 */
final class Moments {
    /** The eps every normalisation here adds to the variance, PyTorch's default. */
    static final double DEFAULT_EPS = 1e-5;

    private Moments() {
    }

    /** An eps attribute, checked positive by {@link #checkEps}. */
    static Attribute<Double> eps() {
        return Attribute.number("eps", "added to the variance (positive)").withDefault(DEFAULT_EPS);
    }

    static void checkEps(Attributes a, Attribute<Double> eps) {
        if (!(a.get(eps) > 0)) {
            throw new OperatorException("`eps` must be positive, got " + a.get(eps), eps.name());
        }
    }

    /** Normalises {@code count} elements {@code from, from + stride, ...} of {@code in} into the same places of {@code out}. */
    static void normalise(float[] in, float[] out, int from, int count, int stride, double eps) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += in[from + i * stride];
        }
        double mean = sum / count;
        double squares = 0;
        for (int i = 0; i < count; i++) {
            double d = in[from + i * stride] - mean;
            squares += d * d;
        }
        double std = Math.sqrt(squares / count + eps);
        for (int i = 0; i < count; i++) {
            out[from + i * stride] = (float) ((in[from + i * stride] - mean) / std);
        }
    }

    /** {@code x * weight[c] + bias[c]} over every plane of channel c, in place. */
    static void affine(Tensor y, float[] weight, float[] bias) {
        float[] v = y.data();
        int c = PerChannel.channels(y.shape());
        int plane = PerChannel.planeSize(y.shape());
        for (int p = 0; p < PerChannel.planes(y.shape()); p++) {
            float w = weight[p % c];
            float b = bias[p % c];
            for (int i = p * plane; i < (p + 1) * plane; i++) {
                v[i] = v[i] * w + b;
            }
        }
    }

    /** Operations: 8 per element (6 without affine) and 2 per normalised set (add eps, square root). */
    static long ops(Shape s, long sets, boolean affine) {
        return Math.addExact(Math.multiplyExact(affine ? 8 : 6, s.elements()), Math.multiplyExact(2, sets));
    }

    static final String COST_RULE = "8 ops per element (mean: add; variance: subtract, square, add; normalise: "
            + "subtract, divide; affine: multiply, add) and 2 per normalised set (add eps, square root)";

    /** PyTorch's initial weight 1 and bias 0, drawn around them so channels differ. */
    static List<Weight> affineWeights(long channels) {
        Shape c = Shape.of(channels);
        return List.of(new Weight("weight", c, true, 0.5f, 1.5f), new Weight("bias", c, true, -0.5f, 0.5f));
    }
}
