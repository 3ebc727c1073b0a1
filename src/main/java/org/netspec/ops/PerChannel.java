package org.netspec.ops;

import java.util.List;

/**
 * Pointwise operators that compute each element from its own input element and the parameters of
 * its channel (batch norm, PReLU, activations), one (image, channel) plane at a time. The
 * arithmetic lives in {@link #computePlane} only: the reference kernel runs the planes in order, a
 * fast kernel may run them on several threads, and both give the same bits.
 */
public abstract class PerChannel extends Pointwise {
    protected PerChannel(String name, String summary, Attribute<?>... attributes) {
        super(name, summary, attributes);
    }

    /**
     * Writes {@code out[from .. from + length)} from the same elements of {@code in}: one plane of
     * channel {@code channel}.
     *
     * @param weights the values of {@link #weights}, in that order
     */
    public abstract void computePlane(Attributes a, List<float[]> weights, int channel, float[] in, float[] out,
            int from, int length);

    /** Every plane in order. */
    @Override
    public final Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        Tensor y = Tensor.zeros(x.shape());
        int channels = channels(x.shape());
        int plane = planeSize(x.shape());
        for (int p = 0; p < planes(x.shape()); p++) {
            computePlane(a, weights, p % channels, x.data(), y.data(), p * plane, plane);
        }
        return y;
    }

    /** The (image, channel) planes of a tensor, N x C; plane {@code p} is of channel {@code p % C}. */
    public static int planes(Shape s) {
        return (int) (s.n() * channels(s));
    }

    /** The channels of a tensor: C, or 1 for a rank-1 tensor. */
    public static int channels(Shape s) {
        return s.rank() > 1 ? (int) s.c() : 1;
    }

    /** Elements per plane: H x W for a feature map, 1 for [N, F]. */
    public static int planeSize(Shape s) {
        return (int) (s.elements() / planes(s));
    }
}
