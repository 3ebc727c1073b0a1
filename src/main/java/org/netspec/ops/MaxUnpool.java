package org.netspec.ops;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * 2-D max unpooling (PyTorch {@code nn.MaxUnpool2d}), as ENet's decoder uses it: it scatters its
 * values to the arg-max positions a max-pool recorded, so that max-pool must be its second input.
 */
public final class MaxUnpool extends Operator {
    public static final Attribute<Pair> KERNEL = MaxPool.KERNEL;
    public static final Attribute<Pair> STRIDE = MaxPool.STRIDE;
    public static final Attribute<Pair> PADDING = Attribute.pair("padding",
            "padding of the max-pool, removed from each side of the output").atLeast(0).withDefault(Pair.square(0));

    MaxUnpool() {
        super("max_unpool", "2-D max unpooling", 2, 2, KERNEL, STRIDE, PADDING);
    }

    @Override
    public Category category() {
        return Category.RESAMPLING;
    }

    @Override
    public void checkSources(Attributes a, List<Source> sources) {
        Source pool = sources.get(1);
        boolean isMaxPool = pool.op() instanceof MaxPool;
        if (!isMaxPool || !pool.attributes().get(MaxPool.INDICES)) {
            throw new OperatorException("the second input of `max_unpool` must be a `maxpool` with `indices: true`, "
                    + "whose arg-max indices it scatters to; got `" + pool.op().name() + "`"
                    + (isMaxPool ? " without `indices: true`" : ""));
        }
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape values = inputs.get(0);
        Shape indices = inputs.get(1);
        if (!values.equals(indices)) {
            throw new OperatorException("the values are " + values + " but the max-pool whose indices they follow gives "
                    + indices + "; they must be equal");
        }
        Pair k = a.get(KERNEL);
        Pair s = MaxPool.stride(a);
        Pair p = a.get(PADDING);
        long h = (values.h() - 1) * s.h() - 2 * p.h() + k.h();
        long w = (values.w() - 1) * s.w() - 2 * p.w() + k.w();
        if (h <= 0 || w <= 0) {
            throw new OperatorException("padding " + p + " leaves no output (" + h + "x" + w + ")", "padding");
        }
        return values.withSpatial(h, w);
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.FREE;
    }

    /**
     * ONNX MaxUnpool reading a MaxPool's indices, directly or renumbered from the pooled input's
     * planes to the output's ({@code Add(Mul(Div(i, P), Q), Mod(i, P))}, as netspec's export writes
     * it when the planes differ in size). An explicit {@code output_shape} must be the one the
     * window gives.
     */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("MaxUnpool", this::fromOnnx);
    }

    private List<OnnxImport> fromOnnx(OnnxReader node) {
        Shape values = node.inputShape(0);
        String indices = node.input(1).orElseThrow(() -> new OperatorException("the indices input is missing"));
        List<OnnxReader> renumbering = renumbering(node, indices);
        String poolIndices = renumbering.isEmpty() ? indices : renumbering.get(0).inputs().get(0);
        Pair k = OnnxWindows.kernel(node);
        Pair s = OnnxWindows.pair(node, "strides", Pair.square(1));
        Pair p = OnnxWindows.symmetric(OnnxWindows.pads(node, values, k, s, Pair.square(1)));
        OnnxImport unpool = OnnxImport.of(this, List.of(node.inputs().get(0), poolIndices))
                .set(KERNEL.name(), OnnxWindows.value(k));
        if (!s.equals(k)) {
            unpool.set(STRIDE.name(), OnnxWindows.value(s));
        }
        if (!OnnxWindows.isDefault(p, 0)) {
            unpool.set(PADDING.name(), OnnxWindows.value(p));
        }
        if (node.input(2).isPresent()) {
            long[] size = node.constantInts(2);
            long h = (values.h() - 1) * s.h() - 2 * p.h() + k.h();
            long w = (values.w() - 1) * s.w() - 2 * p.w() + k.w();
            if (size.length != 4 || size[2] != h || size[3] != w) {
                throw new OperatorException("`output_shape` " + Arrays.toString(size) + " is not the " + h + "x" + w
                        + " the window gives; netspec unpools to the window's size");
            }
        }
        renumbering.forEach(unpool::claim);
        return List.of(unpool);
    }

    /** The nodes that renumber a MaxPool's indices before they reach the unpooling; none when it reads them directly. */
    private static List<OnnxReader> renumbering(OnnxReader node, String indices) {
        if (isPoolIndices(node, indices)) {
            return List.of();
        }
        OnnxReader add = node.producer(indices).filter(n -> n.opType().equals("Add") && n.inputs().size() == 2).orElse(null);
        if (add != null && node.readers(indices) == 1) {
            for (int port = 0; port < 2; port++) {
                OnnxReader mul = add.producer(add.inputs().get(port)).filter(n -> n.opType().equals("Mul")).orElse(null);
                OnnxReader mod = add.producer(add.inputs().get(1 - port)).filter(n -> n.opType().equals("Mod")).orElse(null);
                if (mul == null || mod == null) {
                    continue;
                }
                OnnxReader div = mul.producer(mul.inputs().get(0)).filter(n -> n.opType().equals("Div")).orElse(null);
                String pooled = mod.inputs().get(0);
                if (div != null && div.inputs().get(0).equals(pooled) && isPoolIndices(node, pooled)) {
                    return List.of(div, mod, mul, add);
                }
            }
        }
        throw new OperatorException("the indices `" + indices + "` are not a MaxPool's second output");
    }

    private static boolean isPoolIndices(OnnxReader node, String tensor) {
        return node.producer(tensor).filter(n -> n.opType().equals("MaxPool") && n.outputs().indexOf(tensor) == 1).isPresent();
    }

    @Override
    public String costRule() {
        return "0 ops: a scatter of the values to the recorded positions";
    }

    /**
     * ONNX MaxUnpool fed by the paired MaxPool's indices. ONNX numbers positions over the whole
     * tensor ((n * C + c) * H * W + y * W + x of the pooled input), PyTorch within a plane of the
     * unpooled output: the same numbers when the pooled input and the output have planes of one
     * size (ENet at even sizes); otherwise the indices are renumbered to the output's planes first.
     */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        Pair k = a.get(KERNEL);
        Pair s = MaxPool.stride(a);
        Pair p = a.get(PADDING);
        String indices = onnx.indicesOf(1);
        long pooledPlane = onnx.shapesReadBy(1).get(0).spatial();
        if (pooledPlane != output.spatial()) {
            String plane = onnx.ints("pooled_plane", pooledPlane);
            String within = onnx.value("within_plane");
            onnx.node("Mod", List.of(indices, plane), within);
            String planeIndex = onnx.value("plane_index");
            onnx.node("Div", List.of(indices, plane), planeIndex);
            String planeStart = onnx.value("plane_start");
            onnx.node("Mul", List.of(planeIndex, onnx.ints("unpooled_plane", output.spatial())), planeStart);
            indices = onnx.value("indices");
            onnx.node("Add", List.of(planeStart, within), indices);
        }
        onnx.node("MaxUnpool", List.of(onnx.input(0), indices), onnx.output())
                .ints("kernel_shape", k.h(), k.w())
                .ints("strides", s.h(), s.w())
                .ints("pads", p.h(), p.w(), p.h(), p.w());
    }

    /**
     * Zeros, with each value written at the position its max-pool recorded; the plane is the
     * max-pool's window span: {@code (H - 1) * stride - 2 * padding + kernel}.
     */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor values = inputs.get(0);
        long[] at = inputs.get(1).indices();
        Pair k = a.get(KERNEL);
        Pair s = MaxPool.stride(a);
        Pair p = a.get(PADDING);
        int n = values.dim(0);
        int c = values.dim(1);
        int h = values.dim(2);
        int w = values.dim(3);
        long oh = (h - 1) * s.h() - 2 * p.h() + k.h();
        long ow = (w - 1) * s.w() - 2 * p.w() + k.w();
        Tensor y = Tensor.zeros(Shape.nchw(n, c, oh, ow));
        float[] in = values.data();
        float[] out = y.data();
        int plane = h * w;
        int outPlane = (int) (oh * ow);
        for (int pl = 0; pl < n * c; pl++) {
            for (int i = 0; i < plane; i++) {
                long target = at[pl * plane + i];
                if (target < 0 || target >= outPlane) {
                    throw new OperatorException("arg-max index " + target + " lies outside the unpooled " + oh + "x" + ow
                            + " plane; the max-pool's input had another size");
                }
                out[pl * outPlane + (int) target] = in[pl * plane + i];
            }
        }
        return y;
    }

    /**
     * Each value lands on one of the positions of the window it came from, which only the indices
     * know; with generic indices that is the scatter of a transposed convolution with the pool's
     * window. The indices are positions, not values read.
     */
    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        if (port == 1) {
            return AxisMap.UNREAD;
        }
        return AxisMap.transposed(a.get(KERNEL).along(heightAxis), MaxPool.stride(a).along(heightAxis), 1,
                a.get(PADDING).along(heightAxis));
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return ChannelFlow.PER_CHANNEL;
    }

    /** {@code nn.MaxUnpool2d}, called with the values and its max-pool's indices; its default output size is netspec's. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.module("nn.MaxUnpool2d").arg("kernel_size", a.get(KERNEL)).kw("stride", MaxPool.stride(a), a.get(KERNEL))
                .kw("padding", a.get(PADDING), 0L)
                .call("{0}, {1}", PyTorchWriter.input(0), PyTorchWriter.indices(1));
    }
}
