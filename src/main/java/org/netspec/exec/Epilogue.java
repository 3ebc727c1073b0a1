package org.netspec.exec;

import java.util.List;
import org.netspec.ops.Attributes;
import org.netspec.ops.PerChannel;

/**
 * Per-channel operators (batch norm, PReLU, activations) that a kernel applies to its output runs
 * in place while they are still in cache, instead of the operators' own passes over the whole
 * tensor. Each step is the operator's arithmetic ({@link PlaneFunction}) on the values the unfused
 * run would have read, so the fused run gives the unfused bits.
 */
final class Epilogue {
    static final Epilogue NONE = new Epilogue(List.of());

    /** One absorbed operator with its attributes and weights. */
    record Step(PerChannel op, Attributes attributes, List<float[]> weights) {
    }

    private final PlaneFunction[] steps;

    Epilogue(List<Step> steps) {
        this.steps = steps.stream().map(s -> PlaneFunction.of(s.op, s.attributes, s.weights)).toArray(PlaneFunction[]::new);
    }

    boolean isEmpty() {
        return steps.length == 0;
    }

    /** Applies every step, in order, to {@code data[from .. from + length)} of output channel {@code channel}. */
    void apply(int channel, float[] data, int from, int length) {
        for (PlaneFunction s : steps) {
            s.apply(channel, data, data, from, length);
        }
    }
}
