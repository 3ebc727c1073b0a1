package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.Profile;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;
import org.netspec.spec.Overrides;

/** ShuffleNet V2 as torchvision v0.21.0 builds it: shufflenet-mobilenet-blocks.md section 3.1. */
class ShuffleNetV2Test {
    private static final Path SPEC = Path.of("specs/networks/shufflenet-v2.yaml");

    private static Costs costs(String width) throws Exception {
        Network net = Specs.load(SPEC, Overrides.NONE.withParam("width", width));
        return Costs.of(net, Profile.STANDARD);
    }

    // shufflenet-mobilenet-blocks.md 3.1, table "recount torchvision layout": exact parameters and
    // MACs (conv + linear, torchvision's `_ops`) to the published 0.01 M.
    @ParameterizedTest
    @CsvSource({
        "0.5, 1366792, 4048",
        "1.0, 2278604, 14491",
        "1.5, 3503624, 29576",
        "2.0, 7393996, 58325",
    })
    void reproducesTorchvisionAtEveryWidth(String width, long params, long macsIn10k) throws Exception {
        Costs c = costs(width);
        assertEquals(params, c.total().params());
        assertEquals(macsIn10k, Math.round(c.total().macs() / 1e4));
    }

    @Test
    void defaultIsTheOneXModel() throws Exception {
        Costs c = Costs.of(Specs.load(SPEC), Profile.STANDARD);
        assertEquals(2_278_604, c.total().params()); // 3.1: x1_0, 2,278,604
    }

    @Test
    void classifierIsABiasedLinearFromConv5() throws Exception {
        // 3.1: fc = Linear(1024, 1000) with bias (2048 at 2.0x).
        assertEquals(1024 * 1000 + 1000, opParams(costs("1.0"), "linear"));
        assertEquals(2048 * 1000 + 1000, opParams(costs("2.0"), "linear"));
    }

    static long opParams(Costs c, String op) {
        return c.rollup(Grouping.OP).stream().filter(g -> g.name().equals(op)).findFirst().orElseThrow()
                .count().params();
    }
}
