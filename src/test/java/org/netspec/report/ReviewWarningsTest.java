package org.netspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Guidelines;
import org.netspec.analysis.Profile;
import org.netspec.graph.Specs;
import org.netspec.spec.SpecException;

/** The words of the design review: one line per warning, numbers rounded as a reviewer reads them. */
class ReviewWarningsTest {
    @Test
    void eachGuidelineSaysWhatItMeasuredInItsOwnWords() {
        assertEquals("G1 `a.reduce`: 1x1 convolution 64 -> 12 channels accesses 1.37x the memory of equal widths "
                + "with the same MACs", ReviewWarnings.guideline(new Guidelines.Finding("G1", "a.reduce", 1.3749, true, 64, 12, 1)));
        assertEquals("G2 `b.exp`: 4 groups; it accesses 1.50x the memory of a dense convolution with the same MACs",
                ReviewWarnings.guideline(new Guidelines.Finding("G2", "b.exp", 1.5, true, 128, 128, 4)));
        assertEquals("G3 `level2.0`: 5 parallel branches (fragmentation lowers parallelism on GPUs)",
                ReviewWarnings.guideline(new Guidelines.Finding("G3", "level2.0", 5, true, 0, 0, 0)));
        assertEquals("G4 `net`: element-wise operators take 56.0% of the memory access",
                ReviewWarnings.guideline(new Guidelines.Finding("G4", "net", 0.5604, true, 0, 0, 0)));
    }

    @Test
    void theGroupedPointwiseConvolutionOfEespNamesItsGroupsAndRatio() throws SpecException {
        // level3.0.exp: 128 -> 128 channels in 4 groups at 28x28, against the dense 128 -> 32 with the
        // same MACs: (784*128 + 784*128 + 128*128/4) / (784*128 + 784*32 + 32*128) = 204800 / 129536 = 1.581.
        Analyses a = Analyses.of(Specs.load(Path.of("specs/networks/espnetv2-imagenet.yaml")), Profile.STANDARD, 4);
        Guidelines.Finding f = a.guidelines().stream()
                .filter(g -> g.guideline().equals("G2") && g.subject().equals("level3.0.exp")).findFirst().orElseThrow();
        assertEquals("G2 `level3.0.exp`: 4 groups; it accesses 1.58x the memory of a dense convolution with the same MACs",
                ReviewWarnings.guideline(f));
    }

    @Test
    void griddingComesFirstThenTheGuidelinesThatCrossTheirThreshold() throws SpecException {
        Analyses a = Analyses.of(Specs.load(Path.of("specs/networks/espnet.yaml")), Profile.STANDARD, 4);
        List<String> lines = ReviewWarnings.of(a);
        int gridding = a.gridding().warnings().size();
        long crossing = a.guidelines().stream().filter(Guidelines.Finding::warning).count();
        assertTrue(gridding > 0 && crossing > 0, "espnet grids and breaks guidelines");
        assertEquals(gridding + crossing, lines.size());
        lines.subList(0, gridding).forEach(l -> assertTrue(l.startsWith("gridding `"), l));
        lines.subList(gridding, lines.size()).forEach(l -> assertTrue(l.matches("G[1-4] `.*"), l));
        // ESPNet's element-wise operators (batch norm, PReLU, add) are the G4 line, always last.
        assertTrue(lines.get(lines.size() - 1).startsWith("G4 `espnet`: element-wise operators take "), lines::toString);
    }
}
