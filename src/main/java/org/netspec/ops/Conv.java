package org.netspec.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** 2-D convolution (PyTorch {@code nn.Conv2d}), grouped, dilated, strided and asymmetric. */
public final class Conv extends Operator {
    public static final Attribute<Long> OUT = Attribute.integer("out", "output channels").atLeast(1);
    public static final Attribute<Pair> KERNEL = Attribute.pair("kernel", "kernel size, h or [h, w]").atLeast(1);
    public static final Attribute<Pair> STRIDE = Attribute.pair("stride", "stride").atLeast(1).withDefault(Pair.square(1));
    public static final Attribute<Padding> PADDING = Attribute.padding("padding", "zero padding per side, or `same`")
            .withDefault(Padding.of(Pair.square(0)));
    public static final Attribute<Pair> DILATION = Attribute.pair("dilation", "spacing of kernel taps").atLeast(1)
            .withDefault(Pair.square(1));
    public static final Attribute<Long> GROUPS = Attribute.integer("groups", "channel groups; input channels for depthwise")
            .atLeast(1).withDefault(1L);
    public static final Attribute<Boolean> BIAS = Attribute.bool("bias", "learned bias per output channel")
            .withDefault(true);

    /** How a convolution's output channels read its input channels. */
    public enum Connectivity {
        /** Every output channel reads every input channel (one group). */
        DENSE,
        /** Each output channel reads the input channels of its group. */
        GROUPED,
        /** Each group holds one input channel. */
        DEPTHWISE
    }

    Conv() {
        super("conv", "2-D convolution", 1, 1, OUT, KERNEL, STRIDE, PADDING, DILATION, GROUPS, BIAS);
    }

    @Override
    public Category category() {
        return Category.CONVOLUTION;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape in = inputs.get(0);
        long cin = in.c();
        long cout = a.get(OUT);
        long g = a.get(GROUPS);
        checkGroups(cin, cout, g);
        Pair k = a.get(KERNEL);
        Pair s = a.get(STRIDE);
        Pair d = a.get(DILATION);
        Padding p = a.get(PADDING);
        long kh = SlidingWindow.effectiveKernel(k.h(), d.h());
        long kw = SlidingWindow.effectiveKernel(k.w(), d.w());
        long h = SlidingWindow.outputLength("H", in.h(), k.h(), s.h(), p.before(true, kh), p.after(true, kh), d.h(), false);
        long w = SlidingWindow.outputLength("W", in.w(), k.w(), s.w(), p.before(false, kw), p.after(false, kw), d.w(), false);
        return Shape.nchw(in.n(), cout, h, w);
    }

    /** Dense with one group, depthwise with as many groups as input channels, grouped in between. */
    public static Connectivity connectivity(Attributes a, Shape input) {
        long g = a.get(GROUPS);
        if (g == 1) {
            return Connectivity.DENSE;
        }
        return g == input.c() ? Connectivity.DEPTHWISE : Connectivity.GROUPED;
    }

    static void checkGroups(long cin, long cout, long g) {
        if (cin % g != 0) {
            throw new OperatorException("input channels " + cin + " are not divisible by groups " + g, "groups");
        }
        if (cout % g != 0) {
            throw new OperatorException("output channels " + cout + " are not divisible by groups " + g, "groups");
        }
    }

    /** Cout * (Cin / g) * kh * kw * Hout * Wout * N multiply-accumulates; bias adds one per output. */
    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        long cin = inputs.get(0).c();
        Pair k = a.get(KERNEL);
        long weights = Math.multiplyExact(Math.multiplyExact(out.c(), cin / a.get(GROUPS)), Math.multiplyExact(k.h(), k.w()));
        boolean bias = a.get(BIAS);
        long params = Math.addExact(weights, bias ? out.c() : 0);
        long positions = Math.multiplyExact(out.n(), out.spatial());
        long macs = Math.multiplyExact(weights, positions);
        return Cost.product(Cost.MacKind.CONV, params, macs, bias ? out.elements() : 0);
    }

    /**
     * ONNX Conv: the weight [Cout, Cin/g, kh, kw] gives the channels and kernel; padding that puts
     * the odd row after is `same`. PyTorch's exporter folds a BatchNorm2d that follows a Conv2d
     * into the convolution in eval mode and stores the fused weight as a new constant named
     * {@code onnx::Conv_<n>}, where an unfused convolution keeps its parameter's name
     * ({@code features.0.weight}): such a convolution is reported as batch norm folded.
     */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("Conv", this::fromOnnx);
    }

    private List<OnnxImport> fromOnnx(OnnxReader node) {
        Shape in = node.inputShape(0);
        String weight = node.input(1).orElseThrow(() -> new OperatorException("the weight input is missing"));
        long[] w = node.dims(weight).orElseThrow(() -> new OperatorException("the weight `" + weight + "` is not a constant"));
        if (w.length != 4) {
            throw new OperatorException("the weight is " + w.length + "-D; netspec reads 2-D convolutions");
        }
        Pair k = OnnxWindows.pair(node, "kernel_shape", new Pair(w[2], w[3]));
        Pair s = OnnxWindows.pair(node, "strides", Pair.square(1));
        Pair d = OnnxWindows.pair(node, "dilations", Pair.square(1));
        long groups = node.integer("group", 1);
        OnnxImport conv = OnnxImport.of(this, List.of(node.inputs().get(0))).set(OUT.name(), w[0])
                .set(KERNEL.name(), OnnxWindows.value(k)).weight(weight);
        if (!OnnxWindows.isDefault(s, 1)) {
            conv.set(STRIDE.name(), OnnxWindows.value(s));
        }
        long[] pads = OnnxWindows.pads(node, in, k, s, d);
        Object padding = padding(pads, k, d);
        if (!padding.equals(0L)) {
            conv.set(PADDING.name(), padding);
        }
        if (!OnnxWindows.isDefault(d, 1)) {
            conv.set(DILATION.name(), OnnxWindows.value(d));
        }
        if (groups != 1) {
            conv.set(GROUPS.name(), groups);
        }
        node.input(2).ifPresentOrElse(conv::weight, () -> conv.set(BIAS.name(), false));
        if (weight.startsWith("onnx::")) {
            conv.note("batch norm folded: the weight `" + weight + "` is a constant PyTorch's exporter computed by fusing "
                    + "a BatchNorm2d into this convolution, so the batch norm's parameters and work are not counted");
        }
        return List.of(conv);
    }

    /** Explicit padding as a spec writes it, or `same` for the uneven padding that puts the odd row after. */
    private static Object padding(long[] pads, Pair k, Pair d) {
        if (pads[0] == pads[2] && pads[1] == pads[3]) {
            return OnnxWindows.value(new Pair(pads[0], pads[1]));
        }
        Padding same = Padding.SAME;
        long eh = SlidingWindow.effectiveKernel(k.h(), d.h());
        long ew = SlidingWindow.effectiveKernel(k.w(), d.w());
        if (pads[0] == same.before(true, eh) && pads[2] == same.after(true, eh) && pads[1] == same.before(false, ew)
                && pads[3] == same.after(false, ew)) {
            return "same";
        }
        return OnnxWindows.symmetric(pads);
    }

    @Override
    public String costRule() {
        return "MACs = Cout*(Cin/g)*kh*kw*Hout*Wout*N; bias adds = output elements if biased";
    }

    /** ONNX Conv: PyTorch's weight layout [Cout, Cin/g, kh, kw]; `same` padding becomes its explicit sides. */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        Pair k = a.get(KERNEL);
        Pair s = a.get(STRIDE);
        Pair d = a.get(DILATION);
        Padding p = a.get(PADDING);
        long kh = SlidingWindow.effectiveKernel(k.h(), d.h());
        long kw = SlidingWindow.effectiveKernel(k.w(), d.w());
        List<String> in = new ArrayList<>(List.of(onnx.input(0), onnx.weight("weight")));
        if (a.get(BIAS)) {
            in.add(onnx.weight("bias"));
        }
        onnx.node("Conv", in, onnx.output())
                .ints("kernel_shape", k.h(), k.w())
                .ints("strides", s.h(), s.w())
                .ints("pads", p.before(true, kh), p.before(false, kw), p.after(true, kh), p.after(false, kw))
                .ints("dilations", d.h(), d.w())
                .attribute("group", a.get(GROUPS));
    }

    @Override
    public List<Weight> weights(Attributes a, List<Shape> inputs) {
        long cin = inputs.get(0).c();
        long cout = a.get(OUT);
        Pair k = a.get(KERNEL);
        long fanIn = cin / a.get(GROUPS) * k.h() * k.w();
        Weight kernel = Weight.fanIn("weight", Shape.of(cout, cin / a.get(GROUPS), k.h(), k.w()), fanIn);
        return a.get(BIAS) ? List.of(kernel, Weight.fanIn("bias", Shape.of(cout), fanIn)) : List.of(kernel);
    }

    /** Cross-correlation over the zero-padded input, one output per window that fits. */
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
        Padding p = a.get(PADDING);
        int extH = dh * (kh - 1) + 1;
        int extW = dw * (kw - 1) + 1;
        int top = (int) p.before(true, extH);
        int left = (int) p.before(false, extW);
        int oh = Kernels.windowsInside(h + top + p.after(true, extH), extH, sh);
        int ow = Kernels.windowsInside(w + left + p.after(false, extW), extW, sw);
        int cinPerGroup = cin / g;
        int coutPerGroup = cout / g;
        float[] in = x.data();
        float[] kernel = weights.get(0);
        float[] bias = a.get(BIAS) ? weights.get(1) : null;
        Tensor y = Tensor.zeros(Shape.nchw(n, cout, oh, ow));
        float[] out = y.data();
        for (int b = 0; b < n; b++) {
            for (int co = 0; co < cout; co++) {
                int firstIn = co / coutPerGroup * cinPerGroup;
                for (int oy = 0; oy < oh; oy++) {
                    for (int ox = 0; ox < ow; ox++) {
                        float sum = bias == null ? 0 : bias[co];
                        for (int ci = 0; ci < cinPerGroup; ci++) {
                            for (int i = 0; i < kh; i++) {
                                int iy = oy * sh - top + i * dh;
                                if (iy < 0 || iy >= h) {
                                    continue;
                                }
                                for (int j = 0; j < kw; j++) {
                                    int ix = ox * sw - left + j * dw;
                                    if (ix >= 0 && ix < w) {
                                        sum += kernel[((co * cinPerGroup + ci) * kh + i) * kw + j]
                                                * in[((b * cin + firstIn + ci) * h + iy) * w + ix];
                                    }
                                }
                            }
                        }
                        out[((b * cout + co) * oh + oy) * ow + ox] = sum;
                    }
                }
            }
        }
        return y;
    }

    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        long k = a.get(KERNEL).along(heightAxis);
        long d = a.get(DILATION).along(heightAxis);
        long before = a.get(PADDING).before(heightAxis, SlidingWindow.effectiveKernel(k, d));
        return AxisMap.window(k, a.get(STRIDE).along(heightAxis), d, before);
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return new ChannelFlow.Grouped(a.get(GROUPS));
    }

    /**
     * {@code nn.Conv2d}. A {@code same} padding that is larger after than before (an even dilated
     * kernel) is {@code padding='same'} at stride 1, as PyTorch pads it; at other strides PyTorch's
     * constructor refuses it, so forward pads the input first.
     */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        Pair k = a.get(KERNEL);
        Pair s = a.get(STRIDE);
        Pair d = a.get(DILATION);
        Padding p = a.get(PADDING);
        long kh = SlidingWindow.effectiveKernel(k.h(), d.h());
        long kw = SlidingWindow.effectiveKernel(k.w(), d.w());
        long top = p.before(true, kh);
        long bottom = p.after(true, kh);
        long left = p.before(false, kw);
        long right = p.after(false, kw);
        PyTorchWriter.Module conv = py.module("nn.Conv2d").arg("in_channels", inputs.get(0).c())
                .arg("out_channels", a.get(OUT)).arg("kernel_size", k).kw("stride", s, 1L);
        if (top == bottom && left == right) {
            conv.kw("padding", new Pair(top, left), 0L);
        } else if (s.equals(Pair.square(1))) {
            conv.kw("padding", "same");
        } else {
            conv.call("F.pad({0}, ({1}, {2}, {3}, {4}))", PyTorchWriter.input(0), PyTorchWriter.value("left", left),
                    PyTorchWriter.value("right", right), PyTorchWriter.value("top", top),
                    PyTorchWriter.value("bottom", bottom));
        }
        conv.kw("dilation", d, 1L).kw("groups", a.get(GROUPS), 1L).kw("bias", a.get(BIAS), true);
    }
}
