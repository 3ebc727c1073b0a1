package org.netspec.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * Adaptive average or max pooling to a fixed grid (PyTorch {@code nn.AdaptiveAvgPool2d},
 * {@code nn.AdaptiveMaxPool2d}), as pyramid pooling modules use it. PyTorch's bins overlap when the
 * input does not divide evenly, so the cost sums the bins' real lengths.
 */
public final class AdaptivePool extends Operator {
    public static final Attribute<Pair> SIZE = Attribute.pair("size", "output bins, h or [h, w]").atLeast(1);

    private final boolean max;
    /** The ONNX window pooling and reduction of this kind: AveragePool and ReduceMean, or MaxPool and ReduceMax. */
    private final String poolType;
    private final String reduceType;

    private AdaptivePool(String name, String summary, boolean max) {
        super(name, summary, 1, 1, SIZE);
        this.max = max;
        this.poolType = max ? "MaxPool" : "AveragePool";
        this.reduceType = max ? "ReduceMax" : "ReduceMean";
    }

    static AdaptivePool average() {
        return new AdaptivePool("adaptive_avgpool", "adaptive average pooling", false);
    }

    static AdaptivePool maximum() {
        return new AdaptivePool("adaptive_maxpool", "adaptive max pooling", true);
    }

    @Override
    public Category category() {
        return Category.POOLING;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Pair size = a.get(SIZE);
        return inputs.get(0).withSpatial(size.h(), size.w());
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        Shape in = inputs.get(0);
        long binsH = binLengths(in.h(), out.h());
        long binsW = binLengths(in.w(), out.w());
        long values = Math.multiplyExact(Math.multiplyExact(in.n(), in.c()), Math.multiplyExact(binsH, binsW));
        return Cost.ops(max ? values - out.elements() : values);
    }

    /** Sum of the lengths of {@code b} bins over {@code n}: bin i is [floor(i*n/b), ceil((i+1)*n/b)). */
    static long binLengths(long n, long b) {
        long total = 0;
        for (long i = 0; i < b; i++) {
            long start = Math.floorDiv(Math.multiplyExact(i, n), b);
            long end = -Math.floorDiv(-Math.multiplyExact(i + 1, n), b);
            total = Math.addExact(total, end - start);
        }
        return total;
    }

    /**
     * The per-bin reductions netspec's export writes when the bins do not divide the input, read
     * from their last node: along H, then along W, a Slice and a ReduceMean (ReduceMax) per bin
     * joined by a Concat (one bin: a reduction of the whole axis). The bins must be PyTorch's. Bins that divide
     * the input are exported as an AveragePool (MaxPool) and read back as one.
     */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("Concat", this::fromOnnx, reduceType, this::fromOnnx);
    }

    /** The bins of one axis: the tensor they average, the [start, end) of each, and the nodes that compute them. */
    private record Bins(String source, List<long[]> ranges, List<OnnxReader> nodes) {
    }

    private List<OnnxImport> fromOnnx(OnnxReader last) {
        Bins columns = bins(last, 3, reduceType);
        OnnxReader rowsNode = last.producer(columns.source()).orElseThrow(() -> new OperatorException(
                "not a per-bin pooling: the columns do not average rows"));
        Bins rows = bins(rowsNode, 2, reduceType);
        Shape in = last.shape(rows.source()).orElseThrow(() -> new OperatorException(
                "not a per-bin pooling: it averages `" + rows.source() + "`, which netspec does not compute"));
        checkBins(rows.ranges(), in.h(), "rows");
        checkBins(columns.ranges(), in.w(), "columns");
        OnnxImport pool = OnnxImport.of(this, List.of(rows.source()))
                .set(SIZE.name(), List.of((long) rows.ranges().size(), (long) columns.ranges().size()));
        rows.nodes().forEach(pool::claim);
        columns.nodes().stream().filter(n -> n != last).forEach(pool::claim);
        return List.of(pool);
    }

    /** The bins along {@code axis} that {@code node} ends: a reduction over the axis, or a Concat of a reduction per Slice. */
    private static Bins bins(OnnxReader node, int axis, String reduceType) {
        List<OnnxReader> nodes = new ArrayList<>(List.of(node));
        if (node.opType().equals(reduceType)) {
            checkMean(node, axis);
            return new Bins(node.inputs().get(0), List.of(new long[] {0, -1}), nodes);
        }
        if (!node.opType().equals("Concat") || node.integer("axis", 0) != axis) {
            throw new OperatorException("not a per-bin pooling along axis " + axis);
        }
        String source = null;
        List<long[]> ranges = new ArrayList<>();
        for (String mean : node.inputs()) {
            OnnxReader reduce = node.producer(mean).filter(n -> n.opType().equals(reduceType)).orElse(null);
            OnnxReader slice = reduce == null ? null : reduce.producer(reduce.inputs().get(0))
                    .filter(n -> n.opType().equals("Slice")).orElse(null);
            if (slice == null || node.readers(mean) != 1 || node.readers(reduce.inputs().get(0)) != 1) {
                throw new OperatorException("not a per-bin pooling: `" + mean + "` is not the reduction of a slice");
            }
            checkMean(reduce, axis);
            long[] axes = slice.input(3).map(t -> slice.constantInts(3)).orElse(null);
            long[] steps = slice.input(4).map(t -> slice.constantInts(4)).orElse(new long[] {1});
            if (axes == null || axes.length != 1 || axes[0] != axis || steps.length != 1 || steps[0] != 1
                    || source != null && !source.equals(slice.inputs().get(0))) {
                throw new OperatorException("not a per-bin pooling: `" + slice.name() + "` is not a slice of one axis");
            }
            source = slice.inputs().get(0);
            ranges.add(new long[] {slice.constantInts(1)[0], slice.constantInts(2)[0]});
            nodes.add(reduce);
            nodes.add(slice);
        }
        return new Bins(source, ranges, nodes);
    }

    private static void checkMean(OnnxReader reduce, int axis) {
        long[] axes = reduce.integers("axes").map(v -> v.stream().mapToLong(Long::longValue).toArray())
                .orElseGet(() -> reduce.input(1).isPresent() ? reduce.constantInts(1) : new long[0]);
        if (axes.length != 1 || axes[0] != axis || reduce.integer("keepdims", 1) != 1) {
            throw new OperatorException("not a per-bin pooling: `" + reduce.name() + "` does not average axis " + axis
                    + " alone");
        }
    }

    /** Whether the ranges are PyTorch's bins over n (a range ending at -1 is the whole axis). */
    private static void checkBins(List<long[]> ranges, long n, String what) {
        long bins = ranges.size();
        for (int i = 0; i < bins; i++) {
            long start = Math.floorDiv(i * n, bins);
            long end = -Math.floorDiv(-(i + 1) * n, bins);
            long[] r = ranges.get(i);
            if (r[0] != start || r[1] != end && !(bins == 1 && r[1] == -1)) {
                throw new OperatorException("the " + what + " averaged are not PyTorch's adaptive bins over " + n);
            }
        }
    }

    @Override
    public String costRule() {
        return "per output element, " + (max ? "(values in its bin - 1) comparisons" : "1 op per value in its bin "
                + "((values - 1) adds, 1 divide)") + ", with PyTorch's bins";
    }

    /** Whether the bins divide the input, so that they are equal windows, exported as a window pooling. */
    public static boolean equalWindows(Attributes a, Shape in) {
        Pair size = a.get(SIZE);
        return in.h() % size.h() == 0 && in.w() % size.w() == 0;
    }

    /**
     * ONNX AveragePool (MaxPool) when the bins divide the input (then they are equal windows); otherwise
     * PyTorch's overlapping bins exactly, one axis after the other (the mean over a bin is the mean
     * over its columns of the means over its rows, and so is the maximum): per bin a Slice and a ReduceMean
     * (ReduceMax), joined by a Concat.
     */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        Shape in = inputs.get(0);
        Pair size = a.get(SIZE);
        if (equalWindows(a, in)) {
            long kh = in.h() / size.h();
            long kw = in.w() / size.w();
            onnx.node(poolType, List.of(onnx.input(0)), onnx.output()).ints("kernel_shape", kh, kw).ints("strides", kh, kw);
            return;
        }
        String rows = binReductions(onnx, onnx.input(0), 2, in.h(), size.h(), onnx.value("rows"));
        binReductions(onnx, rows, 3, in.w(), size.w(), onnx.output());
    }

    /**
     * The means (maxima) of {@code bins} of PyTorch's bins over {@code n} positions along
     * {@code axis}, written to {@code out}.
     */
    private String binReductions(OnnxWriter onnx, String x, int axis, long n, long bins, String out) {
        if (bins == 1) {
            onnx.node(reduceType, List.of(x), out).ints("axes", axis).attribute("keepdims", 1);
            return out;
        }
        List<String> means = new ArrayList<>();
        String tag = axis == 2 ? "row" : "column";
        String axes = onnx.ints(tag + "_axis", axis);
        for (long i = 0; i < bins; i++) {
            long start = Math.floorDiv(i * n, bins);
            long end = -Math.floorDiv(-(i + 1) * n, bins);
            String bin = onnx.value(tag + "_bin" + i);
            onnx.node("Slice", List.of(x, onnx.ints(tag + "_start" + i, start), onnx.ints(tag + "_end" + i, end), axes), bin);
            String mean = onnx.value(tag + "_mean" + i);
            onnx.node(reduceType, List.of(bin), mean).ints("axes", axis).attribute("keepdims", 1);
            means.add(mean);
        }
        onnx.node("Concat", means, out).attribute("axis", axis);
        return out;
    }

    /** The mean (maximum) of each of PyTorch's bins: rows [floor(i*H/Ho), ceil((i+1)*H/Ho)), columns alike. */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        Pair size = a.get(SIZE);
        int n = x.dim(0);
        int c = x.dim(1);
        int h = x.dim(2);
        int w = x.dim(3);
        int oh = (int) size.h();
        int ow = (int) size.w();
        Tensor y = Tensor.zeros(Shape.nchw(n, c, oh, ow));
        float[] in = x.data();
        float[] out = y.data();
        for (int plane = 0; plane < n * c; plane++) {
            for (int oy = 0; oy < oh; oy++) {
                int y0 = Math.floorDiv(oy * h, oh);
                int y1 = -Math.floorDiv(-(oy + 1) * h, oh);
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = Math.floorDiv(ox * w, ow);
                    int x1 = -Math.floorDiv(-(ox + 1) * w, ow);
                    float sum = 0;
                    float most = Float.NEGATIVE_INFINITY;
                    for (int iy = y0; iy < y1; iy++) {
                        for (int ix = x0; ix < x1; ix++) {
                            float v = in[(plane * h + iy) * w + ix];
                            sum += v;
                            most = Math.max(most, v);
                        }
                    }
                    out[(plane * oh + oy) * ow + ox] = max ? most : sum / ((y1 - y0) * (x1 - x0));
                }
            }
        }
        return y;
    }

    /** Bin i of b over n reads [floor(i*n/b), ceil((i+1)*n/b)); one bin reads the whole axis. */
    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        long bins = a.get(SIZE).along(heightAxis);
        if (bins == 1) {
            return AxisMap.GLOBAL;
        }
        long n = heightAxis ? inputs.get(0).h() : inputs.get(0).w();
        return AxisMap.resampling(new BigFraction(n, bins), n, bins, i -> {
            long start = Math.floorDiv(i * n, bins);
            long end = -Math.floorDiv(-(i + 1) * n, bins);
            return LongStream.range(start, end).toArray();
        });
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return ChannelFlow.PER_CHANNEL;
    }

    /** {@code nn.AdaptiveAvgPool2d} or {@code nn.AdaptiveMaxPool2d}: PyTorch's own bins, overlapping where needed. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.module(max ? "nn.AdaptiveMaxPool2d" : "nn.AdaptiveAvgPool2d").arg("output_size", a.get(SIZE));
    }
}
