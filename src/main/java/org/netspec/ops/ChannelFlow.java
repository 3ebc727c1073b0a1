package org.netspec.ops;

/**
 * How an operator's output channels read its input channels, for analyses that follow groups of
 * channels (per-group footprints: receptive-field note, section 4.3). Spatial behaviour is the
 * {@link AxisMap}'s; this says only which input channels each output channel mixes.
 */
public sealed interface ChannelFlow {
    /** Output channel c reads input channel c only: normalisation, activations, pooling, resampling. */
    ChannelFlow PER_CHANNEL = new PerChannel();
    /** Output channel c reads channel c of every input; an input of one channel is read by all. */
    ChannelFlow ELEMENTWISE = new Elementwise();
    /** The inputs' channels one after another. */
    ChannelFlow CONCATENATED = new Concatenated();

    /** See {@link #PER_CHANNEL}. */
    record PerChannel() implements ChannelFlow {
    }

    /**
     * The channels fall in {@code groups} equal groups on both sides and output group i reads every
     * channel of input group i: 1 group is a dense layer, one group per input channel a depthwise one.
     */
    record Grouped(long groups) implements ChannelFlow {
    }

    /** See {@link #CONCATENATED}. */
    record Concatenated() implements ChannelFlow {
    }

    /** Input channels {@code [start, start + count)}. */
    record Selected(long start, long count) implements ChannelFlow {
    }

    /**
     * ShuffleNet's channel shuffle: with C channels in {@code groups} groups, output channel
     * {@code k * groups + i} is input channel {@code i * (C / groups) + k}.
     */
    record Interleaved(long groups) implements ChannelFlow {
    }

    /** The input's channels, then {@code zeros} channels that read nothing. */
    record ZeroExtended(long zeros) implements ChannelFlow {
    }

    /** See {@link #ELEMENTWISE}. */
    record Elementwise() implements ChannelFlow {
    }
}
