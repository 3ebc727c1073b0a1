package org.netspec.report;

import java.awt.Color;
import org.netspec.ops.Category;
import org.netspec.ops.Operator;

/**
 * The kinds of operator a design review distinguishes, each with its colour (Okabe-Ito, readable
 * by colour-blind readers): where parameters, work and memory traffic go. Each kind gathers
 * operator categories, which the operators declare.
 */
public enum OperatorKind {
    PRODUCT("convolution / linear", new Color(0x0072B2)),
    NORMALISATION("batch norm", new Color(0xE69F00)),
    ACTIVATION("activation", new Color(0x009E73)),
    ELEMENT_WISE("add / mul", new Color(0xCC79A7)),
    POOLING("pooling / resampling", new Color(0x56B4E9)),
    DATA_MOVEMENT("concat / split / shuffle / pad", new Color(0xD55E00)),
    OTHER("other", new Color(0x999999));

    private final String label;
    private final Color colour;

    OperatorKind(String label, Color colour) {
        this.label = label;
        this.colour = colour;
    }

    public static OperatorKind of(Operator op) {
        return of(op.category());
    }

    /** Exhaustive over the categories: a new category does not compile until it has a kind. */
    public static OperatorKind of(Category category) {
        return switch (category) {
            case CONVOLUTION, TRANSPOSED_CONVOLUTION, LINEAR -> PRODUCT;
            case NORMALISATION -> NORMALISATION;
            case ACTIVATION -> ACTIVATION;
            case ELEMENT_WISE -> ELEMENT_WISE;
            case POOLING, RESAMPLING -> POOLING;
            case DATA_MOVEMENT -> DATA_MOVEMENT;
            case INPUT, PASS_THROUGH -> OTHER;
        };
    }

    public String label() {
        return label;
    }

    public Color colour() {
        return colour;
    }
}
