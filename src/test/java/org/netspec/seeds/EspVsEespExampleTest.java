package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.Profile;
import org.netspec.graph.Specs;
import org.netspec.spec.SpecException;

/** The ESPNetv2 paper's comparison at M = N = 240, K = g = 4: conv weights 144,000 vs 20,160. */
class EspVsEespExampleTest {
    private static long convWeights(String file) throws SpecException {
        Costs costs = Costs.of(Specs.load(Path.of("examples/esp-vs-eesp", file)), Profile.STANDARD);
        return costs.rollup(Grouping.OP).stream().filter(g -> g.name().equals("conv")).findFirst().orElseThrow()
                .count().params();
    }

    @Test
    void espConvolutionWeights() throws SpecException {
        // 1x1 reduction 240*60 + four 3x3 branches 4*60*60*9.
        assertEquals(240 * 60 + 4 * 60 * 60 * 9, convWeights("esp.yaml"));
        assertEquals(144_000, convWeights("esp.yaml"));
    }

    @Test
    void eespConvolutionWeights() throws SpecException {
        // grouped 1x1 reduction 240*60/4 + four depthwise 3x3 4*60*9 + grouped 1x1 expansion 240*240/4.
        assertEquals(240 * 60 / 4 + 4 * 60 * 9 + 240 * 240 / 4, convWeights("eesp.yaml"));
        assertEquals(20_160, convWeights("eesp.yaml"));
    }
}
