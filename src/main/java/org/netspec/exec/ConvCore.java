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
     * {@code row[cb * rowLength + j] = sum over ci < channels, t < taps of
     * packed[packedAt + (ci * taps + t) * block + cb] * in[base + ci * channelStride + offsets[t] + j]}.
     *
     * @param block {@link #BLOCK} or 1
     */
    void row(float[] in, int base, int channelStride, int channels, int[] offsets, int taps, float[] packed,
            int packedAt, int block, float[] row, int rowLength, int width);

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
