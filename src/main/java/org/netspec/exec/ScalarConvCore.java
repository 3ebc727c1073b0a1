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
}
