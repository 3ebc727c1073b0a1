package org.netspec.kernels;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netspec.ops.Tensor;

/**
 * Small convolution cases of every kind, with odd sizes and padding at the borders: dense,
 * grouped, depthwise, dilated, strided, asymmetric, `same`, and transposed ones with output_padding.
 */
public final class ConvCases {
    /** A case: its spec attributes, input, weights and the naive result. */
    public record Case(String name, String op, Map<String, Object> attributes, Tensor input, List<float[]> weights,
            Tensor expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    private ConvCases() {
    }

    /** cin, cout, h, w, kh, kw, sh, sw, ph, pw, dh, dw, groups, bias. */
    private static final int[][] CONV = {
        {3, 8, 9, 11, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
        {5, 7, 13, 17, 3, 3, 2, 2, 1, 1, 1, 1, 1, 0},
        {4, 6, 7, 5, 1, 1, 1, 1, 0, 0, 1, 1, 2, 1},
        {6, 6, 10, 21, 3, 3, 1, 1, 2, 2, 2, 2, 6, 0},
        {8, 12, 9, 9, 3, 3, 1, 1, 4, 4, 4, 4, 4, 1},
        {4, 5, 12, 19, 5, 1, 1, 1, 2, 0, 1, 1, 1, 1},
        {4, 5, 12, 19, 1, 5, 1, 1, 0, 2, 1, 1, 1, 1},
        {3, 4, 8, 8, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1},
        {16, 9, 6, 70, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1},
        {2, 4, 15, 23, 7, 3, 3, 2, 3, 1, 2, 1, 2, 1},
        {3, 3, 5, 5, 3, 3, 1, 1, 0, 0, 1, 1, 1, 0},
        {12, 24, 11, 37, 3, 3, 2, 2, 1, 1, 1, 1, 12, 0},
        {16, 9, 33, 37, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1},
        {8, 8, 9, 9, 1, 1, 2, 2, 0, 0, 1, 1, 1, 0},
        {8, 8, 7, 6, 1, 1, 1, 1, 1, 1, 1, 1, 4, 1},
    };

    /** cin, cout, h, w, kh, kw, sh, sw, ph, pw, oph, opw, dh, dw, groups, bias. */
    private static final int[][] TRANSPOSED = {
        {4, 6, 5, 7, 2, 2, 2, 2, 0, 0, 0, 0, 1, 1, 1, 1},
        {4, 3, 6, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1},
        {6, 4, 5, 9, 3, 3, 2, 2, 1, 1, 0, 1, 1, 1, 2, 0},
        {3, 5, 4, 6, 3, 2, 3, 2, 0, 1, 2, 0, 1, 1, 1, 1},
        {4, 4, 7, 7, 3, 3, 1, 1, 1, 1, 0, 0, 2, 2, 4, 1},
        {2, 3, 5, 33, 4, 4, 2, 2, 1, 1, 0, 0, 1, 1, 1, 1},
        {5, 7, 3, 4, 3, 3, 2, 2, 2, 2, 1, 1, 2, 2, 1, 0},
    };

    public static List<Case> convolutions() {
        List<Case> cases = new ArrayList<>();
        int seed = 0;
        for (int[] c : CONV) {
            seed++;
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("out", (long) c[1]);
            a.put("kernel", List.of((long) c[4], (long) c[5]));
            a.put("stride", List.of((long) c[6], (long) c[7]));
            a.put("padding", List.of((long) c[8], (long) c[9]));
            a.put("dilation", List.of((long) c[10], (long) c[11]));
            a.put("groups", (long) c[12]);
            a.put("bias", c[13] == 1);
            Tensor x = Naive.random(seed, 1 + seed % 2, c[0], c[2], c[3]);
            float[] w = Naive.randomValues(100 + seed, c[1] * c[0] / c[12] * c[4] * c[5], -0.5f, 0.5f);
            float[] b = c[13] == 1 ? Naive.randomValues(200 + seed, c[1], -0.5f, 0.5f) : null;
            Tensor expected = Naive.conv(x, w, b, c[1], c[4], c[5], c[6], c[7], c[8], c[8], c[9], c[9], c[10], c[11], c[12]);
            cases.add(new Case("conv " + a, "conv", a, x, b == null ? List.of(w) : List.of(w, b), expected));
        }
        // `same` with an even dilated extent pads the smaller half before: 4 -> 1 before, 2 after
        Map<String, Object> same = Map.of("out", 3L, "kernel", 2L, "dilation", 3L, "padding", "same", "bias", false);
        Tensor x = Naive.random(50, 1, 2, 9, 10);
        float[] w = Naive.randomValues(51, 3 * 2 * 2 * 2, -0.5f, 0.5f);
        cases.add(new Case("conv same even", "conv", same, x, List.of(w), Naive.conv(x, w, null, 3, 2, 2, 1, 1, 1, 2, 1, 2,
                3, 3, 1)));
        return cases;
    }

    public static List<Case> transposed() {
        List<Case> cases = new ArrayList<>();
        int seed = 0;
        for (int[] c : TRANSPOSED) {
            seed++;
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("out", (long) c[1]);
            a.put("kernel", List.of((long) c[4], (long) c[5]));
            a.put("stride", List.of((long) c[6], (long) c[7]));
            a.put("padding", List.of((long) c[8], (long) c[9]));
            a.put("output_padding", List.of((long) c[10], (long) c[11]));
            a.put("dilation", List.of((long) c[12], (long) c[13]));
            a.put("groups", (long) c[14]);
            a.put("bias", c[15] == 1);
            Tensor x = Naive.random(300 + seed, 1 + seed % 2, c[0], c[2], c[3]);
            float[] w = Naive.randomValues(400 + seed, c[0] * (c[1] / c[14]) * c[4] * c[5], -0.5f, 0.5f);
            float[] b = c[15] == 1 ? Naive.randomValues(500 + seed, c[1], -0.5f, 0.5f) : null;
            Tensor expected = Naive.convTranspose(x, w, b, c[1], c[4], c[5], c[6], c[7], c[8], c[9], c[10], c[11], c[12],
                    c[13], c[14]);
            cases.add(new Case("conv_transpose " + a, "conv_transpose", a, x, b == null ? List.of(w) : List.of(w, b),
                    expected));
        }
        return cases;
    }
}
