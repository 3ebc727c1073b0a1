package org.netspec.report;

import java.awt.Color;
import java.util.Map;
import org.netspec.ops.Operator;

/**
 * The kinds of operator a design review distinguishes, each with its colour (Okabe-Ito, readable
 * by colour-blind readers): where parameters, work and memory traffic go.
 */
public enum OperatorKind {
    PRODUCT("convolution / linear", new Color(0x0072B2)),
    NORMALISATION("batch norm", new Color(0xE69F00)),
    ACTIVATION("activation", new Color(0x009E73)),
    ELEMENT_WISE("add / mul", new Color(0xCC79A7)),
    POOLING("pooling / resampling", new Color(0x56B4E9)),
    DATA_MOVEMENT("concat / split / shuffle / pad", new Color(0xD55E00)),
    OTHER("other", new Color(0x999999));

    private static final Map<String, OperatorKind> BY_OP = Map.ofEntries(
            Map.entry("conv", PRODUCT), Map.entry("conv_transpose", PRODUCT), Map.entry("linear", PRODUCT),
            Map.entry("batchnorm", NORMALISATION),
            Map.entry("relu", ACTIVATION), Map.entry("relu6", ACTIVATION), Map.entry("prelu", ACTIVATION),
            Map.entry("sigmoid", ACTIVATION), Map.entry("tanh", ACTIVATION), Map.entry("hardswish", ACTIVATION),
            Map.entry("hardsigmoid", ACTIVATION), Map.entry("softmax", ACTIVATION),
            Map.entry("add", ELEMENT_WISE), Map.entry("mul", ELEMENT_WISE),
            Map.entry("maxpool", POOLING), Map.entry("avgpool", POOLING), Map.entry("adaptive_avgpool", POOLING),
            Map.entry("global_avgpool", POOLING), Map.entry("upsample", POOLING), Map.entry("max_unpool", POOLING),
            Map.entry("concat", DATA_MOVEMENT), Map.entry("split", DATA_MOVEMENT), Map.entry("chunk", DATA_MOVEMENT),
            Map.entry("slice", DATA_MOVEMENT), Map.entry("channel_shuffle", DATA_MOVEMENT), Map.entry("pad", DATA_MOVEMENT));

    private final String label;
    private final Color colour;

    OperatorKind(String label, Color colour) {
        this.label = label;
        this.colour = colour;
    }

    public static OperatorKind of(Operator op) {
        return BY_OP.getOrDefault(op.name(), OTHER);
    }

    public String label() {
        return label;
    }

    public Color colour() {
        return colour;
    }
}
