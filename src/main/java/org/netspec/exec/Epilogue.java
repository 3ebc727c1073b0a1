package org.netspec.exec;

import java.util.List;
import org.netspec.ops.Attributes;
import org.netspec.ops.PerChannel;

/**
 * Per-channel operators (batch norm, PReLU, activations) that a convolution applies to its output
 * rows in place while they are still in cache, instead of the operators' own passes over the
 * whole tensor. Each step is the operator's own {@link PerChannel#computePlane} arithmetic on the
 * values the unfused run would have read, so the fused run gives the unfused bits.
 */
record Epilogue(List<Step> steps) {
    static final Epilogue NONE = new Epilogue(List.of());

    /** One absorbed operator with its attributes and weights. */
    record Step(PerChannel op, Attributes attributes, List<float[]> weights) {
    }

    Epilogue {
        steps = List.copyOf(steps);
    }

    /** Applies every step, in order, to {@code data[from .. from + length)} of output channel {@code channel}. */
    void apply(int channel, float[] data, int from, int length) {
        for (Step s : steps) {
            s.op.computePlane(s.attributes, s.weights, channel, data, data, from, length);
        }
    }
}
