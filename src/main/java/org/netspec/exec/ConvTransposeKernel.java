package org.netspec.exec;

import java.util.ArrayList;
import java.util.List;
import org.netspec.ops.Attributes;
import org.netspec.ops.ConvTranspose;
import org.netspec.ops.Pair;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/**
 * Fast 2-D transposed convolution without inserted zeros: output row {@code m * s + r - padding}
 * (phase r of stride s) receives only the taps i with {@code i * d = r (mod s)}, each from input
 * row {@code m - (i * d - r) / s}. So every pair of row and column phases is a stride-1
 * correlation over the input with its own taps, run by {@link ConvCore}, and the work is the MACs
 * counted from the input side, not s*s times more. Output rows are the parallel tasks.
 */
final class ConvTransposeKernel implements Kernel {
    private final ConvCore core;
    private final Parallel parallel;

    ConvTransposeKernel(ConvCore core, Parallel parallel) {
        this.core = core;
        this.parallel = parallel;
    }

    /** One axis: the output positions of each phase and the taps that reach them. */
    private record Axis(int stride, int pad, int out, int[] first, int[] last, int[][] taps, int[][] shifts, int margin) {
        static Axis of(long in, long kernel, long stride, long pad, long outputPad, long dilation) {
            int s = (int) stride;
            int out = (int) ((in - 1) * stride - 2 * pad + dilation * (kernel - 1) + outputPad + 1);
            int[] first = new int[s];
            int[] last = new int[s];
            int[][] taps = new int[s][];
            int[][] shifts = new int[s][];
            for (int r = 0; r < s; r++) {
                // m with 0 <= m * s + r - pad < out
                first[r] = Math.max(0, -Math.floorDiv(-(int) (pad - r), s));
                last[r] = Math.floorDiv((int) (out - 1 + pad - r), s);
                int phase = r;
                List<Integer> t = new ArrayList<>();
                for (int i = 0; i < kernel; i++) {
                    if (i * dilation % s == r) {
                        t.add(i);
                    }
                }
                taps[r] = t.stream().mapToInt(Integer::intValue).toArray();
                shifts[r] = t.stream().mapToInt(i -> (int) ((i * dilation - phase) / s)).toArray();
            }
            return new Axis(s, (int) pad, out, first, last, taps, shifts, (int) ((kernel - 1) * dilation / s));
        }

        /** Padded positions needed: the margin before the input, then the input or the furthest phase position. */
        int padded(long in, int slack) {
            int furthest = 0;
            for (int r = 0; r < stride; r++) {
                furthest = Math.max(furthest, last[r] + 1);
            }
            return margin + Math.max((int) in, furthest) + slack;
        }
    }

    private static Axis rows(Attributes a, Shape in) {
        return Axis.of(in.h(), a.get(ConvTranspose.KERNEL).h(), a.get(ConvTranspose.STRIDE).h(),
                a.get(ConvTranspose.PADDING).h(), a.get(ConvTranspose.OUTPUT_PADDING).h(), a.get(ConvTranspose.DILATION).h());
    }

    private static Axis columns(Attributes a, Shape in) {
        return Axis.of(in.w(), a.get(ConvTranspose.KERNEL).w(), a.get(ConvTranspose.STRIDE).w(),
                a.get(ConvTranspose.PADDING).w(), a.get(ConvTranspose.OUTPUT_PADDING).w(), a.get(ConvTranspose.DILATION).w());
    }

    /** Bytes of the padded planes this kernel allocates for an input. */
    static long scratchBytes(Attributes a, Shape in) {
        return PaddedPlanes.bytes(in.n() * in.c(), 1, rows(a, in).padded(in.h(), 0), columns(a, in).padded(in.w(), 64));
    }

    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        int n = x.dim(0);
        int cin = x.dim(1);
        int cout = Math.toIntExact(a.get(ConvTranspose.OUT));
        int groups = Math.toIntExact(a.get(ConvTranspose.GROUPS));
        int inPerGroup = cin / groups;
        int outPerGroup = cout / groups;
        Pair k = a.get(ConvTranspose.KERNEL);
        int kh = (int) k.h();
        int kw = (int) k.w();
        Axis ay = rows(a, x.shape());
        Axis ax = columns(a, x.shape());
        PaddedPlanes planes = new PaddedPlanes(x, 1, 1, ay.margin, ax.margin, ay.padded(x.dim(2), 0),
                ax.padded(x.dim(3), core.slack()), parallel, new Buffers(0));
        int columnsPerRow = planes.columns;
        float[] kernel = weights.get(0);
        int channelStride = planes.channelStride();
        int[][][] terms = new int[ay.stride][ax.stride][];
        PackedWeights[][] packed = new PackedWeights[ay.stride][ax.stride];
        for (int rh = 0; rh < ay.stride; rh++) {
            for (int rw = 0; rw < ax.stride; rw++) {
                int[] th = ay.taps[rh];
                int[] tw = ax.taps[rw];
                int taps = th.length * tw.length;
                int[] o = new int[taps];
                int[] tapIndex = new int[taps];
                for (int i = 0; i < th.length; i++) {
                    for (int j = 0; j < tw.length; j++) {
                        o[i * tw.length + j] = (ay.margin - ay.shifts[rh][i]) * columnsPerRow + ax.margin - ax.shifts[rw][j];
                        tapIndex[i * tw.length + j] = th[i] * kw + tw[j];
                    }
                }
                terms[rh][rw] = ConvCore.terms(inPerGroup, channelStride, o);
                // weight layout [Cin][Cout / groups][kh][kw]
                packed[rh][rw] = new PackedWeights(groups, outPerGroup, inPerGroup, taps, (out, in, t) ->
                        kernel[(((out / outPerGroup) * inPerGroup + in) * outPerGroup + out % outPerGroup) * kh * kw
                                + tapIndex[t]]);
            }
        }
        float[] bias = weights.size() > 1 ? weights.get(1) : new float[cout];
        Tensor y = Tensor.zeros(Shape.nchw(n, cout, ay.out, ax.out));
        float[] out = y.data();
        List<int[]> tasks = new ArrayList<>();
        for (int image = 0; image < n; image++) {
            for (int rh = 0; rh < ay.stride; rh++) {
                for (int m = ay.first[rh]; m <= ay.last[rh]; m++) {
                    tasks.add(new int[] {image, rh, m});
                }
            }
        }
        int rowLength = ax.out + core.slack();
        parallel.forEach(tasks.size(), task -> {
            int image = tasks.get(task)[0];
            int rh = tasks.get(task)[1];
            int m = tasks.get(task)[2];
            int oy = m * ay.stride + rh - ay.pad;
            float[] row = new float[ConvCore.BLOCK * rowLength];
            for (int rw = 0; rw < ax.stride; rw++) {
                int width = ax.last[rw] - ax.first[rw] + 1;
                if (width <= 0) {
                    continue;
                }
                PackedWeights p = packed[rh][rw];
                for (int b = 0; b < p.blocks(); b++) {
                    int base = (image * cin + p.group[b] * inPerGroup) * channelStride + m * columnsPerRow + ax.first[rw];
                    core.row(planes.values, base, terms[rh][rw], terms[rh][rw].length, p.values, p.at[b], p.size[b], row,
                            rowLength, width);
                    for (int cb = 0; cb < p.size[b]; cb++) {
                        int co = p.firstOut[b] + cb;
                        int to = ((image * cout + co) * ay.out + oy) * ax.out + ax.first[rw] * ax.stride + rw - ax.pad;
                        float shift = bias[co];
                        for (int j = 0; j < width; j++) {
                            out[to + j * ax.stride] = row[cb * rowLength + j] + shift;
                        }
                    }
                }
            }
        });
        return y;
    }
}
