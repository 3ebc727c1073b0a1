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
        // Sums of two tensors of 26, 52 and 103 MB each, which stream from main memory (the median of the
        // three, as one case's rate moved by a quarter between calibrations): each writes a tensor of its
        // own, as a network's layers do, and runs on every thread. Stacked ReLUs are not measured: ONNX
        // Runtime runs them in place on one buffer, which is not written back and fetched again (they ran
        // 1.6x a batch norm per byte); nor batch norms, which it runs on one thread.
        for (int side : new int[] {448, 640, 896}) {
            out.add(layered("element_wise add c=32 " + side + "x" + side, KernelClass.ELEMENT_WISE, 1, 1, 32, side,
                    "{op: add, from: [$prev, x]}"));
        }
        // PReLU after a 1x1 convolution and a batch norm, as networks run it, with the seeded weights
        // networks are measured with: ONNX Runtime branches on each element's sign, so its time depends on
        // the signs it sees (on random signs it ran 15x its time on one sign). At 56x56 too: small PReLUs
        // ran no faster on two threads than on one.
        for (int side : new int[] {56, 224, 448}) {
            out.add(groups("prelu c=32 " + side + "x" + side, KernelClass.PRELU, 1, 32, side,
                    "{op: conv, out: 32, kernel: 1, bias: false}", "{op: batchnorm}", "{op: prelu}"));
        }
        out.add(layered("pointwise_conv c=16 112x112", KernelClass.POINTWISE_CONV, 1, 1, 16, 112,
                "{op: conv, out: 16, kernel: 1, bias: false}"));
        for (int c : new int[] {32, 64, 128}) {
            out.add(layered("pointwise_conv c=" + c + " 28x28", KernelClass.POINTWISE_CONV, 1, 1, c, 28,
                    "{op: conv, out: " + c + ", kernel: 1, bias: false}"));
        }
        // Dense 3x3 layers from 0.9 to 925 MFLOP (14x14 to 112x112): how well small and large layers
        // use every thread (on two threads ONNX Runtime ran layers of 3.6 and 0.9 MFLOP at 1.3 and 2 times
        // the time the 14 MFLOP layers' rate gives them); the 56x56 ones are also the dilation sweep's.
        for (int[] cs : new int[][] {{16, 14}, {32, 14}, {32, 28}}) {
            out.add(layered("dense_conv c=" + cs[0] + " d=1 " + cs[1] + "x" + cs[1], KernelClass.DENSE_CONV, 1, 1, cs[0],
                    cs[1], "{op: conv, out: " + cs[0] + ", kernel: 3, padding: 1, bias: false}"));
        }
        for (int[] cs : new int[][] {{16, 112}, {64, 112}}) {
            out.add(layered("dense_conv c=" + cs[0] + " d=1 " + cs[1] + "x" + cs[1], KernelClass.DENSE_CONV, 1, 1, cs[0],
                    cs[1], "{op: conv, out: " + cs[0] + ", kernel: 3, padding: 1, bias: false}"));
        }
        // 25 channels, as ESPNet's branches have: ONNX Runtime runs these outside its blocked layout, as a
        // column matrix (im2col) and a matrix product, at about half the blocked convolutions' rate.
        out.add(layered("dense_conv c=25 d=1 56x56", KernelClass.DENSE_CONV, 1, 1, 25, 56,
                "{op: conv, out: 25, kernel: 3, padding: 1, bias: false}"));
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
        out.add(groups("dense_conv c=32 s=2 112x112", KernelClass.DENSE_CONV, 2, 32, 112,
                "{op: conv, out: 32, kernel: 3, stride: 2, padding: 1, bias: false}", NEAREST_X2));
        out.add(groups("depthwise_conv c=64 s=2 112x112", KernelClass.DEPTHWISE_CONV, 2, 64, 112,
                "{op: conv, out: 64, kernel: 3, stride: 2, padding: 1, groups: 64, bias: false}", NEAREST_X2));
        for (long g : new long[] {2, 4, 8}) {
            out.add(layered("grouped_conv c=128 g=" + g + " 28x28", KernelClass.GROUPED_CONV, 1, g, 128, 28,
                    "{op: conv, out: 128, kernel: 1, groups: " + g + ", bias: false}"));
        }
        // At 112x112, as decoders up-sample: at 28x28 the case took 0.4-0.7 ms from one calibration to the next,
        // and ONNX Runtime's transposed convolutions ran slower per FLOP on larger maps.
        out.add(pairs("transposed_conv c=32 112x112", KernelClass.TRANSPOSED_CONV, 32, 112,
                "{op: conv_transpose, out: 32, kernel: 2, stride: 2, bias: false}",
                "{op: conv, out: 32, kernel: 2, stride: 2, bias: false}"));
        out.add(layered("pooling max 3x3 c=32 56x56", KernelClass.POOLING, 1, 1, 32, 56,
                "{op: maxpool, kernel: 3, stride: 1, padding: 1}"));
        // 24 channels, not a whole block: ONNX Runtime pools these in NCHW, with a slower kernel.
        out.add(groups("pooling avg+max 3x3 c=24 56x56", KernelClass.POOLING, 1, 24, 56,
                "{op: avgpool, kernel: 3, stride: 1, padding: 1}", "{op: maxpool, kernel: 3, stride: 1, padding: 1}"));
        // ENet's down-sampling pool, which keeps its indices for the decoder's max-unpooling.
        out.add(pairs("pooling_indices max 2x2 c=32 112x112", KernelClass.POOLING_INDICES, 32, 112,
                "{op: maxpool, kernel: 2, stride: 2, indices: true}", NEAREST_X2));
        // Bilinear up-sampling to 448x448, nearer the large maps segmentation heads up-sample than 28x28,
        // each after an average pooling, which runs blocked from either layout, so every resize reads a
        // blocked tensor, as the transformer runs it after blocked convolutions.
        out.add(groups("resize bilinear x2 c=16 224x224", KernelClass.RESIZE, 1, 16, 448,
                "{op: avgpool, kernel: 2, stride: 2}", "{op: upsample, scale: 2, mode: bilinear}"));
        // The same on 20 channels, not a whole block: the pooling and the resize run in NCHW, as a
        // segmentation head's final up-sampling after a plain layer does, with slower kernels.
        out.add(groups("resize bilinear x2 c=20 224x224", KernelClass.RESIZE, 1, 20, 448,
                "{op: avgpool, kernel: 2, stride: 2}", "{op: upsample, scale: 2, mode: bilinear, align_corners: true}"));
        out.add(layered("copy concat c=32 28x28", KernelClass.COPY, 1, 1, 32, 28, null));
        // Pointwise convolutions from 32 channels to 64, each followed by a slice of its first 32: the
        // convolutions run blocked and the slices in NCHW, so every tensor between them is reordered, one
        // way or the other (without a blocked layout nothing is left to fit); on tensors of 0.4 and 0.8 MB,
        // which stay in the caches, and of 13 to 51 MB, as networks reorder large maps (on one thread ONNX
        // Runtime copied the small ones 2-4x as fast per byte). Convolutions of 32 channels read and write
        // blocked tensors, so convolutions alone do not reorder.
        for (int side : new int[] {56, 320, 448}) {
            out.add(groups("reorder pointwise-slice c=32 " + side + "x" + side, KernelClass.REORDER, 1, 32, side,
                    "{op: conv, out: 64, kernel: 1, bias: false}", "{op: slice, start: 0, end: 32}"));
        }
        return out;
    }

    /**
     * Ten identical layers, each reading the one before ({@code $prev} in a layer names it); a null
     * layer makes a chain of concatenations of the input with itself, split back.
     */
    private static Case layered(String name, KernelClass k, long dilation, long groups, int c, int side, String layer) {
        StringBuilder y = header(c, side);
        String prev = "x";
        for (int i = 0; i < LAYERS; i++) {
            if (layer == null) {
                y.append("  - {name: l").append(i).append(", op: concat, from: [").append(prev).append(", ").append(prev)
                        .append("]}\n  - {name: s").append(i).append(", op: slice, start: 0, end: ").append(c).append("}\n");
                prev = "s" + i;
            } else {
                String reading = layer.replace("$prev", prev);
                y.append("  - {name: l").append(i).append(", ").append(reading, 1, reading.length()).append('\n');
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
        return groups(name, k, 1, c, side, layer, undo);
    }

    /** Five groups of the given layers, named l, u and v with the group's number. */
    private static Case groups(String name, KernelClass k, long stride, int c, int side, String... layers) {
        StringBuilder y = header(c, side);
        for (int i = 0; i < LAYERS / 2; i++) {
            for (int j = 0; j < layers.length; j++) {
                y.append("  - {name: ").append("luv".charAt(j)).append(i).append(", ")
                        .append(layers[j], 1, layers[j].length()).append('\n');
            }
        }
        return new Case(name, k, 1, 1, stride, y.toString());
    }

    private static StringBuilder header(int c, int side) {
        return new StringBuilder("network: micro\ninputs: {x: [1, " + c + ", " + side + ", " + side + "]}\nlayers:\n");
    }
}
