package org.netspec.ops;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * Nearest or bilinear up-sampling ({@code F.interpolate}) by a factor, to a size, or to the size
 * of a second input, as decoders match a skip connection. The second input gives only H and W.
 */
public final class Upsample extends Operator {
    public static final Attribute<String> MODE = Attribute.choice("mode", "interpolation", "nearest", "bilinear")
            .withDefault("nearest");
    public static final Attribute<Boolean> ALIGN_CORNERS = Attribute.bool("align_corners",
            "bilinear only: align the corner pixels of input and output").withDefault(false);
    public static final Attribute<Double> SCALE = Attribute.number("scale", "factor per axis; output floor(size * scale)")
            .optional();
    public static final Attribute<Pair> SIZE = Attribute.pair("size", "output size, h or [h, w]").atLeast(1).optional();

    private static final long BILINEAR_OPS = 7;

    Upsample() {
        super("upsample", "nearest or bilinear up-sampling", 1, 2, MODE, ALIGN_CORNERS, SCALE, SIZE);
    }

    @Override
    public Category category() {
        return Category.RESAMPLING;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape in = inputs.get(0);
        if (a.get(MODE).equals("nearest") && a.given().containsKey(ALIGN_CORNERS.name())) {
            throw new OperatorException("`align_corners` applies to mode bilinear only, as in PyTorch", ALIGN_CORNERS.name());
        }
        Optional<Double> scale = a.find(SCALE);
        Optional<Pair> size = a.find(SIZE);
        List<String> sources = new ArrayList<>();
        scale.ifPresent(v -> sources.add("`scale`"));
        size.ifPresent(v -> sources.add("`size`"));
        if (inputs.size() == 2) {
            sources.add("a second input");
        }
        if (sources.size() != 1) {
            throw new OperatorException("`upsample` takes its output size from exactly one of `scale`, `size` or a second "
                    + "input, got " + (sources.isEmpty() ? "none" : String.join(" and ", sources)),
                    scale.isPresent() ? SCALE.name() : size.isPresent() ? SIZE.name() : null);
        }
        if (size.isPresent()) {
            return in.withSpatial(size.get().h(), size.get().w());
        }
        if (scale.isEmpty()) {
            Shape like = inputs.get(1);
            return in.withSpatial(like.h(), like.w());
        }
        double f = scale.get();
        long h = (long) Math.floor(in.h() * f);
        long w = (long) Math.floor(in.w() * f);
        if (h < 1 || w < 1) {
            throw new OperatorException("`scale` " + f + " leaves no output from " + in.h() + "x" + in.w(), SCALE.name());
        }
        return in.withSpatial(h, w);
    }

    /** Bilinear mode (nearest otherwise). */
    public static boolean isBilinear(Attributes a) {
        return a.get(MODE).equals("bilinear");
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return isBilinear(a) ? Cost.ops(Math.multiplyExact(BILINEAR_OPS, out.elements())) : Cost.FREE;
    }

    /**
     * ONNX Resize (opset 11 and newer) with PyTorch's coordinates: nearest is {@code asymmetric}
     * with {@code floor}; bilinear is {@code linear} with {@code half_pixel} (or
     * {@code pytorch_half_pixel}), or {@code align_corners}. Equal scales of H and W give the
     * scale, sizes the size.
     */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("Resize", node -> {
            Shape in = node.inputShape(0);
            String mode = node.text("mode").orElse("nearest");
            String coordinates = node.text("coordinate_transformation_mode").orElse("half_pixel");
            OnnxImport up = OnnxImport.of(this, List.of(node.inputs().get(0)));
            if (mode.equals("nearest")) {
                if (!coordinates.equals("asymmetric") || !node.text("nearest_mode").orElse("round_prefer_floor").equals("floor")) {
                    throw new OperatorException("nearest Resize with " + coordinates + " coordinates and "
                            + node.text("nearest_mode").orElse("round_prefer_floor") + " rounding: netspec's nearest is "
                            + "PyTorch's (asymmetric, floor)");
                }
            } else if (mode.equals("linear") && List.of("half_pixel", "pytorch_half_pixel", "align_corners").contains(coordinates)) {
                up.set(MODE.name(), "bilinear");
                if (coordinates.equals("align_corners")) {
                    up.set(ALIGN_CORNERS.name(), true);
                }
            } else {
                throw new OperatorException(mode + " Resize with " + coordinates + " coordinates: netspec resizes nearest "
                        + "(asymmetric, floor) or bilinear (half_pixel or align_corners)");
            }
            if (node.integer("antialias", 0) != 0 || node.integers("axes").isPresent()) {
                throw new OperatorException("netspec reads a Resize of all axes without antialiasing");
            }
            Optional<float[]> scales = node.input(2).flatMap(node::floats).filter(v -> v.length > 0);
            if (scales.isPresent()) {
                float[] f = scales.get();
                if (f.length != 4 || f[0] != 1 || f[1] != 1 || f[2] != f[3]) {
                    throw new OperatorException("Resize by " + Arrays.toString(f) + ": netspec scales H and W by one factor");
                }
                return List.of(up.set(SCALE.name(), Double.parseDouble(Float.toString(f[2]))));
            }
            long[] sizes = node.input(3).map(t -> node.constantInts(3)).orElseThrow(() -> new OperatorException(
                    "the Resize has neither constant scales nor constant sizes"));
            if (sizes.length != 4 || sizes[0] != in.n() || sizes[1] != in.c()) {
                throw new OperatorException("Resize to " + Arrays.toString(sizes) + ": netspec resizes H and W of " + in);
            }
            return List.of(up.set(SIZE.name(), sizes[2] == sizes[3] ? (Object) sizes[2] : List.of(sizes[2], sizes[3])));
        });
    }

    @Override
    public String costRule() {
        return "nearest: 0 ops (a copy); bilinear: 7 ops per output element (4 multiplies, 3 adds over the 4 taps)";
    }

    /**
     * ONNX Resize with PyTorch's source coordinates: a given scale goes in as scales (ONNX then
     * divides by it, as PyTorch does), a size or another input's size as sizes. Bilinear is
     * {@code align_corners}, or {@code half_pixel} without it: PyTorch's formula for every output
     * size, where {@code pytorch_half_pixel} differs at an output of one row. Nearest is
     * {@code asymmetric} with {@code floor}, PyTorch's {@code floor(dst * in / out)}.
     */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        boolean bilinear = a.get(MODE).equals("bilinear");
        List<String> in = new ArrayList<>(List.of(onnx.input(0), ""));
        Optional<Double> scale = a.find(SCALE);
        if (scale.isPresent()) {
            float f = scale.get().floatValue();
            in.add(onnx.floats("scales", 1, 1, f, f));
        } else {
            in.add("");
            in.add(onnx.ints("sizes", output.n(), output.c(), output.h(), output.w()));
        }
        String coordinates = !bilinear ? "asymmetric" : a.get(ALIGN_CORNERS) ? "align_corners" : "half_pixel";
        OnnxWriter.OnnxNode resize = onnx.node("Resize", in, onnx.output())
                .attribute("mode", bilinear ? "linear" : "nearest")
                .attribute("coordinate_transformation_mode", coordinates);
        if (!bilinear) {
            resize.attribute("nearest_mode", "floor");
        }
    }

    /**
     * PyTorch's {@code F.interpolate}: the output size is the given size, the second input's, or
     * floor(size * scale); source coordinates use the given scale as PyTorch does (1 / scale), or
     * input / output for a size. Nearest takes floor(dst * ratio); bilinear blends the two nearest
     * rows and columns, with align_corners mapping corner to corner.
     */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        Pair size = kernelSize(a, inputs);
        int oh = (int) size.h();
        int ow = (int) size.w();
        double ratioH = ratio(a, h, oh);
        double ratioW = ratio(a, w, ow);
        Tensor y = Tensor.zeros(Shape.nchw(n, c, oh, ow));
        float[] in = x.data();
        float[] out = y.data();
        boolean bilinear = isBilinear(a);
        boolean corners = a.get(ALIGN_CORNERS);
        for (int plane = 0; plane < n * c; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox++) {
                    float v;
                    if (bilinear) {
                        float sy = sourceCoordinate(oy, h, oh, ratioH, corners);
                        float sx = sourceCoordinate(ox, w, ow, ratioW, corners);
                        int y0 = (int) sy;
                        int x0 = (int) sx;
                        int y1 = Math.min(y0 + 1, h - 1);
                        int x1 = Math.min(x0 + 1, w - 1);
                        float ly = sy - y0;
                        float lx = sx - x0;
                        int base = plane * h * w;
                        v = (1 - ly) * ((1 - lx) * in[base + y0 * w + x0] + lx * in[base + y0 * w + x1])
                                + ly * ((1 - lx) * in[base + y1 * w + x0] + lx * in[base + y1 * w + x1]);
                    } else {
                        int sy = Math.min((int) Math.floor(oy * (float) ratioH), h - 1);
                        int sx = Math.min((int) Math.floor(ox * (float) ratioW), w - 1);
                        v = in[(plane * h + sy) * w + sx];
                    }
                    out[(plane * oh + oy) * ow + ox] = v;
                }
            }
        }
        return y;
    }

    /** The output rows and columns of the kernel: the given size, the second input's, or floor(size * scale). */
    public static Pair kernelSize(Attributes a, List<Tensor> inputs) {
        Tensor x = inputs.get(0);
        Optional<Double> scale = a.find(SCALE);
        if (scale.isPresent()) {
            return new Pair((long) Math.floor(x.dim(2) * scale.get()), (long) Math.floor(x.dim(3) * scale.get()));
        }
        if (a.find(SIZE).isPresent()) {
            return a.get(SIZE);
        }
        return new Pair(inputs.get(1).dim(2), inputs.get(1).dim(3));
    }

    /** Input positions per output position: 1 / scale when a scale is given, as PyTorch uses it, else in / out. */
    public static double ratio(Attributes a, int in, int out) {
        return a.find(SCALE).map(f -> 1 / f).orElse((double) in / out);
    }

    /** The source coordinate of bilinear output position {@code dst} on an axis of {@code in} to {@code out}. */
    public static float sourceCoordinate(int dst, int in, int out, double ratio, boolean alignCorners) {
        if (alignCorners) {
            return out > 1 ? (float) (in - 1) / (out - 1) * dst : 0;
        }
        return Math.max((float) ratio * (dst + 0.5f) - 0.5f, 0);
    }

    /** A second input only lends its height and width. */
    @Override
    public boolean readsInput(int port) {
        return port == 0;
    }

    /**
     * Nearest reads floor(src) and bilinear the one or two positions around src, with PyTorch's
     * source coordinate: {@code src = y * r} (nearest), {@code (y + 1/2) * r - 1/2} (half-pixel)
     * or {@code y * (nIn - 1) / (nOut - 1)} (align_corners), where r is 1/scale when a scale is
     * given, else nIn/nOut. Coordinates are not clamped: the interior of the map is periodic. The
     * second input only lends its size.
     */
    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        if (port == 1) {
            return AxisMap.UNREAD;
        }
        long nIn = heightAxis ? inputs.get(0).h() : inputs.get(0).w();
        long nOut = heightAxis ? output.h() : output.w();
        boolean bilinear = isBilinear(a);
        if (bilinear && a.get(ALIGN_CORNERS)) {
            BigFraction ratio = nOut == 1 ? BigFraction.ZERO : new BigFraction(nIn - 1, nOut - 1);
            return AxisMap.resampling(ratio, nIn, nOut, y -> around(ratio.multiply(y)));
        }
        BigFraction ratio = a.find(SCALE).map(f -> new BigFraction(f).reciprocal()).orElse(new BigFraction(nIn, nOut));
        if (!bilinear) {
            return AxisMap.resampling(ratio, nIn, nOut, y -> new long[] {floor(ratio.multiply(y))});
        }
        return AxisMap.resampling(ratio, nIn, nOut,
                y -> around(ratio.multiply(new BigFraction(2 * y + 1, 2L)).subtract(BigFraction.ONE_HALF)));
    }

    /** The positions a linear interpolation at {@code src} reads: one where src is a position, else the two around it. */
    private static long[] around(BigFraction src) {
        long below = floor(src);
        return src.getDenominatorAsLong() == 1 ? new long[] {below} : new long[] {below, below + 1};
    }

    private static long floor(BigFraction x) {
        BigInteger d = x.getDenominator();
        return x.getNumerator().subtract(x.getNumerator().mod(d)).divide(d).longValueExact();
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return ChannelFlow.PER_CHANNEL;
    }

    /**
     * {@code F.interpolate} by the factor (which PyTorch, like netspec, uses for the source
     * coordinates), to the size, or to the second input's height and width.
     */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        String mode = a.get(MODE);
        String corners = mode.equals("bilinear") ? ", align_corners={3}" : "";
        PyTorchWriter.Value modeValue = PyTorchWriter.value("mode", mode);
        PyTorchWriter.Value cornersValue = PyTorchWriter.value("align_corners", a.get(ALIGN_CORNERS));
        if (a.find(SCALE).isPresent()) {
            py.expression("F.interpolate({0}, scale_factor={1}, mode={2}" + corners + ")", PyTorchWriter.input(0),
                    PyTorchWriter.value("scale_factor", a.get(SCALE)), modeValue, cornersValue);
        } else if (a.find(SIZE).isPresent()) {
            py.expression("F.interpolate({0}, size={1}, mode={2}" + corners + ")", PyTorchWriter.input(0),
                    PyTorchWriter.value("size", a.get(SIZE)), modeValue, cornersValue);
        } else {
            py.expression("F.interpolate({0}, size={1}.shape[2:], mode={2}" + corners + ")", PyTorchWriter.input(0),
                    PyTorchWriter.input(1), modeValue, cornersValue);
        }
    }
}
