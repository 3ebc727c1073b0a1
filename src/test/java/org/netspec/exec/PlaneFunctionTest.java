package org.netspec.exec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.netspec.kernels.Naive;
import org.netspec.ops.Attributes;
import org.netspec.ops.Operators;
import org.netspec.ops.PerChannel;

/** The vectorised per-channel arithmetic gives the operators' own bits, special values included. */
class PlaneFunctionTest {
    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("prelu", Map.of(), List.of(new float[] {0.25f, -0.5f, 3f})),
                Arguments.of("prelu", Map.of("shared", true), List.of(new float[] {0.1f})),
                Arguments.of("relu", Map.of(), List.of()),
                Arguments.of("relu6", Map.of(), List.of()));
    }

    /** Random values with the ones that tell implementations apart: signed zeros, NaN, infinities, values near 6. */
    private static float[] values(int n) {
        float[] v = Naive.randomValues(3, n, -8, 8);
        float[] special = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 6f, Math.nextUp(6f),
            -Float.MIN_VALUE, Float.MIN_VALUE, -1e-30f};
        for (int i = 0; i < special.length; i++) {
            v[i * 7 % n] = special[i];
        }
        return v;
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void vectorisedGivesTheOperatorsBits(String name, Map<String, Object> raw, List<float[]> weights) {
        PerChannel op = (PerChannel) Operators.find(name).orElseThrow();
        Attributes a = Attributes.of(op, raw);
        PlaneFunction fast = PlaneFunction.of(op, a, weights);
        PlaneFunction reference = PlaneFunction.reference(op, a, weights);
        float[] in = values(203);
        // runs shorter than, equal to and longer than a vector, at offsets that are not vector-aligned
        for (int[] run : new int[][] {{0, 203}, {5, 3}, {1, 16}, {17, 100}, {2, 0}}) {
            for (int channel = 0; channel < 3; channel++) {
                float[] expected = Naive.randomValues(9, 203, -1, 1);
                float[] actual = expected.clone();
                reference.apply(channel, in, expected, run[0], run[1]);
                fast.apply(channel, in, actual, run[0], run[1]);
                assertArrayEquals(expected, actual, name + " run " + run[0] + "+" + run[1] + " channel " + channel);
                float[] inPlace = in.clone();
                fast.apply(channel, inPlace, inPlace, run[0], run[1]);
                float[] expectedInPlace = in.clone();
                reference.apply(channel, expectedInPlace, expectedInPlace, run[0], run[1]);
                assertArrayEquals(expectedInPlace, inPlace, name + " in place");
            }
        }
    }

    @Test
    void preluNegativesAreScaledByTheirChannelsSlope() {
        PerChannel op = (PerChannel) Operators.find("prelu").orElseThrow();
        PlaneFunction fast = PlaneFunction.of(op, Attributes.of(op, Map.of()), List.of(new float[] {0.5f, 0.25f}));
        float[] x = new float[40];
        for (int i = 0; i < x.length; i++) {
            x[i] = i % 2 == 0 ? -4 : 4;
        }
        float[] y = new float[40];
        fast.apply(1, x, y, 0, 40);
        for (int i = 0; i < y.length; i++) {
            assertEquals(i % 2 == 0 ? -1f : 4f, y[i]);
        }
    }

    @Test
    void theVectorAPIVersionsAreFoundWhenTheModuleIsPresent() {
        // the tests run with --add-modules jdk.incubator.vector, so the comparisons above compare two implementations
        for (String name : List.of("prelu", "relu", "relu6")) {
            PerChannel op = (PerChannel) Operators.find(name).orElseThrow();
            List<float[]> w = name.equals("prelu") ? List.of(new float[] {0.2f}) : List.of();
            assertNotNull(PlaneFunction.Vectorised.FINDER.find(op, Attributes.of(op, Map.of()), w), name);
        }
    }
}
