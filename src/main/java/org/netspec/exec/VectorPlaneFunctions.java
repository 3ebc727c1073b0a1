package org.netspec.exec;

import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.netspec.ops.Attributes;
import org.netspec.ops.PRelu;
import org.netspec.ops.PerChannel;

/**
 * PReLU, ReLU and ReLU6 with the Vector API, for {@link PlaneFunction}. Each lane computes the
 * reference expression ({@code v >= 0 ? v : s * v}, {@code Math.max(v, 0)},
 * {@code Math.min(Math.max(v, 0), 6)}: the vector MAX and MIN are Math.max and Math.min, NaN and
 * signed zeros included), and the tail of a run shorter than a vector the scalar expression, so the
 * bits are the reference's. Loaded by name only when the incubator module is present.
 */
final class VectorPlaneFunctions implements PlaneFunction.Finder {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    @Override
    public PlaneFunction find(PerChannel op, Attributes a, List<float[]> weights) {
        if (op instanceof PRelu) {
            float[] slope = weights.get(0);
            return (channel, in, out, from, length) -> prelu(slope[slope.length == 1 ? 0 : channel], in, out, from, length);
        }
        return switch (op.name()) {
            case "relu" -> VectorPlaneFunctions::relu;
            case "relu6" -> VectorPlaneFunctions::relu6;
            default -> null;
        };
    }

    private static void prelu(float s, float[] in, float[] out, int from, int length) {
        int end = from + length;
        int i = from;
        for (; i + L <= end; i += L) {
            FloatVector v = FloatVector.fromArray(S, in, i);
            v.mul(s).blend(v, v.compare(VectorOperators.GE, 0f)).intoArray(out, i);
        }
        for (; i < end; i++) {
            float v = in[i];
            out[i] = v >= 0 ? v : s * v;
        }
    }

    private static void relu(int channel, float[] in, float[] out, int from, int length) {
        int end = from + length;
        int i = from;
        for (; i + L <= end; i += L) {
            FloatVector.fromArray(S, in, i).max(0f).intoArray(out, i);
        }
        for (; i < end; i++) {
            out[i] = Math.max(in[i], 0);
        }
    }

    private static void relu6(int channel, float[] in, float[] out, int from, int length) {
        int end = from + length;
        int i = from;
        for (; i + L <= end; i += L) {
            FloatVector.fromArray(S, in, i).max(0f).min(6f).intoArray(out, i);
        }
        for (; i < end; i++) {
            out[i] = Math.min(Math.max(in[i], 0), 6);
        }
    }
}
