package org.netspec.device;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of kernel a runtime runs at different speeds, as a device profile lists them: each
 * has its own efficiency (fraction of the roofline it attains) and may have its own dispatch cost.
 */
public enum KernelClass {
    /** A dense convolution with a kernel larger than 1x1. */
    DENSE_CONV("dense_conv"),
    /** A dense 1x1 convolution or a linear layer: a matrix product. */
    POINTWISE_CONV("pointwise_conv"),
    /** A convolution with several groups of more than one channel each. */
    GROUPED_CONV("grouped_conv"),
    /** A convolution with one input channel per group. */
    DEPTHWISE_CONV("depthwise_conv"),
    /** A transposed convolution. */
    TRANSPOSED_CONV("transposed_conv"),
    /** Batch norm, activations, sums and products of tensors. */
    ELEMENT_WISE("element_wise"),
    /**
     * PReLU: an activation with a slope per channel, which a runtime may run as a general
     * broadcast (ONNX Runtime's CPU provider takes about ten times an add's time per element).
     */
    PRELU("prelu"),
    /** Max, average, adaptive and global pooling. */
    POOLING("pooling"),
    /**
     * A max pooling that also writes its arg-max indices (for max-unpooling): a kernel of its own
     * (ONNX Runtime runs it as a plain loop, tens of times a max pooling's time).
     */
    POOLING_INDICES("pooling_indices"),
    /** Up-sampling and max-unpooling. */
    RESIZE("resize"),
    /** Concatenation, split, channel shuffle, padding: data moved, nothing computed. */
    COPY("copy"),
    /**
     * A tensor copied between the plain (NCHW) and a blocked (NCHWc) layout, where a runtime that
     * runs convolutions blocked meets an operator that cannot run so (see the profile's layout_block).
     */
    REORDER("reorder");

    private final String key;

    KernelClass(String key) {
        this.key = key;
    }

    /** The name in a device profile. */
    public String key() {
        return key;
    }

    public static Optional<KernelClass> ofKey(String key) {
        return Arrays.stream(values()).filter(k -> k.key.equals(key)).findFirst();
    }
}
