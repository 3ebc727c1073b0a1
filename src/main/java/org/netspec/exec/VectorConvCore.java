package org.netspec.exec;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link ConvCore} with the Vector API: the widest vectors the CPU has (16 floats with AVX-512)
 * along the output row, register-tiled as 4 output channels x 4 vectors (16 accumulators), so
 * each input vector loaded feeds 4 fused multiply-adds and each broadcast weight 4. With 512-bit
 * vectors (and so 32 vector registers) a row starts with tiles of 4 x 6, 24 accumulators: 6% faster
 * on the 3x3 convolution benchmark, but more than 16 registers hold. A depthwise row runs 4 vectors
 * a pass, each broadcast weight feeding 4, and stores its last partial vector through a mask so it
 * writes the output in place. Loaded by name from {@link ConvCore#fastest()} only when the
 * incubator module is present.
 */
final class VectorConvCore implements ConvCore {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final boolean WIDE_TILES = S.vectorBitSize() >= 512;

    @Override
    public int slack() {
        return L;
    }

    @Override
    public String description() {
        return "Vector API, " + L + " floats per vector";
    }

    @Override
    public void row(float[] in, int base, int[] offsets, int terms, float[] packed, int packedAt, int block, float[] row,
            int rowLength, int width) {
        int end = (width + L - 1) / L * L;
        int j = 0;
        if (block == BLOCK) {
            for (; WIDE_TILES && j + 6 * L <= end; j += 6 * L) {
                block4x6(in, base + j, offsets, terms, packed, packedAt, row, rowLength, j);
            }
            for (; j + 4 * L <= end; j += 4 * L) {
                block4x4(in, base + j, offsets, terms, packed, packedAt, row, rowLength, j);
            }
            for (; j < end; j += L) {
                block4x1(in, base + j, offsets, terms, packed, packedAt, row, rowLength, j);
            }
        } else {
            for (; j + 4 * L <= end; j += 4 * L) {
                block1x4(in, base + j, offsets, terms, packed, packedAt, row, j);
            }
            for (; j < end; j += L) {
                block1x1(in, base + j, offsets, terms, packed, packedAt, row, j);
            }
        }
    }

    // The tiles are written out by hand: the JIT keeps accumulators in registers only as locals.
    private static void block4x6(float[] in, int base, int[] offsets, int terms, float[] packed, int packedAt,
            float[] row, int rowLength, int j) {
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a03 = a00;
        FloatVector a04 = a00;
        FloatVector a05 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a13 = a00;
        FloatVector a14 = a00;
        FloatVector a15 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        FloatVector a23 = a00;
        FloatVector a24 = a00;
        FloatVector a25 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a32 = a00;
        FloatVector a33 = a00;
        FloatVector a34 = a00;
        FloatVector a35 = a00;
        int w = packedAt;
        for (int i = 0; i < terms; i++) {
            int at = base + offsets[i];
            FloatVector x0 = FloatVector.fromArray(S, in, at);
            FloatVector x1 = FloatVector.fromArray(S, in, at + L);
            FloatVector x2 = FloatVector.fromArray(S, in, at + 2 * L);
            FloatVector x3 = FloatVector.fromArray(S, in, at + 3 * L);
            FloatVector x4 = FloatVector.fromArray(S, in, at + 4 * L);
            FloatVector x5 = FloatVector.fromArray(S, in, at + 5 * L);
            FloatVector k = FloatVector.broadcast(S, packed[w]);
            a00 = x0.fma(k, a00);
            a01 = x1.fma(k, a01);
            a02 = x2.fma(k, a02);
            a03 = x3.fma(k, a03);
            a04 = x4.fma(k, a04);
            a05 = x5.fma(k, a05);
            k = FloatVector.broadcast(S, packed[w + 1]);
            a10 = x0.fma(k, a10);
            a11 = x1.fma(k, a11);
            a12 = x2.fma(k, a12);
            a13 = x3.fma(k, a13);
            a14 = x4.fma(k, a14);
            a15 = x5.fma(k, a15);
            k = FloatVector.broadcast(S, packed[w + 2]);
            a20 = x0.fma(k, a20);
            a21 = x1.fma(k, a21);
            a22 = x2.fma(k, a22);
            a23 = x3.fma(k, a23);
            a24 = x4.fma(k, a24);
            a25 = x5.fma(k, a25);
            k = FloatVector.broadcast(S, packed[w + 3]);
            a30 = x0.fma(k, a30);
            a31 = x1.fma(k, a31);
            a32 = x2.fma(k, a32);
            a33 = x3.fma(k, a33);
            a34 = x4.fma(k, a34);
            a35 = x5.fma(k, a35);
            w += 4;
        }
        a00.intoArray(row, j);
        a01.intoArray(row, j + L);
        a02.intoArray(row, j + 2 * L);
        a03.intoArray(row, j + 3 * L);
        a04.intoArray(row, j + 4 * L);
        a05.intoArray(row, j + 5 * L);
        a10.intoArray(row, rowLength + j);
        a11.intoArray(row, rowLength + j + L);
        a12.intoArray(row, rowLength + j + 2 * L);
        a13.intoArray(row, rowLength + j + 3 * L);
        a14.intoArray(row, rowLength + j + 4 * L);
        a15.intoArray(row, rowLength + j + 5 * L);
        a20.intoArray(row, 2 * rowLength + j);
        a21.intoArray(row, 2 * rowLength + j + L);
        a22.intoArray(row, 2 * rowLength + j + 2 * L);
        a23.intoArray(row, 2 * rowLength + j + 3 * L);
        a24.intoArray(row, 2 * rowLength + j + 4 * L);
        a25.intoArray(row, 2 * rowLength + j + 5 * L);
        a30.intoArray(row, 3 * rowLength + j);
        a31.intoArray(row, 3 * rowLength + j + L);
        a32.intoArray(row, 3 * rowLength + j + 2 * L);
        a33.intoArray(row, 3 * rowLength + j + 3 * L);
        a34.intoArray(row, 3 * rowLength + j + 4 * L);
        a35.intoArray(row, 3 * rowLength + j + 5 * L);
    }

    private static void block4x4(float[] in, int base, int[] offsets, int terms, float[] packed, int packedAt,
            float[] row, int rowLength, int j) {
        FloatVector a00 = FloatVector.zero(S);
        FloatVector a01 = a00;
        FloatVector a02 = a00;
        FloatVector a03 = a00;
        FloatVector a10 = a00;
        FloatVector a11 = a00;
        FloatVector a12 = a00;
        FloatVector a13 = a00;
        FloatVector a20 = a00;
        FloatVector a21 = a00;
        FloatVector a22 = a00;
        FloatVector a23 = a00;
        FloatVector a30 = a00;
        FloatVector a31 = a00;
        FloatVector a32 = a00;
        FloatVector a33 = a00;
        int w = packedAt;
        for (int i = 0; i < terms; i++) {
            int at = base + offsets[i];
            FloatVector x0 = FloatVector.fromArray(S, in, at);
            FloatVector x1 = FloatVector.fromArray(S, in, at + L);
            FloatVector x2 = FloatVector.fromArray(S, in, at + 2 * L);
            FloatVector x3 = FloatVector.fromArray(S, in, at + 3 * L);
            FloatVector k = FloatVector.broadcast(S, packed[w]);
            a00 = x0.fma(k, a00);
            a01 = x1.fma(k, a01);
            a02 = x2.fma(k, a02);
            a03 = x3.fma(k, a03);
            k = FloatVector.broadcast(S, packed[w + 1]);
            a10 = x0.fma(k, a10);
            a11 = x1.fma(k, a11);
            a12 = x2.fma(k, a12);
            a13 = x3.fma(k, a13);
            k = FloatVector.broadcast(S, packed[w + 2]);
            a20 = x0.fma(k, a20);
            a21 = x1.fma(k, a21);
            a22 = x2.fma(k, a22);
            a23 = x3.fma(k, a23);
            k = FloatVector.broadcast(S, packed[w + 3]);
            a30 = x0.fma(k, a30);
            a31 = x1.fma(k, a31);
            a32 = x2.fma(k, a32);
            a33 = x3.fma(k, a33);
            w += 4;
        }
        a00.intoArray(row, j);
        a01.intoArray(row, j + L);
        a02.intoArray(row, j + 2 * L);
        a03.intoArray(row, j + 3 * L);
        a10.intoArray(row, rowLength + j);
        a11.intoArray(row, rowLength + j + L);
        a12.intoArray(row, rowLength + j + 2 * L);
        a13.intoArray(row, rowLength + j + 3 * L);
        a20.intoArray(row, 2 * rowLength + j);
        a21.intoArray(row, 2 * rowLength + j + L);
        a22.intoArray(row, 2 * rowLength + j + 2 * L);
        a23.intoArray(row, 2 * rowLength + j + 3 * L);
        a30.intoArray(row, 3 * rowLength + j);
        a31.intoArray(row, 3 * rowLength + j + L);
        a32.intoArray(row, 3 * rowLength + j + 2 * L);
        a33.intoArray(row, 3 * rowLength + j + 3 * L);
    }

    private static void block4x1(float[] in, int base, int[] offsets, int terms, float[] packed, int packedAt,
            float[] row, int rowLength, int j) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int w = packedAt;
        for (int i = 0; i < terms; i++) {
            FloatVector x = FloatVector.fromArray(S, in, base + offsets[i]);
            a0 = x.fma(FloatVector.broadcast(S, packed[w]), a0);
            a1 = x.fma(FloatVector.broadcast(S, packed[w + 1]), a1);
            a2 = x.fma(FloatVector.broadcast(S, packed[w + 2]), a2);
            a3 = x.fma(FloatVector.broadcast(S, packed[w + 3]), a3);
            w += 4;
        }
        a0.intoArray(row, j);
        a1.intoArray(row, rowLength + j);
        a2.intoArray(row, 2 * rowLength + j);
        a3.intoArray(row, 3 * rowLength + j);
    }

    private static void block1x4(float[] in, int base, int[] offsets, int terms, float[] packed, int packedAt,
            float[] row, int j) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        int w = packedAt;
        for (int i = 0; i < terms; i++) {
            int at = base + offsets[i];
            FloatVector k = FloatVector.broadcast(S, packed[w++]);
            a0 = FloatVector.fromArray(S, in, at).fma(k, a0);
            a1 = FloatVector.fromArray(S, in, at + L).fma(k, a1);
            a2 = FloatVector.fromArray(S, in, at + 2 * L).fma(k, a2);
            a3 = FloatVector.fromArray(S, in, at + 3 * L).fma(k, a3);
        }
        a0.intoArray(row, j);
        a1.intoArray(row, j + L);
        a2.intoArray(row, j + 2 * L);
        a3.intoArray(row, j + 3 * L);
    }

    private static void block1x1(float[] in, int base, int[] offsets, int terms, float[] packed, int packedAt,
            float[] row, int j) {
        FloatVector a = FloatVector.zero(S);
        int w = packedAt;
        for (int i = 0; i < terms; i++) {
            a = FloatVector.fromArray(S, in, base + offsets[i]).fma(FloatVector.broadcast(S, packed[w++]), a);
        }
        a.intoArray(row, j);
    }

    @Override
    public void depthwiseRow(float[] in, int base, int[] offsets, float[] weights, int weightsAt, float bias,
            float[] out, int to, int width) {
        FloatVector shift = FloatVector.broadcast(S, bias);
        int taps = offsets.length;
        int j = 0;
        for (; j + 4 * L <= width; j += 4 * L) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int t = 0; t < taps; t++) {
                int at = base + offsets[t] + j;
                FloatVector k = FloatVector.broadcast(S, weights[weightsAt + t]);
                a0 = FloatVector.fromArray(S, in, at).fma(k, a0);
                a1 = FloatVector.fromArray(S, in, at + L).fma(k, a1);
                a2 = FloatVector.fromArray(S, in, at + 2 * L).fma(k, a2);
                a3 = FloatVector.fromArray(S, in, at + 3 * L).fma(k, a3);
            }
            a0.add(shift).intoArray(out, to + j);
            a1.add(shift).intoArray(out, to + j + L);
            a2.add(shift).intoArray(out, to + j + 2 * L);
            a3.add(shift).intoArray(out, to + j + 3 * L);
        }
        for (; j < width; j += L) {
            FloatVector a = FloatVector.zero(S);
            for (int t = 0; t < taps; t++) {
                a = FloatVector.fromArray(S, in, base + offsets[t] + j).fma(FloatVector.broadcast(S, weights[weightsAt + t]), a);
            }
            if (j + L <= width) {
                a.add(shift).intoArray(out, to + j);
            } else {
                VectorMask<Float> inside = S.indexInRange(j, width);
                a.add(shift).intoArray(out, to + j, inside);
            }
        }
    }

    @Override
    public void store(float[] row, int from, float shift, float[] out, int to, int width) {
        FloatVector b = FloatVector.broadcast(S, shift);
        int j = 0;
        for (; j + L <= width; j += L) {
            FloatVector.fromArray(S, row, from + j).add(b).intoArray(out, to + j);
        }
        if (j < width) {
            VectorMask<Float> inside = S.indexInRange(j, width);
            FloatVector.fromArray(S, row, from + j).add(b).intoArray(out, to + j, inside);
        }
    }
}
