package org.netspec.exec;

/**
 * A convolution's weights reordered for {@link ConvCore}: per group, blocks of
 * {@link ConvCore#BLOCK} output channels and then single ones, each block laid out as
 * [input channel of the group][tap][output channel of the block].
 */
final class PackedWeights {
    /** The weight of output channel {@code out} (in the whole layer) for input channel {@code in} of its group at a tap. */
    @FunctionalInterface
    interface Source {
        float weight(int out, int in, int tap);
    }

    final float[] values;
    final int[] group;
    final int[] firstOut;
    final int[] size;
    final int[] at;
    /** Blocks of each group; group g has blocks [g * blocksPerGroup, (g + 1) * blocksPerGroup). */
    final int blocksPerGroup;

    PackedWeights(int groups, int outPerGroup, int inPerGroup, int taps, Source source) {
        int perGroup = outPerGroup / ConvCore.BLOCK + outPerGroup % ConvCore.BLOCK;
        int blocks = groups * perGroup;
        blocksPerGroup = perGroup;
        group = new int[blocks];
        firstOut = new int[blocks];
        size = new int[blocks];
        at = new int[blocks];
        values = new float[Math.multiplyExact(Math.multiplyExact(groups * outPerGroup, inPerGroup), taps)];
        int b = 0;
        int next = 0;
        for (int g = 0; g < groups; g++) {
            for (int o = 0; o < outPerGroup; o += size[b - 1]) {
                group[b] = g;
                firstOut[b] = g * outPerGroup + o;
                size[b] = outPerGroup - o >= ConvCore.BLOCK ? ConvCore.BLOCK : 1;
                at[b] = next;
                for (int ci = 0; ci < inPerGroup; ci++) {
                    for (int t = 0; t < taps; t++) {
                        for (int cb = 0; cb < size[b]; cb++) {
                            values[next++] = source.weight(firstOut[b] + cb, ci, t);
                        }
                    }
                }
                b++;
            }
        }
    }

    int blocks() {
        return group.length;
    }
}
