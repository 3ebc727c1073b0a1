package org.netspec.ops;

/**
 * What kind of work an operator does, as design reviews group operators: each operator declares
 * its own, so reports and guidelines never keep lists of operator names. Kinds that depend on
 * attributes (a grouped or depthwise convolution) are told apart by the operator that has them
 * ({@link Conv#connectivity}).
 */
public enum Category {
    /** A tensor given to the network. */
    INPUT,
    /** {@code conv}: a sliding-window product over channels. */
    CONVOLUTION,
    /** {@code conv_transpose}: a convolution's scatter, for learned up-sampling. */
    TRANSPOSED_CONVOLUTION,
    /** {@code linear}: a fully connected product. */
    LINEAR,
    /** Batch normalisation. */
    NORMALISATION,
    /** Non-linear functions of each element (PReLU with its slopes), and softmax over channels. */
    ACTIVATION,
    /** Element-wise sums and products of several tensors. */
    ELEMENT_WISE,
    /** Windows or bins reduced to one value each: max, average, adaptive and global pooling. */
    POOLING,
    /** Larger maps from smaller ones without learned weights: up-sampling and max-unpooling. */
    RESAMPLING,
    /** Channels or borders moved, copied or zero-filled, nothing computed: concat, split, shuffle, pad. */
    DATA_MOVEMENT,
    /** The input passed on as it is: the identity, dropout at inference, flatten. */
    PASS_THROUGH
}
