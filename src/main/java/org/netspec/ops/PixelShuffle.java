package org.netspec.ops;

import java.util.List;
import java.util.Map;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * Depth-to-space and back, as sub-pixel decoders use them (PyTorch {@code nn.PixelShuffle},
 * {@code nn.PixelUnshuffle}): {@code pixel_shuffle} makes [N, C*r*r, H, W] into [N, C, H*r, W*r]
 * with output (c, h*r + i, w*r + j) taken from input channel c*r*r + i*r + j at (h, w);
 * {@code pixel_unshuffle} is its inverse. Elements move, nothing is computed.
 */
public final class PixelShuffle extends Operator {
    public static final Attribute<Long> FACTOR = Attribute.integer("factor", "r: the spatial factor").atLeast(1);

    /** Whether channels become space (pixel_shuffle) rather than space channels. */
    private final boolean toSpace;

    private PixelShuffle(String name, String summary, boolean toSpace) {
        super(name, summary, 1, 1, FACTOR);
        this.toSpace = toSpace;
    }

    static PixelShuffle shuffle() {
        return new PixelShuffle("pixel_shuffle", "pixel shuffle (depth to space)", true);
    }

    static PixelShuffle unshuffle() {
        return new PixelShuffle("pixel_unshuffle", "pixel unshuffle (space to depth)", false);
    }

    @Override
    public Category category() {
        return Category.DATA_MOVEMENT;
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape in = inputs.get(0);
        long r = a.get(FACTOR);
        if (!in.isFeatureMap()) {
            throw new OperatorException("rearranges a feature map [N, C, H, W], got " + in);
        }
        long square = Math.multiplyExact(r, r);
        if (toSpace) {
            if (in.c() % square != 0) {
                throw new OperatorException("channels " + in.c() + " are not divisible by factor * factor = " + square,
                        FACTOR.name());
            }
            return Shape.nchw(in.n(), in.c() / square, Math.multiplyExact(in.h(), r), Math.multiplyExact(in.w(), r));
        }
        if (in.h() % r != 0 || in.w() % r != 0) {
            throw new OperatorException("H " + in.h() + " and W " + in.w() + " are not both divisible by factor " + r,
                    FACTOR.name());
        }
        return Shape.nchw(in.n(), Math.multiplyExact(in.c(), square), in.h() / r, in.w() / r);
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.FREE;
    }

    @Override
    public String costRule() {
        return "0 ops: a permutation of elements";
    }

    /** Each element copied from its place in the other layout. */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        int r = Math.toIntExact(a.get(FACTOR));
        Shape big = toSpace ? outputShape(a, List.of(x.shape())) : x.shape();
        Tensor y = Tensor.zeros(toSpace ? big : outputShape(a, List.of(x.shape())));
        int c = (int) big.c();
        int h = (int) big.h() / r;
        int w = (int) big.w() / r;
        float[] spatial = toSpace ? y.data() : x.data();
        float[] depth = toSpace ? x.data() : y.data();
        for (int n = 0; n < big.n(); n++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < r; j++) {
                        int deep = n * c * r * r + ch * r * r + i * r + j;
                        for (int row = 0; row < h; row++) {
                            for (int col = 0; col < w; col++) {
                                int s = ((n * c + ch) * h * r + row * r + i) * w * r + col * r + j;
                                int d = (deep * h + row) * w + col;
                                if (toSpace) {
                                    spatial[s] = depth[d];
                                } else {
                                    depth[d] = spatial[s];
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }

    /**
     * Shuffle: output position y reads input position floor(y / r) (of one channel or another).
     * Unshuffle: output y reads input r*y + i for one i in [0, r) per channel; over all channels
     * an r-window with stride r.
     */
    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        long r = a.get(FACTOR);
        if (!toSpace) {
            return AxisMap.window(r, r, 1, 0);
        }
        long in = heightAxis ? inputs.get(0).h() : inputs.get(0).w();
        return AxisMap.resampling(new BigFraction(1, r), in, Math.multiplyExact(in, r), y -> new long[] {y / r});
    }

    /** Output channel c reads the r*r input channels c*r*r .. (shuffle); output channels c*r*r .. read input channel c. */
    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        return new ChannelFlow.Grouped(toSpace ? output.c() : inputs.get(0).c());
    }

    /**
     * Shuffle: ONNX DepthToSpace in CRD mode, which is PyTorch's channel order. Unshuffle: ONNX
     * SpaceToDepth orders channels as (i, j, c), not PyTorch's (c, i, j), so it is written as
     * Reshape to [N, C, H/r, r, W/r, r], Transpose to [N, C, r, r, H/r, W/r], Reshape to [N, C*r*r, H/r, W/r].
     */
    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        long r = a.get(FACTOR);
        if (toSpace) {
            onnx.node("DepthToSpace", List.of(onnx.input(0)), onnx.output()).attribute("blocksize", r).attribute("mode", "CRD");
            return;
        }
        Shape in = inputs.get(0);
        String split = onnx.value("blocks");
        onnx.node("Reshape", List.of(onnx.input(0), onnx.ints("blocks_shape", in.n(), in.c(), in.h() / r, r, in.w() / r, r)),
                split);
        String moved = onnx.value("transposed");
        onnx.node("Transpose", List.of(split), moved).ints("perm", 0, 1, 3, 5, 2, 4);
        onnx.node("Reshape", List.of(moved, onnx.ints("shape", output.n(), output.c(), output.h(), output.w())), onnx.output());
    }

    /** {@link #toOnnx}'s forms; the unshuffle read back from its last Reshape. */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        if (toSpace) {
            return Map.of("DepthToSpace", node -> {
                node.inputShape(0);
                if (!node.text("mode").orElse("DCR").equals("CRD")) {
                    throw new OperatorException("DepthToSpace in DCR mode orders channels unlike PyTorch's pixel_shuffle "
                            + "(CRD mode)");
                }
                return List.of(OnnxImport.of(this, List.of(node.inputs().get(0))).set(FACTOR.name(),
                        node.integer("blocksize").orElseThrow(() -> new OperatorException("DepthToSpace without blocksize"))));
            });
        }
        return Map.of("Reshape", last -> {
            OnnxReader swap = last.producer(last.inputs().get(0)).filter(n -> n.opType().equals("Transpose")).orElse(null);
            OnnxReader split = swap == null ? null : swap.producer(swap.inputs().get(0))
                    .filter(n -> n.opType().equals("Reshape")).orElse(null);
            if (split == null || last.readers(last.inputs().get(0)) != 1 || last.readers(swap.inputs().get(0)) != 1) {
                throw new OperatorException("not a pixel unshuffle (Reshape, Transpose, Reshape)");
            }
            Shape in = split.inputShape(0);
            long[] blocks = Reshapes.target(split, in);
            List<Long> perm = swap.integers("perm").orElse(List.of());
            if (in.rank() != 4 || blocks.length != 6 || blocks[3] != blocks[5] || blocks[3] < 1
                    || !perm.equals(List.of(0L, 1L, 3L, 5L, 2L, 4L))) {
                throw new OperatorException("not a pixel unshuffle: reshapes " + in + " to " + Shape.of(blocks)
                        + " and transposes by " + perm);
            }
            long r = blocks[3];
            Shape expected = Shape.nchw(in.n(), in.c() * r * r, in.h() / r, in.w() / r);
            if (blocks[0] != in.n() || blocks[1] != in.c() || blocks[2] * r != in.h() || blocks[4] * r != in.w()
                    || !Shape.of(Reshapes.target(last, Shape.of(blocks[0], blocks[1], r, r, blocks[2], blocks[4])))
                            .equals(expected)) {
                throw new OperatorException("not a pixel unshuffle: reshapes " + in + " to " + Shape.of(blocks));
            }
            return List.of(OnnxImport.of(this, List.of(split.inputs().get(0))).set(FACTOR.name(), r).claim(swap).claim(split));
        });
    }

    /** {@code nn.PixelShuffle(r)} or {@code nn.PixelUnshuffle(r)}. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.module(toSpace ? "nn.PixelShuffle" : "nn.PixelUnshuffle").arg(toSpace ? "upscale_factor" : "downscale_factor",
                a.get(FACTOR));
    }
}
