package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.Profile;
import org.netspec.graph.Specs;
import org.netspec.spec.Overrides;

/** ShuffleNet v1 as the official Megvii code builds it: shufflenet-mobilenet-blocks.md section 4. */
class ShuffleNetV1Test {
    private static final Path SPEC = Path.of("specs/networks/shufflenet-v1.yaml");

    private static Costs costs(String groups, String width) throws Exception {
        return Costs.of(Specs.load(SPEC, Overrides.NONE.withParam("groups", groups).withParam("width", width)),
                Profile.STANDARD);
    }

    private static long opMacs(Costs c, String op) {
        return c.rollup(Grouping.OP).stream().filter(g -> g.name().equals(op)).findFirst().orElseThrow()
                .count().macs();
    }

    // shufflenet-mobilenet-blocks.md 4.2, table of the official models: recount params and MACs
    // including the FC (README: 1.9M/138M, 2.4M/138M, 0.7M/38M, 3.4M/292M, 5.4M/524M, 1.0M/40M,
    // 4.3M/290M, 6.5M/522M).
    @ParameterizedTest(name = "g={0} {1}x")
    @CsvSource({
        "3, 1.0, 1864728, 137460672",
        "8, 1.0, 2433768, 138365952",
        "3, 0.5, 717324, 37589856",
        "3, 1.5, 3441168, 292443552",
        "3, 2.0, 5449776, 524045184",
        "8, 0.5, 1010448, 40469760",
        "8, 1.5, 4268952, 290188800",
        "8, 2.0, 6521232, 521942016",
    })
    void reproducesTheOfficialModels(String groups, String width, long params, long macs) throws Exception {
        Costs c = costs(groups, width);
        assertEquals(params, c.total().params());
        assertEquals(macs, c.total().macs());
    }

    @Test
    void defaultsAreOneXWithThreeGroups() throws Exception {
        Costs c = Costs.of(Specs.load(SPEC), Profile.STANDARD);
        assertEquals(1_864_728, c.total().params()); // 4.2: 1.0x g=3
        assertEquals(137_460_672, c.total().macs()); // 4.2: 1.0x g=3 incl. FC
    }

    // shufflenet-mobilenet-blocks.md 4.1, recount of the paper's Table 1: conv MACs alone give the
    // complexity row (143M, 140M, 137M, 133M, 137M); + FC = 1000 * C4.
    @ParameterizedTest(name = "g={0}")
    @CsvSource({
        "1, 142502976, 143078976",
        "2, 140036512, 140836512",
        "3, 136500672, 137460672",
        "4, 133251776, 134339776",
        "8, 136829952, 138365952",
    })
    void convolutionsGiveThePaperTable1(String groups, long convMacs, long withFc) throws Exception {
        Costs c = costs(groups, "1.0");
        assertEquals(convMacs, opMacs(c, "conv"));
        assertEquals(withFc, c.total().macs());
        assertEquals(withFc - convMacs, opMacs(c, "linear")); // 4.2: Linear(C4, 1000, bias=False)
    }
}
