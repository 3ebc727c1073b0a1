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
    public void row(float[] in, int base, int[] offsets, int terms, float[] packed, int packedAt, int block, float[] row,
            int rowLength, int width) {
        for (int cb = 0; cb < block; cb++) {
            int out = cb * rowLength;
            for (int j = 0; j < width; j++) {
                float sum = 0;
                int at = base + j;
                for (int i = 0; i < terms; i++) {
                    sum = Math.fma(packed[packedAt + i * block + cb], in[at + offsets[i]], sum);
                }
                row[out + j] = sum;
            }
        }
    }

    @Override
    public void depthwiseRow(float[] in, int base, int[] offsets, float[] weights, int weightsAt, float bias,
            float[] out, int to, int width) {
        for (int j = 0; j < width; j++) {
            float sum = 0;
            for (int t = 0; t < offsets.length; t++) {
                sum = Math.fma(weights[weightsAt + t], in[base + offsets[t] + j], sum);
            }
            out[to + j] = sum + bias;
        }
    }

    @Override
    public void store(float[] row, int from, float shift, float[] out, int to, int width) {
        for (int j = 0; j < width; j++) {
            out[to + j] = row[from + j] + shift;
        }
    }
}
