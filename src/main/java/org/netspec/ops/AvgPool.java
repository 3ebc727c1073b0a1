package org.netspec.ops;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * 2-D average pooling (PyTorch {@code nn.AvgPool2d}). Its cost follows the values each window
 * actually averages, so border windows under padding and ceil_mode are counted exactly.
 */
public final class AvgPool extends Operator {
    public static final Attribute<Pair> KERNEL = MaxPool.KERNEL;
    public static final Attribute<Pair> STRIDE = MaxPool.STRIDE;
    public static final Attribute<Pair> PADDING = MaxPool.PADDING;
    public static final Attribute<Boolean> CEIL_MODE = MaxPool.CEIL_MODE;
    public static final Attribute<Boolean> COUNT_INCLUDE_PAD = Attribute.bool("count_include_pad",
            "average over the zero padding too").withDefault(true);

    AvgPool() {
        super("avgpool", "2-D average pooling", 1, 1, KERNEL, STRIDE, PADDING, CEIL_MODE, COUNT_INCLUDE_PAD);
    }

    @Override
    public Category category() {
        return Category.POOLING;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        return MaxPool.pooled(inputs.get(0), a.get(KERNEL), MaxPool.stride(a), a.get(PADDING), Pair.square(1),
                a.get(CEIL_MODE));
    }

    /** Per output element, one op per value averaged: (values - 1) adds and one divide. */
    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        Shape in = inputs.get(0);
        Pair k = a.get(KERNEL);
        Pair s = MaxPool.stride(a);
        Pair p = a.get(PADDING);
        boolean includePad = a.get(COUNT_INCLUDE_PAD);
        long tapsH = taps(in.h(), k.h(), s.h(), p.h(), out.h(), includePad);
        long tapsW = taps(in.w(), k.w(), s.w(), p.w(), out.w(), includePad);
        return Cost.ops(Math.multiplyExact(Math.multiplyExact(in.n(), in.c()), Math.multiplyExact(tapsH, tapsW)));
    }

    /**
     * Taps inside the input, or with count_include_pad inside the input and its padding; a
     * ceil_mode window that runs past the padding does not count the positions beyond it.
     */
    private static long taps(long n, long k, long s, long p, long outputs, boolean includePad) {
        return includePad
                ? SlidingWindow.tapsInside(n + 2 * p, k, s, 0, 1, outputs)
                : SlidingWindow.tapsInside(n, k, s, p, 1, outputs);
    }

    /**
     * ONNX AveragePool (count_include_pad defaults to 0 in ONNX, to true in PyTorch). PyTorch's
     * exporter writes a padded average pool that counts its padding as a zero Pad before an
     * unpadded AveragePool: read from the AveragePool, the two are one netspec node again.
     */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("AveragePool", this::fromOnnx);
    }

    private List<OnnxImport> fromOnnx(OnnxReader node) {
        Shape in = node.inputShape(0);
        Pair k = OnnxWindows.kernel(node);
        Pair s = OnnxWindows.pair(node, "strides", Pair.square(1));
        Pair p = OnnxWindows.symmetric(OnnxWindows.pads(node, in, k, s, Pair.square(1)));
        boolean includePad = node.integer("count_include_pad", 0) != 0;
        String x = node.inputs().get(0);
        OnnxReader pad = OnnxWindows.isDefault(p, 0) ? zeroPadding(node, x, k) : null;
        if (pad != null) {
            long[] pads = pad.constantInts(1);
            p = new Pair(pads[2], pads[3]);
            includePad = true;
            x = pad.inputs().get(0);
            pad.inputShape(0);
        }
        OnnxImport pool = OnnxImport.of(this, List.of(x)).set(KERNEL.name(), OnnxWindows.value(k));
        if (!s.equals(k)) {
            pool.set(STRIDE.name(), OnnxWindows.value(s));
        }
        if (!OnnxWindows.isDefault(p, 0)) {
            pool.set(PADDING.name(), OnnxWindows.value(p));
            if (!includePad) {
                pool.set(COUNT_INCLUDE_PAD.name(), false);
            }
        }
        if (node.integer("ceil_mode", 0) != 0) {
            pool.set(CEIL_MODE.name(), true);
        }
        if (pad != null) {
            pool.claim(pad);
        }
        return List.of(pool);
    }

    /**
     * The Pad node before an unpadded pool that pads only H and W, equally on both sides, with
     * zeros, at most half the kernel (PyTorch's limit); null when there is none.
     */
    private static OnnxReader zeroPadding(OnnxReader pool, String x, Pair k) {
        OnnxReader pad = pool.producer(x).filter(n -> n.opType().equals("Pad")).orElse(null);
        if (pad == null || pool.readers(x) != 1 || !pad.text("mode").orElse("constant").equals("constant")
                || pad.input(3).isPresent() || pad.input(2).isPresent() && !isZero(pad.floats(pad.inputs().get(2)))) {
            return null;
        }
        long[] pads = pad.input(1).flatMap(pad::ints).orElse(null);
        if (pads == null || pads.length != 8 || pads[0] != 0 || pads[1] != 0 || pads[4] != 0 || pads[5] != 0
                || pads[2] != pads[6] || pads[3] != pads[7] || pads[2] < 0 || pads[3] < 0 || pads[2] > k.h() / 2
                || pads[3] > k.w() / 2) {
            return null;
        }
        return pad;
    }

    private static boolean isZero(Optional<float[]> values) {
        return values.isPresent() && values.get().length == 1 && values.get()[0] == 0;
    }

    @Override
    public String costRule() {
        return "per output element, 1 op per value averaged ((values - 1) adds, 1 divide): values inside the input, "
                + "and inside its padding if count_include_pad";
    }

    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        Pair k = a.get(KERNEL);
        Pair s = MaxPool.stride(a);
        Pair p = a.get(PADDING);
        onnx.node("AveragePool", List.of(onnx.input(0)), onnx.output())
                .ints("kernel_shape", k.h(), k.w())
                .ints("strides", s.h(), s.w())
                .ints("pads", p.h(), p.w(), p.h(), p.w())
                .attribute("ceil_mode", a.get(CEIL_MODE) ? 1 : 0)
                .attribute("count_include_pad", a.get(COUNT_INCLUDE_PAD) ? 1 : 0);
    }

    /**
     * The mean of each window: the sum of the values inside the input, divided by the window's
     * positions inside the padded input (count_include_pad) or inside the input only.
     */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        Pair k = a.get(KERNEL);
        Pair s = MaxPool.stride(a);
        Pair p = a.get(PADDING);
        boolean includePad = a.get(COUNT_INCLUDE_PAD);
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = Kernels.poolWindows(h, p.h(), k.h(), s.h(), a.get(CEIL_MODE));
        int ow = Kernels.poolWindows(w, p.w(), k.w(), s.w(), a.get(CEIL_MODE));
        Tensor y = Tensor.zeros(Shape.nchw(n, c, oh, ow));
        float[] in = x.data();
        float[] out = y.data();
        for (int plane = 0; plane < n * c; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float sum = 0;
                    int inside = 0;
                    int insidePadded = 0;
                    for (int i = 0; i < k.h(); i++) {
                        long iy = oy * s.h() - p.h() + i;
                        for (int j = 0; j < k.w(); j++) {
                            long ix = ox * s.w() - p.w() + j;
                            if (iy < h + p.h() && ix < w + p.w()) {
                                insidePadded++;
                            }
                            if (iy >= 0 && iy < h && ix >= 0 && ix < w) {
                                sum += in[(int) ((long) plane * h * w + iy * w + ix)];
                                inside++;
                            }
                        }
                    }
                    out[(plane * oh + oy) * ow + ox] = sum / (includePad ? insidePadded : inside);
                }
            }
        }
        return y;
    }

    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.window(a.get(KERNEL).along(heightAxis), MaxPool.stride(a).along(heightAxis), 1,
                a.get(PADDING).along(heightAxis));
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return ChannelFlow.PER_CHANNEL;
    }

    /** {@code nn.AvgPool2d}, whose border divisors are netspec's. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.module("nn.AvgPool2d").arg("kernel_size", a.get(KERNEL)).kw("stride", MaxPool.stride(a), a.get(KERNEL))
                .kw("padding", a.get(PADDING), 0L).kw("ceil_mode", a.get(CEIL_MODE), false)
                .kw("count_include_pad", a.get(COUNT_INCLUDE_PAD), true);
    }
}
