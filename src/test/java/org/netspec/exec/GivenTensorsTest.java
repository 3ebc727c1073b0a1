package org.netspec.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;
import org.netspec.spec.SpecException;

/** Runs with weights and inputs given instead of drawn, and the checks that catch values bound wrongly. */
class GivenTensorsTest {
    private static final Executor.Progress QUIET = (done, total, node) -> { };

    private static Network small() throws SpecException {
        return Specs.load(Path.of("src/test/resources/safetensors/small.yaml"));
    }

    @Test
    void zeroWeightsGiveThePReLUOfTheBatchNormOfZero() throws SpecException {
        Network net = small();
        // conv weights and bias 0, batch norm (weight, bias, mean, var) = (2, 1, 3, 4), PReLU slope 0.5:
        // bn(0) = (0 - 3) / sqrt(4 + 1e-5) x 2 + 1 = -2.0000..., and PReLU halves it.
        Weights weights = node -> switch (node.name()) {
            case "bn" -> List.of(new float[] {2, 2, 2}, new float[] {1, 1, 1}, new float[] {3, 3, 3}, new float[] {4, 4, 4});
            case "act" -> List.of(new float[] {0.5f, 0.5f, 0.5f});
            default -> Weights.seeded(1).of(node).stream().map(w -> new float[w.length]).toList();
        };
        Execution e = Executor.run(net, new Executor.Options(1, weights, Inputs.seeded(1)), QUIET);
        float expected = (float) (0.5 * ((0 - 3) / Math.sqrt(4 + 1e-5) * 2 + 1));
        for (float v : e.outputs().get(net.node("act").orElseThrow()).data()) {
            assertEquals(expected, v, 1e-6f);
        }
    }

    @Test
    void theGivenInputIsTheOneRun() throws SpecException {
        Network net = small();
        // A 3x3 convolution of ones (no bias) over 2 channels of ones, padding 1: each output counts the
        // input positions its window covers, 2 x 4 at a corner, 2 x 6 on an edge, 2 x 9 inside; batch
        // norm with mean 0 and variance 1 and PReLU with slope 1 pass it on (up to sqrt(1 + eps)).
        Weights weights = node -> switch (node.name()) {
            case "c" -> List.of(filled(54, 1), new float[3]);
            case "bn" -> List.of(filled(3, 1), new float[3], new float[3], filled(3, 1));
            case "act" -> List.of(filled(3, 1));
            default -> Weights.seeded(1).of(node);
        };
        Node x = net.node("x").orElseThrow();
        Execution e = Executor.run(net, new Executor.Options(1, weights, input -> Tensor.of(x.shape(), filled(32, 1))),
                QUIET);
        float[] plane = {8, 12, 12, 8, 12, 18, 18, 12, 12, 18, 18, 12, 8, 12, 12, 8};
        float[] out = e.outputs().get(net.node("act").orElseThrow()).data();
        for (int i = 0; i < out.length; i++) {
            assertEquals(plane[i % 16] / Math.sqrt(1 + 1e-5), out[i], 1e-5, "element " + i);
        }
    }

    @Test
    void valuesOfTheWrongSizeAreRefused() throws SpecException {
        Network net = small();
        Weights tooFew = node -> node.name().equals("c") ? List.of(new float[54], new float[2]) : Weights.seeded(1).of(node);
        IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                () -> Executor.run(net, new Executor.Options(1, tooFew, Inputs.seeded(1)), QUIET));
        assertEquals("2 values for `c.bias` of shape 3", w.getMessage());
        Inputs wrong = input -> Tensor.zeros(Shape.of(1, 2, 4, 5));
        IllegalArgumentException i = assertThrows(IllegalArgumentException.class,
                () -> Executor.run(net, new Executor.Options(1, Weights.seeded(1), wrong), QUIET));
        assertEquals("a tensor of 1x2x4x5 for input `x` of shape 1x2x4x4", i.getMessage());
    }

    private static float[] filled(int n, float v) {
        float[] out = new float[n];
        Arrays.fill(out, v);
        return out;
    }
}
