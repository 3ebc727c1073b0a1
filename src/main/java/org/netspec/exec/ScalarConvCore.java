package org.netspec.exec;

/** {@link ConvCore} in plain loops, for JVMs started without the Vector API module. */
final class ScalarConvCore implements ConvCore {
    @Override
    public int slack() {
        return 0;
    }

    @Override
    public String description() {
        return "scalar (the jdk.incubator.vector module is not loaded)";
    }

    @Override
    public void row(float[] in, int base, int channelStride, int channels, int[] offsets, int taps, float[] packed,
            int packedAt, int block, float[] row, int rowLength, int width) {
        for (int cb = 0; cb < block; cb++) {
            int out = cb * rowLength;
            for (int j = 0; j < width; j++) {
                float sum = 0;
                int w = packedAt + cb;
                for (int ci = 0; ci < channels; ci++) {
                    int at = base + ci * channelStride + j;
                    for (int t = 0; t < taps; t++) {
                        sum = Math.fma(packed[w], in[at + offsets[t]], sum);
                        w += block;
                    }
                }
                row[out + j] = sum;
            }
        }
    }
}
