package org.netspec.exec;

/**
 * The inner loop of every convolution: one output row of a block of output channels, as a
 * stride-1 correlation over zero-padded input planes. Each output element is summed in one fixed
 * order (input channel, then tap, with fused multiply-adds), so every implementation gives the
 * same bits. The Vector API implementation is used when the {@code jdk.incubator.vector} module is
 * present ({@code --add-modules jdk.incubator.vector}); otherwise a scalar one with the same order.
 */
interface ConvCore {
    /** Output channels computed together; weights are packed for blocks of this size, then of 1. */
    int BLOCK = 4;

    /**
     * Columns computed past {@code width}: a row buffer holds {@code width + slack()} floats per
     * channel and the input planes must be readable that far past the last tap.
     */
    int slack();

    /** What the core is, for reports ("Vector API, 16 floats per vector"). */
    String description();

    /**
     * Computes, for {@code cb < block} and {@code j < width}:
     * {@code row[cb * rowLength + j] = sum over i < terms of packed[packedAt + i * block + cb] * in[base + offsets[i] + j]},
     * the terms running over input channels and, within each, over taps.
     *
     * @param offsets where each term reads, relative to {@code base}: one flat list, because the
     *     JIT of Java 17 keeps vector accumulators in registers across a single loop but not across
     *     nested ones
     * @param block {@link #BLOCK} or 1
     */
    void row(float[] in, int base, int[] offsets, int terms, float[] packed, int packedAt, int block, float[] row,
            int rowLength, int width);

    /**
     * One output row of a depthwise convolution, written straight to the output with its bias:
     * for {@code j < width},
     * {@code out[to + j] = (sum over t < offsets.length of weights[weightsAt + t] * in[base + offsets[t] + j]) + bias},
     * the taps summed in order with fused multiply-adds from zero, as {@link #row} sums one channel's
     * terms. Writes nothing past {@code width}; reads as {@link #row} does.
     */
    void depthwiseRow(float[] in, int base, int[] offsets, float[] weights, int weightsAt, float bias, float[] out,
            int to, int width);

    /** {@code out[to + j] = row[from + j] + shift} for {@code j < width}: a row buffer stored with its bias. */
    void store(float[] row, int from, float shift, float[] out, int to, int width);

    /** The terms of a convolution group: channel {@code ci} tap {@code t} reads at {@code ci * channelStride + taps[t]}. */
    static int[] terms(int channels, int channelStride, int[] taps) {
        int[] offsets = new int[Math.multiplyExact(channels, taps.length)];
        for (int ci = 0; ci < channels; ci++) {
            for (int t = 0; t < taps.length; t++) {
                offsets[ci * taps.length + t] = Math.addExact(Math.multiplyExact(ci, channelStride), taps[t]);
            }
        }
        return offsets;
    }

    /** The Vector API core when its module is present, the scalar one otherwise. */
    static ConvCore fastest() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            try {
                return (ConvCore) Class.forName("org.netspec.exec.VectorConvCore").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                return new ScalarConvCore();
            }
        }
        return new ScalarConvCore();
    }
}
