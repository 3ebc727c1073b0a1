package org.netspec.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * 2-D transposed convolution (PyTorch {@code nn.ConvTranspose2d}). Its MACs are counted from the
 * input side, so a stride-2 transposed convolution costs what the stride-2 convolution it
 * mirrors costs.
 */
public final class ConvTranspose extends Operator {
    public static final Attribute<Long> OUT = Conv.OUT;
    public static final Attribute<Pair> KERNEL = Conv.KERNEL;
    public static final Attribute<Pair> STRIDE = Conv.STRIDE;
    public static final Attribute<Pair> PADDING = Attribute.pair("padding", "padding removed from each side of the output")
            .atLeast(0).withDefault(Pair.square(0));
    public static final Attribute<Pair> OUTPUT_PADDING = Attribute.pair("output_padding",
            "extra rows and columns added after the output").atLeast(0).withDefault(Pair.square(0));
    public static final Attribute<Pair> DILATION = Conv.DILATION;
    public static final Attribute<Long> GROUPS = Conv.GROUPS;
    public static final Attribute<Boolean> BIAS = Conv.BIAS;

    ConvTranspose() {
        super("conv_transpose", "2-D transposed convolution", 1, 1,
                OUT, KERNEL, STRIDE, PADDING, OUTPUT_PADDING, DILATION, GROUPS, BIAS);
    }

    @Override
    public Category category() {
        return Category.TRANSPOSED_CONVOLUTION;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape in = inputs.get(0);
        Conv.checkGroups(in.c(), a.get(OUT), a.get(GROUPS));
        Pair k = a.get(KERNEL);
        Pair s = a.get(STRIDE);
        Pair p = a.get(PADDING);
        Pair op = a.get(OUTPUT_PADDING);
        Pair d = a.get(DILATION);
        if (op.h() >= Math.max(s.h(), d.h()) || op.w() >= Math.max(s.w(), d.w())) {
            throw new OperatorException("output_padding " + op + " must be smaller than the stride or the dilation",
                    "output_padding");
        }
        long h = outputLength("H", in.h(), k.h(), s.h(), p.h(), op.h(), d.h());
        long w = outputLength("W", in.w(), k.w(), s.w(), p.w(), op.w(), d.w());
        if (h <= 0 || w <= 0) {
            throw new OperatorException("padding " + p + " leaves no output (" + h + "x" + w + ")", "padding");
        }
        return Shape.nchw(in.n(), a.get(OUT), h, w);
    }

    /**
     * {@code (n - 1) * s - 2 * p + d * (k - 1) + op + 1}, each step checked: an overflow is reported
     * against the attribute that caused it, never as a wrapped-around size.
     */
    private static long outputLength(String axis, long n, long k, long s, long p, long op, long d) {
        long spread;
        try {
            spread = Math.multiplyExact(n - 1, s);
        } catch (ArithmeticException e) {
            throw SlidingWindow.overflow("stride " + s + " spreads " + n + " values on " + axis + " over", "stride");
        }
        long kernel = SlidingWindow.effectiveKernel(k, d);
        long full;
        try {
            full = Math.addExact(Math.addExact(spread, kernel), op);
        } catch (ArithmeticException e) {
            throw SlidingWindow.overflow("stride " + s + " and a kernel spanning " + kernel + " make " + axis,
                    spread >= kernel ? "stride" : d > 1 ? "dilation" : "kernel");
        }
        try {
            return full - Math.multiplyExact(2, p);
        } catch (ArithmeticException e) {
            throw SlidingWindow.overflow("padding " + p + " on both sides of " + axis + " removes", "padding");
        }
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        Shape in = inputs.get(0);
        Pair k = a.get(KERNEL);
        long weights = Math.multiplyExact(Math.multiplyExact(in.c(), out.c() / a.get(GROUPS)), Math.multiplyExact(k.h(), k.w()));
        boolean bias = a.get(BIAS);
        long macs = Math.multiplyExact(weights, Math.multiplyExact(in.n(), in.spatial()));
        return Cost.product(Cost.MacKind.CONV_TRANSPOSE, Math.addExact(weights, bias ? out.c() : 0), macs,
                bias ? out.elements() : 0);
    }

    /**
     * ONNX ConvTranspose: the weight [Cin, Cout/g, kh, kw] gives the channels and kernel; padding
     * removed equally from both sides, output_padding added after, as PyTorch's layer does.
     */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("ConvTranspose", this::fromOnnx);
    }

    private List<OnnxImport> fromOnnx(OnnxReader node) {
        Shape in = node.inputShape(0);
        String weight = node.input(1).orElseThrow(() -> new OperatorException("the weight input is missing"));
        long[] w = node.dims(weight).orElseThrow(() -> new OperatorException("the weight `" + weight + "` is not a constant"));
        if (w.length != 4) {
            throw new OperatorException("the weight is " + w.length + "-D; netspec reads 2-D transposed convolutions");
        }
        if (node.integers("output_shape").isPresent() || !node.text("auto_pad").orElse("NOTSET").equals("NOTSET")) {
            throw new OperatorException("the output size is given by `output_shape` or `auto_pad`; netspec reads "
                    + "`pads` and `output_padding`, as PyTorch's ConvTranspose2d takes them");
        }
        long groups = node.integer("group", 1);
        Pair k = OnnxWindows.pair(node, "kernel_shape", new Pair(w[2], w[3]));
        Pair s = OnnxWindows.pair(node, "strides", Pair.square(1));
        Pair d = OnnxWindows.pair(node, "dilations", Pair.square(1));
        Pair p = OnnxWindows.symmetric(OnnxWindows.pads(node, in, k, s, d));
        Pair op = OnnxWindows.pair(node, "output_padding", Pair.square(0));
        OnnxImport deconv = OnnxImport.of(this, List.of(node.inputs().get(0))).set(OUT.name(), w[1] * groups)
                .set(KERNEL.name(), OnnxWindows.value(k)).weight(weight);
        if (!OnnxWindows.isDefault(s, 1)) {
            deconv.set(STRIDE.name(), OnnxWindows.value(s));
        }
        if (!OnnxWindows.isDefault(p, 0)) {
            deconv.set(PADDING.name(), OnnxWindows.value(p));
        }
        if (!OnnxWindows.isDefault(op, 0)) {
            deconv.set(OUTPUT_PADDING.name(), OnnxWindows.value(op));
        }
        if (!OnnxWindows.isDefault(d, 1)) {
            deconv.set(DILATION.name(), OnnxWindows.value(d));
        }
        if (groups != 1) {
            deconv.set(GROUPS.name(), groups);
        }
        node.input(2).ifPresentOrElse(deconv::weight, () -> deconv.set(BIAS.name(), false));
        return List.of(deconv);
    }

    @Override
    public String costRule() {
        return "MACs = Cin*(Cout/g)*kh*kw*Hin*Win*N (input side); bias adds = output elements if biased";
    }

    /**
     * ONNX ConvTranspose with PyTorch's weight layout [Cin, Cout/g, kh, kw]; padding is removed from
     * both sides and output_padding added after, as in PyTorch.
     */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        Pair k = a.get(KERNEL);
        Pair s = a.get(STRIDE);
        Pair p = a.get(PADDING);
        Pair op = a.get(OUTPUT_PADDING);
        Pair d = a.get(DILATION);
        List<String> in = new ArrayList<>(List.of(onnx.input(0), onnx.weight("weight")));
        if (a.get(BIAS)) {
            in.add(onnx.weight("bias"));
        }
        onnx.node("ConvTranspose", in, onnx.output())
                .ints("kernel_shape", k.h(), k.w())
                .ints("strides", s.h(), s.w())
                .ints("pads", p.h(), p.w(), p.h(), p.w())
                .ints("output_padding", op.h(), op.w())
                .ints("dilations", d.h(), d.w())
                .attribute("group", a.get(GROUPS));
    }

    @Override
    public List<Weight> weights(Attributes a, List<Shape> inputs) {
        long cin = inputs.get(0).c();
        long coutPerGroup = a.get(OUT) / a.get(GROUPS);
        Pair k = a.get(KERNEL);
        // PyTorch computes the fan-in of a transposed convolution's weight from its dimension 1
        long fanIn = coutPerGroup * k.h() * k.w();
        Weight kernel = Weight.fanIn("weight", Shape.of(cin, coutPerGroup, k.h(), k.w()), fanIn);
        return a.get(BIAS) ? List.of(kernel, Weight.fanIn("bias", Shape.of(a.get(OUT)), fanIn)) : List.of(kernel);
    }

    /**
     * Each input value scatters its products to the output positions its taps reach; the full
     * scatter loses {@code padding} on each side and gains {@code output_padding} after.
     */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        int n = x.dim(0);
        int cin = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int cout = Math.toIntExact(a.get(OUT));
        int g = Math.toIntExact(a.get(GROUPS));
        int kh = (int) a.get(KERNEL).h();
        int kw = (int) a.get(KERNEL).w();
        int sh = (int) a.get(STRIDE).h();
        int sw = (int) a.get(STRIDE).w();
        int dh = (int) a.get(DILATION).h();
        int dw = (int) a.get(DILATION).w();
        int ph = (int) a.get(PADDING).h();
        int pw = (int) a.get(PADDING).w();
        int fullH = (h - 1) * sh + dh * (kh - 1) + 1 + (int) a.get(OUTPUT_PADDING).h();
        int fullW = (w - 1) * sw + dw * (kw - 1) + 1 + (int) a.get(OUTPUT_PADDING).w();
        int oh = fullH - 2 * ph;
        int ow = fullW - 2 * pw;
        int cinPerGroup = cin / g;
        int coutPerGroup = cout / g;
        float[] in = x.data();
        float[] kernel = weights.get(0);
        Tensor y = Tensor.zeros(Shape.nchw(n, cout, oh, ow));
        float[] out = y.data();
        for (int b = 0; b < n; b++) {
            for (int ci = 0; ci < cin; ci++) {
                int firstOut = ci / cinPerGroup * coutPerGroup;
                for (int iy = 0; iy < h; iy++) {
                    for (int ix = 0; ix < w; ix++) {
                        float v = in[((b * cin + ci) * h + iy) * w + ix];
                        for (int co = 0; co < coutPerGroup; co++) {
                            for (int i = 0; i < kh; i++) {
                                int oy = iy * sh - ph + i * dh;
                                if (oy < 0 || oy >= oh) {
                                    continue;
                                }
                                for (int j = 0; j < kw; j++) {
                                    int ox = ix * sw - pw + j * dw;
                                    if (ox >= 0 && ox < ow) {
                                        out[((b * cout + firstOut + co) * oh + oy) * ow + ox] +=
                                                v * kernel[((ci * coutPerGroup + co) * kh + i) * kw + j];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        if (a.get(BIAS)) {
            float[] bias = weights.get(1);
            int plane = oh * ow;
            for (int b = 0; b < n; b++) {
                for (int co = 0; co < cout; co++) {
                    int base = (b * cout + co) * plane;
                    for (int i = 0; i < plane; i++) {
                        out[base + i] += bias[co];
                    }
                }
            }
        }
        return y;
    }

    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.transposed(a.get(KERNEL).along(heightAxis), a.get(STRIDE).along(heightAxis),
                a.get(DILATION).along(heightAxis), a.get(PADDING).along(heightAxis));
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return new ChannelFlow.Grouped(a.get(GROUPS));
    }

    /** {@code nn.ConvTranspose2d}, whose arguments are the same as netspec's. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.module("nn.ConvTranspose2d").arg("in_channels", inputs.get(0).c()).arg("out_channels", a.get(OUT))
                .arg("kernel_size", a.get(KERNEL)).kw("stride", a.get(STRIDE), 1L).kw("padding", a.get(PADDING), 0L)
                .kw("output_padding", a.get(OUTPUT_PADDING), 0L).kw("groups", a.get(GROUPS), 1L)
                .kw("bias", a.get(BIAS), true).kw("dilation", a.get(DILATION), 1L);
    }
}
