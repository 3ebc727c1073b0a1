package org.netspec.ops;

import java.util.List;
import java.util.Map;

/**
 * 2-D max pooling (PyTorch {@code nn.MaxPool2d}). With {@code indices: true} it also produces the
 * arg-max positions, which a {@link MaxUnpool} (ENet's decoder) scatters its values back to.
 */
public final class MaxPool extends Operator {
    public static final Attribute<Pair> KERNEL = Attribute.pair("kernel", "window size, h or [h, w]").atLeast(1);
    public static final Attribute<Pair> STRIDE = Attribute.pair("stride", "window step; the kernel size if absent")
            .atLeast(1).optional();
    public static final Attribute<Pair> PADDING = Attribute.pair("padding", "implicit padding per side, at most half the kernel")
            .atLeast(0).withDefault(Pair.square(0));
    public static final Attribute<Pair> DILATION = Conv.DILATION;
    public static final Attribute<Boolean> CEIL_MODE = Attribute.bool("ceil_mode", "round the output size up instead of down")
            .withDefault(false);
    public static final Attribute<Boolean> INDICES = Attribute.bool("indices", "also produce arg-max indices for max_unpool")
            .withDefault(false);

    MaxPool() {
        super("maxpool", "2-D max pooling", 1, 1, KERNEL, STRIDE, PADDING, DILATION, CEIL_MODE, INDICES);
    }

    @Override
    public Category category() {
        return Category.POOLING;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        return pooled(inputs.get(0), a.get(KERNEL), stride(a), a.get(PADDING), a.get(DILATION), a.get(CEIL_MODE));
    }

    /** The stride of a pooling node: PyTorch takes the kernel size when none is given. */
    static Pair stride(Attributes a) {
        return a.find(STRIDE).orElseGet(() -> a.get(KERNEL));
    }

    /** The pooled shape, with PyTorch's rule that padding is at most half the kernel on each axis. */
    static Shape pooled(Shape in, Pair k, Pair s, Pair p, Pair d, boolean ceil) {
        if (p.h() > k.h() / 2 || p.w() > k.w() / 2) {
            throw new OperatorException("padding " + p + " is more than half the kernel " + k + ", which PyTorch rejects",
                    "padding");
        }
        long h = SlidingWindow.outputLength("H", in.h(), k.h(), s.h(), p.h(), p.h(), d.h(), ceil);
        long w = SlidingWindow.outputLength("W", in.w(), k.w(), s.w(), p.w(), p.w(), d.w(), ceil);
        return in.withSpatial(h, w);
    }

    /** Each window compares the values it reads inside the input: one comparison fewer than values. */
    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        Shape in = inputs.get(0);
        Pair k = a.get(KERNEL);
        Pair s = stride(a);
        Pair p = a.get(PADDING);
        Pair d = a.get(DILATION);
        long tapsH = SlidingWindow.tapsInside(in.h(), k.h(), s.h(), p.h(), d.h(), out.h());
        long tapsW = SlidingWindow.tapsInside(in.w(), k.w(), s.w(), p.w(), d.w(), out.w());
        long taps = Math.multiplyExact(Math.multiplyExact(in.n(), in.c()), Math.multiplyExact(tapsH, tapsW));
        return Cost.ops(taps - out.elements());
    }

    /**
     * ONNX MaxPool; when its second output, the arg-max indices, is read (by a MaxUnpool), the
     * netspec node keeps its indices. ONNX's stride defaults to 1, PyTorch's to the kernel.
     */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("MaxPool", this::fromOnnx);
    }

    private List<OnnxImport> fromOnnx(OnnxReader node) {
        Shape in = node.inputShape(0);
        Pair k = OnnxWindows.kernel(node);
        Pair s = OnnxWindows.pair(node, "strides", Pair.square(1));
        Pair d = OnnxWindows.pair(node, "dilations", Pair.square(1));
        Pair p = OnnxWindows.symmetric(OnnxWindows.pads(node, in, k, s, d));
        OnnxImport pool = OnnxImport.of(this, List.of(node.inputs().get(0))).set(KERNEL.name(), OnnxWindows.value(k));
        if (!s.equals(k)) {
            pool.set(STRIDE.name(), OnnxWindows.value(s));
        }
        if (!OnnxWindows.isDefault(p, 0)) {
            pool.set(PADDING.name(), OnnxWindows.value(p));
        }
        if (!OnnxWindows.isDefault(d, 1)) {
            pool.set(DILATION.name(), OnnxWindows.value(d));
        }
        if (node.integer("ceil_mode", 0) != 0) {
            pool.set(CEIL_MODE.name(), true);
        }
        if (node.isRead(1)) {
            pool.set(INDICES.name(), true);
        }
        return List.of(pool);
    }

    @Override
    public String costRule() {
        return "per output element, (values read inside the input - 1) comparisons; no params";
    }

    /**
     * ONNX MaxPool; with {@code indices: true} its second output, the arg-max positions, feeds the
     * paired max-unpooling (ONNX counts them over the whole tensor, see {@link MaxUnpool#toOnnx}).
     */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        Pair k = a.get(KERNEL);
        Pair s = stride(a);
        Pair p = a.get(PADDING);
        Pair d = a.get(DILATION);
        String[] outputs = a.get(INDICES) ? new String[] {onnx.output(), onnx.indicesOutput()} : new String[] {onnx.output()};
        onnx.node("MaxPool", List.of(onnx.input(0)), outputs)
                .ints("kernel_shape", k.h(), k.w())
                .ints("strides", s.h(), s.w())
                .ints("pads", p.h(), p.w(), p.h(), p.w())
                .ints("dilations", d.h(), d.w())
                .attribute("ceil_mode", a.get(CEIL_MODE) ? 1 : 0);
    }

    /**
     * The largest value each window reads inside the input (padding never wins), and with
     * {@code indices: true} its position {@code y * W + x}; ties keep the first in scan order.
     */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        Pair k = a.get(KERNEL);
        Pair s = stride(a);
        Pair p = a.get(PADDING);
        Pair d = a.get(DILATION);
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = Kernels.poolWindows(h, p.h(), d.h() * (k.h() - 1) + 1, s.h(), a.get(CEIL_MODE));
        int ow = Kernels.poolWindows(w, p.w(), d.w() * (k.w() - 1) + 1, s.w(), a.get(CEIL_MODE));
        Shape shape = Shape.nchw(n, c, oh, ow);
        float[] in = x.data();
        float[] out = new float[Tensor.checkedSize(shape)];
        long[] indices = a.get(INDICES) ? new long[out.length] : null;
        for (int plane = 0; plane < n * c; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float best = Float.NEGATIVE_INFINITY;
                    long at = -1;
                    for (int i = 0; i < k.h(); i++) {
                        long iy = oy * s.h() - p.h() + i * d.h();
                        for (int j = 0; j < k.w(); j++) {
                            long ix = ox * s.w() - p.w() + j * d.w();
                            if (iy < 0 || iy >= h || ix < 0 || ix >= w) {
                                continue;
                            }
                            float v = in[(int) ((long) plane * h * w + iy * w + ix)];
                            if (at < 0 || v > best || Float.isNaN(v)) {
                                best = v;
                                at = iy * w + ix;
                            }
                        }
                    }
                    int o = (plane * oh + oy) * ow + ox;
                    out[o] = best;
                    if (indices != null) {
                        indices[o] = at;
                    }
                }
            }
        }
        return new Tensor(shape, out, indices);
    }

    @Override
    public long indexElements(Attributes a, Shape output) {
        return a.get(INDICES) ? output.elements() : 0;
    }

    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.window(a.get(KERNEL).along(heightAxis), stride(a).along(heightAxis),
                a.get(DILATION).along(heightAxis), a.get(PADDING).along(heightAxis));
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return ChannelFlow.PER_CHANNEL;
    }

    /** {@code nn.MaxPool2d}; with indices it returns the arg-max positions too, as netspec numbers them (y * W + x). */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        PyTorchWriter.Module pool = py.module("nn.MaxPool2d").arg("kernel_size", a.get(KERNEL))
                .kw("stride", stride(a), a.get(KERNEL)).kw("padding", a.get(PADDING), 0L)
                .kw("dilation", a.get(DILATION), 1L).kw("ceil_mode", a.get(CEIL_MODE), false);
        if (a.get(INDICES)) {
            pool.kw("return_indices", true).returnsIndices();
        }
    }
}
