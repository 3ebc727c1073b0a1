package org.netspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Guidelines;
import org.netspec.analysis.Profile;
import org.netspec.graph.Specs;
import org.netspec.spec.SpecException;

/** The words of the design review: one line per warning, numbers rounded as a reviewer reads them. */
class ReviewWarningsTest {
    @TempDir
    Path dir;

    @Test
    void threeIdenticalFindingsInARepeatAreOneLineWithTheirIndexRange() throws IOException, SpecException {
        Path spec = dir.resolve("thrice.yaml");
        Files.writeString(spec, """
                network: thrice
                inputs: {x: [1, 64, 32, 32]}
                layers:
                  - name: unit
                    repeat: 3
                    layers:
                      - {name: reduce, op: conv, out: 4, kernel: 1, bias: false}
                      - {name: expand, op: conv, out: 64, kernel: 3, padding: 1, bias: false}
                """);
        Analyses a = Analyses.of(Specs.load(spec), Profile.STANDARD, 4);
        // Each reduce: hw = 1024, B = 1024*64*4 = 262144 MACs; access 1024*(64 + 4) + 64*4 = 69888
        // against 2 sqrt(hw B) + B / hw = 2*16384 + 256 = 33024: 2.116x. The 3x3 expand is no G1 case.
        List<ReviewWarnings.Line> lines = ReviewWarnings.grouped(a);
        assertEquals(1, lines.size(), lines::toString);
        assertEquals("G1 x3 `unit.{0..2}.reduce`: 1x1 convolution 64 -> 4 channels accesses 2.12x the memory of "
                + "equal widths with the same MACs", lines.get(0).text());
        // Located at the reduce layer: line 7 of the file, where its flow mapping opens.
        assertEquals(spec, lines.get(0).location().file());
        assertEquals(7, lines.get(0).location().line());
        assertEquals(9, lines.get(0).location().column());
        // One line per finding when asked for all of them.
        List<ReviewWarnings.Line> all = ReviewWarnings.located(a);
        assertEquals(List.of("G1 `unit.0.reduce`", "G1 `unit.1.reduce`", "G1 `unit.2.reduce`"),
                all.stream().map(l -> l.text().substring(0, l.text().indexOf(':'))).toList());
    }

    @Test
    void subjectsDifferingInTheirLastIndexShareAPatternWithRanges() {
        assertEquals("`a.{0..1,3}.b`, `c`, `d.7`", ReviewWarnings.compress(List.of("a.0.b", "a.1.b", "c", "a.3.b", "d.7")));
        assertEquals("`level3.{0..7}`", ReviewWarnings.compress(List.of("level3.7", "level3.0", "level3.1", "level3.2",
                "level3.3", "level3.4", "level3.5", "level3.6")));
    }

    @Test
    void espnetsRepeatedBlocksAndLayersFitInTenLinesThatKeepEveryFinding() throws SpecException {
        Analyses a = Analyses.of(Specs.load(Path.of("specs/networks/espnet.yaml")), Profile.STANDARD, 4);
        List<ReviewWarnings.Line> grouped = ReviewWarnings.grouped(a);
        assertTrue(grouped.size() <= 10, grouped::toString);
        // The counts of the grouped lines add up to every finding.
        int findings = grouped.stream().mapToInt(l -> l.text().matches("\\S+ x\\d+ .*")
                ? Integer.parseInt(l.text().split(" ")[1].substring(1)) : 1).sum();
        assertEquals(ReviewWarnings.of(a).size(), findings);
        assertTrue(grouped.stream().anyMatch(l -> l.text().startsWith("G1 x8 `level3.{0..7}.reduce`: 1x1 convolution 128 -> 25 ")),
                grouped::toString);
    }
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
