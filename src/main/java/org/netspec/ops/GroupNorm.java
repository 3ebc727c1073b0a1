package org.netspec.ops;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Group normalisation ({@code nn.GroupNorm(groups, C)}: the channels of each image in equal groups,
 * each group normalised over its channels and positions, then a weight and a bias per channel) and
 * instance normalisation ({@code nn.InstanceNorm2d(C)}: every channel plane on its own, with a
 * weight and a bias per channel only if {@code affine}, PyTorch's default being without; no running
 * statistics, as PyTorch's default). Statistics come from the input at inference, so every output
 * position depends on every position of its plane.
 */
public final class GroupNorm extends Operator {
    public static final Attribute<Long> GROUPS = Attribute.integer("groups", "groups the channels are divided into")
            .atLeast(1);
    public static final Attribute<Boolean> AFFINE = Attribute.bool("affine", "learned weight and bias per channel")
            .withDefault(false);
    public static final Attribute<Double> EPS = Moments.eps();

    private final boolean instance;

    private GroupNorm(String name, String summary, boolean instance, Attribute<?>... attributes) {
        super(name, summary, 1, 1, attributes);
        this.instance = instance;
    }

    static GroupNorm groups() {
        return new GroupNorm("groupnorm", "group normalisation", false, GROUPS, EPS);
    }

    static GroupNorm instances() {
        return new GroupNorm("instancenorm", "instance normalisation", true, AFFINE, EPS);
    }

    @Override
    public Category category() {
        return Category.NORMALISATION;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Moments.checkEps(a, EPS);
        Shape in = inputs.get(0);
        if (!in.isFeatureMap()) {
            throw new OperatorException("normalises the planes of a feature map [N, C, H, W], got " + in);
        }
        if (!instance && in.c() % a.get(GROUPS) != 0) {
            throw new OperatorException("channels " + in.c() + " are not divisible by groups " + a.get(GROUPS), GROUPS.name());
        }
        return in;
    }

    private long groups(Attributes a, Shape in) {
        return instance ? in.c() : a.get(GROUPS);
    }

    private boolean affine(Attributes a) {
        return !instance || a.get(AFFINE);
    }

    /** Params: weight and bias per channel when affine; one normalised set per group of every image. */
    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        boolean affine = affine(a);
        return Cost.weighted(affine ? Math.multiplyExact(2, out.c()) : 0, 0,
                Moments.ops(out, Math.multiplyExact(out.n(), groups(a, out)), affine));
    }

    @Override
    public String costRule() {
        return Moments.COST_RULE + "; sets: N * " + (instance
                ? "C planes; without affine (the default) 6 ops per element and no params, else params 2C"
                : "groups; params 2C");
    }

    @Override
    public List<Weight> weights(Attributes a, List<Shape> inputs) {
        return affine(a) ? Moments.affineWeights(inputs.get(0).c()) : List.of();
    }

    /** Each group's channels and positions normalised together (consecutive in memory), then scaled and shifted per channel. */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        Tensor y = Tensor.zeros(x.shape());
        int sets = Math.toIntExact(x.dim(0) * groups(a, x.shape()));
        int size = x.data().length / sets;
        for (int s = 0; s < sets; s++) {
            Moments.normalise(x.data(), y.data(), s * size, size, 1, a.get(EPS));
        }
        if (affine(a)) {
            Moments.affine(y, weights.get(0), weights.get(1));
        }
        return y;
    }

    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.GLOBAL;
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return instance ? ChannelFlow.PER_CHANNEL : new ChannelFlow.Grouped(a.get(GROUPS));
    }

    /**
     * ONNX InstanceNormalization (scale and shift of constant 1 and 0 without affine). A group norm,
     * as PyTorch's exporter writes it before opset 18: Reshape to [N, groups, -1],
     * InstanceNormalization with a scale of 1 and shift of 0 per group, Reshape back, Mul by the
     * weight and Add the bias (stored [C, 1, 1] to broadcast).
     */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        Shape in = inputs.get(0);
        float eps = a.get(EPS).floatValue();
        if (instance) {
            List<String> affine = a.get(AFFINE) ? List.of(onnx.weight("weight"), onnx.weight("bias")) : constants(onnx, in.c());
            onnx.node("InstanceNormalization", List.of(onnx.input(0), affine.get(0), affine.get(1)), onnx.output())
                    .attribute("epsilon", eps);
            return;
        }
        long g = a.get(GROUPS);
        String grouped = onnx.value("grouped");
        onnx.node("Reshape", List.of(onnx.input(0), onnx.ints("grouped_shape", in.n(), g, -1)), grouped);
        String normalised = onnx.value("normalised");
        List<String> unit = constants(onnx, g);
        onnx.node("InstanceNormalization", List.of(grouped, unit.get(0), unit.get(1)), normalised).attribute("epsilon", eps);
        String planes = onnx.value("planes");
        onnx.node("Reshape", List.of(normalised, onnx.ints("shape", in.n(), in.c(), in.h(), in.w())), planes);
        String scaled = onnx.value("scaled");
        onnx.node("Mul", List.of(planes, onnx.weight("weight", in.c(), 1, 1)), scaled);
        onnx.node("Add", List.of(scaled, onnx.weight("bias", in.c(), 1, 1)), onnx.output());
    }

    private static List<String> constants(OnnxWriter onnx, long count) {
        float[] ones = new float[Math.toIntExact(count)];
        Arrays.fill(ones, 1);
        return List.of(onnx.floats("scale", ones), onnx.floats("shift", new float[ones.length]));
    }

    /** {@link #toOnnx}'s forms, the group norm read from its Add. */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        if (instance) {
            return Map.of("InstanceNormalization", this::instanceFromOnnx);
        }
        return Map.of("Add", this::groupsFromOnnx);
    }

    private List<OnnxImport> instanceFromOnnx(OnnxReader node) {
        if (node.inputShape(0).rank() != 4) {
            throw new OperatorException("netspec normalises the planes of [N, C, H, W]");
        }
        OnnxImport norm = eps(OnnxImport.of(this, List.of(node.inputs().get(0))), node);
        List<String> in = node.inputs();
        if (in.size() != 3 || in.stream().anyMatch(String::isEmpty)) {
            throw new OperatorException("an instance norm reads 3 inputs (X, scale, B), got " + in.size());
        }
        if (BatchNorm.isConstant(node, in.get(1), 1) && BatchNorm.isConstant(node, in.get(2), 0)) {
            return List.of(norm);
        }
        return List.of(norm.set(AFFINE.name(), true).weight(in.get(1)).weight(in.get(2)));
    }

    private OnnxImport eps(OnnxImport norm, OnnxReader node) {
        double eps = node.number("epsilon").orElse(1e-5);
        return eps != EPS.defaultValue() ? norm.set(EPS.name(), eps) : norm;
    }

    private List<OnnxImport> groupsFromOnnx(OnnxReader add) {
        OnnxReader mul = operand(add, "Mul");
        OnnxReader back = operand(mul, "Reshape");
        OnnxReader norm = back.producer(back.inputs().get(0)).filter(n -> n.opType().equals("InstanceNormalization"))
                .orElse(null);
        OnnxReader split = norm == null ? null : norm.producer(norm.inputs().get(0)).filter(n -> n.opType().equals("Reshape"))
                .orElse(null);
        if (split == null || back.readers(back.inputs().get(0)) != 1 || norm.readers(norm.inputs().get(0)) != 1
                || norm.inputs().size() != 3 || !BatchNorm.isConstant(norm, norm.inputs().get(1), 1)
                || !BatchNorm.isConstant(norm, norm.inputs().get(2), 0)) {
            throw new OperatorException("not a group norm (Reshape, InstanceNormalization, Reshape, Mul, Add)");
        }
        Shape in = split.inputShape(0);
        long[] grouped = Reshapes.target(split, in);
        long[] restored = Reshapes.target(back, Shape.of(grouped));
        String weight = other(mul, back);
        String bias = other(add, mul);
        if (in.rank() != 4 || grouped.length != 3 || grouped[0] != in.n() || in.c() % grouped[1] != 0
                || !Shape.of(restored).equals(in) || !perChannel(add, weight, in.c()) || !perChannel(add, bias, in.c())) {
            throw new OperatorException("not a group norm: reshapes " + in + " to " + Shape.of(grouped)
                    + " and scales and shifts by tensors that are not one per channel");
        }
        OnnxImport read = eps(OnnxImport.of(this, List.of(split.inputs().get(0))), norm).set(GROUPS.name(), grouped[1])
                .weight(weight).weight(bias);
        return List.of(read.claim(mul).claim(back).claim(norm).claim(split));
    }

    /** The node of {@code type} computing one of {@code node}'s two inputs, read by it alone. */
    private static OnnxReader operand(OnnxReader node, String type) {
        if (node.inputs().size() == 2) {
            for (String t : node.inputs()) {
                OnnxReader p = node.producer(t).filter(n -> n.opType().equals(type)).orElse(null);
                if (p != null && node.readers(t) == 1) {
                    return p;
                }
            }
        }
        throw new OperatorException("not a group norm (Reshape, InstanceNormalization, Reshape, Mul, Add)");
    }

    /** The input of {@code node} that {@code producer} does not compute. */
    private static String other(OnnxReader node, OnnxReader producer) {
        String made = producer.outputs().get(0);
        return node.inputs().get(0).equals(made) ? node.inputs().get(1) : node.inputs().get(0);
    }

    /** A stored tensor of C elements shaped to broadcast over [N, C, H, W] by channel. */
    private static boolean perChannel(OnnxReader node, String tensor, long c) {
        long[] dims = node.dims(tensor).orElse(null);
        return dims != null && node.isInitializer(tensor) && Arrays.stream(dims).reduce(1, Math::multiplyExact) == c
                && (dims.length == 3 && dims[0] == c || dims.length == 1 && c == 1);
    }

    /** {@code nn.GroupNorm(groups, C)} or {@code nn.InstanceNorm2d(C)}. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        long c = inputs.get(0).c();
        if (instance) {
            py.module("nn.InstanceNorm2d").arg("num_features", c).kw("eps", a.get(EPS), 1e-5)
                    .kw("affine", a.get(AFFINE), false);
        } else {
            py.module("nn.GroupNorm").arg("num_groups", a.get(GROUPS)).arg("num_channels", c).kw("eps", a.get(EPS), 1e-5);
        }
    }
}
