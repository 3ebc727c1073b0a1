package org.netspec.ops;

/**
 * A weight tensor an operator owns (convolution kernel, bias, batch-norm statistics, PReLU
 * slopes), with the range its random values are drawn from when a network is executed without
 * trained weights: PyTorch's default initialisation where it draws, and ranges that keep batch
 * norm non-trivial (variances away from zero, means and scales away from 0 and 1).
 *
 * @param name the PyTorch parameter or buffer name ({@code weight}, {@code bias}, {@code running_mean}, ...)
 * @param trainable true for parameters, false for buffers
 */
public record Weight(String name, Shape shape, boolean trainable, float low, float high) {
    /** PyTorch's default for convolutions and linear layers: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    static Weight fanIn(String name, Shape shape, long fanIn) {
        float bound = (float) (1 / Math.sqrt(fanIn));
        return new Weight(name, shape, true, -bound, bound);
    }
}
