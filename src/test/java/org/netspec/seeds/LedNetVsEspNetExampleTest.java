package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.graph.Specs;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;

/**
 * examples/lednet-vs-espnet: an SS-nbt unit of rate d sees a dense 3x3 box plus a 3x3 lattice of
 * step d, 81 of its (2d + 3)^2 offsets once d > 3; stacked, LEDNet's units see every offset.
 */
class LedNetVsEspNetExampleTest {
    private static Map<String, BigFraction> coverages(Path spec, Overrides overrides) throws SpecException {
        return Gridding.of(Specs.load(spec, overrides)).blocks().stream()
                .collect(Collectors.toMap(Gridding.Block::name, Gridding.Block::coverage));
    }

    @Test
    void eachDilatedUnitOfLednetSees81OffsetsOfItsField() throws SpecException {
        Map<String, BigFraction> units = coverages(Path.of("specs/networks/lednet.yaml"), Overrides.NONE);
        assertEquals(BigFraction.ONE, units.get("encoder.stage3.1"));                  // d = 2: 7 x 7, dense
        assertEquals(new BigFraction(81, 13 * 13), units.get("encoder.stage3.2"));      // d = 5
        assertEquals(new BigFraction(81, 21 * 21), units.get("encoder.stage3.3"));      // d = 9
        assertEquals(new BigFraction(81, 37 * 37), units.get("encoder.stage3.7"));      // d = 17
    }

    @Test
    void theStackOfUnitsHasNoHoles() throws SpecException {
        Path stage3 = Path.of("examples/lednet-vs-espnet/lednet-stage3.yaml");
        assertEquals(BigFraction.ONE, coverages(stage3, Overrides.NONE).get("lednet_stage3"));
        assertEquals(new BigFraction(81, 37 * 37),
                coverages(stage3, Overrides.NONE.withParam("rates", "[17]")).get("lednet_stage3"));
    }

    @Test
    void oneEspModuleSees41OffsetsOfItsField() throws SpecException {
        // The rate-1 branch's 3x3 box and 8 new offsets per rate 2, 4, 8, 16: 9 + 4 x 8 = 41 of 33 x 33.
        Path level3 = Path.of("examples/lednet-vs-espnet/espnet-level3.yaml");
        assertEquals(new BigFraction(41, 33 * 33), coverages(level3, Overrides.NONE.withParam("q", "1")).get("espnet_level3"));
    }
}
