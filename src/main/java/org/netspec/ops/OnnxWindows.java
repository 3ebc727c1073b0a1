package org.netspec.ops;

import java.util.Arrays;
import java.util.List;

/**
 * Reading the window attributes that ONNX's convolution and pooling nodes share (kernel_shape,
 * strides, dilations, pads, auto_pad) into netspec's per-axis values.
 */
final class OnnxWindows {
    private OnnxWindows() {
    }

    /** A two-value attribute ([h, w]), or {@code fallback} when absent. */
    static Pair pair(OnnxReader node, String attribute, Pair fallback) {
        List<Long> v = node.integers(attribute).orElse(null);
        if (v == null) {
            return fallback;
        }
        if (v.size() != 2) {
            throw new OperatorException("`" + attribute + "` has " + v.size() + " values; netspec reads 2-D windows");
        }
        return new Pair(v.get(0), v.get(1));
    }

    /** The window's `kernel_shape`, which pooling nodes must state. */
    static Pair kernel(OnnxReader node) {
        Pair k = pair(node, "kernel_shape", null);
        if (k == null) {
            throw new OperatorException("`kernel_shape` is missing");
        }
        return k;
    }

    /**
     * The zero padding [top, left, bottom, right] of a window over {@code in}: the {@code pads}
     * attribute, or what {@code auto_pad} computes (SAME_UPPER puts the odd row after, SAME_LOWER before).
     */
    static long[] pads(OnnxReader node, Shape in, Pair kernel, Pair stride, Pair dilation) {
        String auto = node.text("auto_pad").orElse("NOTSET");
        switch (auto) {
            case "NOTSET" -> {
                long[] pads = node.integers("pads").map(v -> v.stream().mapToLong(Long::longValue).toArray()).orElse(new long[4]);
                if (pads.length != 4) {
                    throw new OperatorException("`pads` has " + pads.length + " values; netspec reads 2-D windows");
                }
                if (Arrays.stream(pads).anyMatch(p -> p < 0)) {
                    throw new OperatorException("`pads` " + Arrays.toString(pads) + " crops the input");
                }
                return pads;
            }
            case "VALID" -> {
                return new long[4];
            }
            case "SAME_UPPER", "SAME_LOWER" -> {
                long totalH = samePadding(in.h(), kernel.h(), stride.h(), dilation.h());
                long totalW = samePadding(in.w(), kernel.w(), stride.w(), dilation.w());
                boolean upper = auto.equals("SAME_UPPER");
                long top = upper ? totalH / 2 : totalH - totalH / 2;
                long left = upper ? totalW / 2 : totalW - totalW / 2;
                return new long[] {top, left, totalH - top, totalW - left};
            }
            default -> throw new OperatorException("`auto_pad` " + auto + " is not an ONNX padding mode");
        }
    }

    /** The total padding that makes ceil(n / stride) outputs. */
    private static long samePadding(long n, long k, long s, long d) {
        long out = -Math.floorDiv(-n, s);
        return Math.max(0, (out - 1) * s + d * (k - 1) + 1 - n);
    }

    /** Padding equal on both sides of each axis, as pooling and transposed convolutions take it. */
    static Pair symmetric(long[] pads) {
        if (pads[0] != pads[2] || pads[1] != pads[3]) {
            throw new OperatorException("`pads` " + Arrays.toString(pads) + " pads the sides of an axis differently, "
                    + "which this netspec operator cannot express");
        }
        return new Pair(pads[0], pads[1]);
    }

    /** A per-axis value as a spec writes it: one number when both axes agree, else [h, w]. */
    static Object value(Pair p) {
        return p.isSquare() ? (Object) p.h() : List.of(p.h(), p.w());
    }

    /** Whether the node's attribute, or its absence, means {@code expected} for both axes. */
    static boolean isDefault(Pair p, long expected) {
        return p.h() == expected && p.w() == expected;
    }
}
