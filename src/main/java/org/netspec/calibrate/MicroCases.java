package org.netspec.calibrate;

import java.util.ArrayList;
import java.util.List;
import org.netspec.device.KernelClass;

/**
 * The designed set of micro cases calibration measures: ten stacked layers of one kernel class
 * each, sweeping channels, groups, dilation and resolution, as network specs. Ten layers make a
 * dispatch cost visible next to the work; tiny element-wise cases measure dispatch alone, and
 * element-wise layers on 100 MB tensors the bandwidth of main memory.
 */
public final class MicroCases {
    /** Layers in every case. */
    public static final int LAYERS = 10;

    /** The layer that undoes a stride of 2 in a case of pairs. */
    private static final String NEAREST_X2 = "{op: upsample, scale: 2, mode: nearest}";

    /**
     * One case.
     *
     * @param name what it is, e.g. {@code depthwise_conv c=64 d=4 56x56}
     * @param kernelClass the class its layers run as
     * @param dilation the layers' dilation (1 when none)
     * @param groups the layers' groups (1 when none)
     * @param stride the layers' stride (1 when none)
     * @param spec the network spec, YAML
     */
    public record Case(String name, KernelClass kernelClass, long dilation, long groups, long stride, String spec) {
    }

    private MicroCases() {
    }

    /** Every case, cheapest first within each class. */
    public static List<Case> all() {
        List<Case> out = new ArrayList<>();
        for (int side : new int[] {4, 8}) {
            out.add(layered("dispatch relu c=8 " + side + "x" + side, KernelClass.ELEMENT_WISE, 1, 1, 8, side,
                    "{op: relu}"));
        }
        // Tensors of 100 MB, which stream from main memory. Smaller ones are not measured: ONNX Runtime
        // runs stacked ReLUs in place, so one buffer stays in the caches from layer to layer, which a
        // network's layers, each writing a tensor of its own, do not see.
        out.add(layered("element_wise relu c=32 896x896", KernelClass.ELEMENT_WISE, 1, 1, 32, 896, "{op: relu}"));
        // PReLU after a batch norm, as networks run it (stacked PReLUs alone run slower still), on
        // tensors of 1.6 and 6.4 MB: per byte it runs slower on large tensors than on small ones.
        out.add(pairs("prelu c=32 112x112", KernelClass.PRELU, 32, 112, "{op: prelu}", "{op: batchnorm}"));
        out.add(pairs("prelu c=32 224x224", KernelClass.PRELU, 32, 224, "{op: prelu}", "{op: batchnorm}"));
        out.add(layered("pointwise_conv c=16 112x112", KernelClass.POINTWISE_CONV, 1, 1, 16, 112,
                "{op: conv, out: 16, kernel: 1, bias: false}"));
        for (int c : new int[] {32, 64, 128}) {
            out.add(layered("pointwise_conv c=" + c + " 28x28", KernelClass.POINTWISE_CONV, 1, 1, c, 28,
                    "{op: conv, out: " + c + ", kernel: 1, bias: false}"));
        }
        // Dense 3x3 layers from 14 to 925 MFLOP (28x28 to 112x112): how well small and large layers
        // use every thread; the 56x56 ones are also the dilation sweep's.
        out.add(layered("dense_conv c=32 d=1 28x28", KernelClass.DENSE_CONV, 1, 1, 32, 28,
                "{op: conv, out: 32, kernel: 3, padding: 1, bias: false}"));
        for (int[] cs : new int[][] {{16, 112}, {64, 112}}) {
            out.add(layered("dense_conv c=" + cs[0] + " d=1 " + cs[1] + "x" + cs[1], KernelClass.DENSE_CONV, 1, 1, cs[0],
                    cs[1], "{op: conv, out: " + cs[0] + ", kernel: 3, padding: 1, bias: false}"));
        }
        // The dilation sweep at 56x56: on smaller planes the padding a dilation of 8 needs is more
        // than the plane itself, and its copies, not the dilation, would set the time.
        for (long d : new long[] {1, 2, 4, 8}) {
            for (int c : new int[] {32, 64}) {
                out.add(layered("dense_conv c=" + c + " d=" + d + " 56x56", KernelClass.DENSE_CONV, d, 1, c, 56,
                        "{op: conv, out: " + c + ", kernel: 3, padding: " + d + ", dilation: " + d + ", bias: false}"));
            }
            out.add(layered("depthwise_conv c=64 d=" + d + " 56x56", KernelClass.DEPTHWISE_CONV, d, 64, 64, 56,
                    "{op: conv, out: 64, kernel: 3, padding: " + d + ", dilation: " + d + ", groups: 64, bias: false}"));
        }
        // Stride 2, as networks down-sample, each layer followed by a nearest up-sampling back.
        out.add(pairs("dense_conv c=32 s=2 112x112", KernelClass.DENSE_CONV, 2, 32, 112,
                "{op: conv, out: 32, kernel: 3, stride: 2, padding: 1, bias: false}", NEAREST_X2));
        out.add(pairs("depthwise_conv c=64 s=2 112x112", KernelClass.DEPTHWISE_CONV, 2, 64, 112,
                "{op: conv, out: 64, kernel: 3, stride: 2, padding: 1, groups: 64, bias: false}", NEAREST_X2));
        for (long g : new long[] {2, 4, 8}) {
            out.add(layered("grouped_conv c=128 g=" + g + " 28x28", KernelClass.GROUPED_CONV, 1, g, 128, 28,
                    "{op: conv, out: 128, kernel: 1, groups: " + g + ", bias: false}"));
        }
        out.add(pairs("transposed_conv c=32 28x28", KernelClass.TRANSPOSED_CONV, 32, 28,
                "{op: conv_transpose, out: 32, kernel: 2, stride: 2, bias: false}",
                "{op: conv, out: 32, kernel: 2, stride: 2, bias: false}"));
        out.add(layered("pooling max 3x3 c=32 56x56", KernelClass.POOLING, 1, 1, 32, 56,
                "{op: maxpool, kernel: 3, stride: 1, padding: 1}"));
        // ENet's down-sampling pool, which keeps its indices for the decoder's max-unpooling.
        out.add(pairs("pooling_indices max 2x2 c=32 112x112", KernelClass.POOLING_INDICES, 32, 112,
                "{op: maxpool, kernel: 2, stride: 2, indices: true}", NEAREST_X2));
        // up-sampling to 448x448: nearer the large maps segmentation heads up-sample than 28x28
        out.add(pairs("resize bilinear x2 c=16 224x224", KernelClass.RESIZE, 16, 224,
                "{op: upsample, scale: 2, mode: bilinear}", "{op: avgpool, kernel: 2, stride: 2}"));
        out.add(layered("copy concat c=32 28x28", KernelClass.COPY, 1, 1, 32, 28, null));
        // Pointwise convolutions, each followed by a PReLU: with a blocked layout the convolutions run
        // blocked and the PReLUs in NCHW, so every tensor between them is reordered, one way or the
        // other; without a blocked layout nothing is left to fit.
        for (int side : new int[] {56, 112, 224}) {
            out.add(pairs("reorder pointwise-prelu c=32 " + side + "x" + side, KernelClass.REORDER, 32, side,
                    "{op: conv, out: 32, kernel: 1, bias: false}", "{op: prelu}"));
        }
        return out;
    }

    /** Ten identical layers; a null layer makes a chain of concatenations of the input with itself, split back. */
    private static Case layered(String name, KernelClass k, long dilation, long groups, int c, int side, String layer) {
        StringBuilder y = header(c, side);
        String prev = "x";
        for (int i = 0; i < LAYERS; i++) {
            if (layer == null) {
                y.append("  - {name: l").append(i).append(", op: concat, from: [").append(prev).append(", ").append(prev)
                        .append("]}\n  - {name: s").append(i).append(", op: slice, start: 0, end: ").append(c).append("}\n");
                prev = "s" + i;
            } else {
                y.append("  - {name: l").append(i).append(", ").append(layer, 1, layer.length()).append('\n');
                prev = "l" + i;
            }
        }
        return new Case(name, k, dilation, groups, 1, y.toString());
    }

    /**
     * Five pairs of a layer of the class and a layer that undoes its shape change or sets up its
     * input as networks do; the other layers' estimated time is subtracted when fitting.
     */
    private static Case pairs(String name, KernelClass k, int c, int side, String layer, String undo) {
        return pairs(name, k, 1, c, side, layer, undo);
    }

    private static Case pairs(String name, KernelClass k, long stride, int c, int side, String layer, String undo) {
        StringBuilder y = header(c, side);
        for (int i = 0; i < LAYERS / 2; i++) {
            y.append("  - {name: l").append(i).append(", ").append(layer, 1, layer.length()).append('\n');
            y.append("  - {name: u").append(i).append(", ").append(undo, 1, undo.length()).append('\n');
        }
        return new Case(name, k, 1, 1, stride, y.toString());
    }

    private static StringBuilder header(int c, int side) {
        return new StringBuilder("network: micro\ninputs: {x: [1, " + c + ", " + side + ", " + side + "]}\nlayers:\n");
    }
}
