package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * compare on equal terms: block files on one input, shapes in every format, a warning when inputs
 * must differ, --set per subject, blocks matched by kind and position. Every expected count is
 * derived by hand in the comments.
 */
class CompareEqualTermsTest {
    private static final String ESP = "specs/blocks/esp.yaml";
    private static final String EESP = "specs/blocks/eesp.yaml";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("compare"));
        all.addAll(List.of(args));
        all.addAll(List.of("--format", "json"));
        CommandLineTest.Run r = CommandLineTest.run(all.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        return JSON.readTree(r.out());
    }

    private static JsonNode row(JsonNode comparison, String section, String quantity) {
        for (JsonNode r : comparison.get("rows")) {
            if (r.get("section").asText().equals(section) && r.get("quantity").asText().equals(quantity)) {
                return r.get("values");
            }
        }
        throw new AssertionError("no row " + section + " / " + quantity + " in " + comparison);
    }

    private static List<Long> longs(JsonNode values) {
        List<Long> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asLong()));
        return out;
    }

    @Test
    void blocksRunOnTheFirstSubjectsInput() throws Exception {
        // ESP's sample is 1x64x128x256; EESP's own sample (1x128x28x28) gives way to it.
        JsonNode c = json(ESP, EESP);
        for (JsonNode s : c.get("subjects")) {
            assertEquals("[1,64,128,256]", s.at("/inputs/0/shape").toString(), c::toString);
        }
        assertTrue(c.get("sameInputs").asBoolean());
        assertTrue(c.get("warning").isNull());
        // EESP on 64 channels, out 128, K 4 (n 32), per position: grouped 1x1 proj 32*64/4 = 512,
        // four depthwise 3x3 4*32*9 = 1,152, grouped 1x1 expansion 128*128/4 = 4,096; 5,760 in all,
        // times 128*256 positions. ESP (K 5, n 12, n1 16): 64*12 + 16*12*9 + 4*12*12*9 = 7,680.
        assertEquals(List.of(7_680L * 128 * 256, 5_760L * 128 * 256), longs(row(c, "operator", "conv MACs")));
        // the outputs differ (EESP's sample keeps out 128) and the shapes say so
        assertEquals("[1,128,128,256]", c.at("/subjects/1/outputs/0/shape").toString());
    }

    @Test
    void shapesAppearInTextAndMarkdown() {
        for (String format : List.of("table", "markdown")) {
            CommandLineTest.Run r = CommandLineTest.run("compare", ESP, EESP, "--format", format);
            assertEquals(0, r.code(), r.err());
            assertTrue(r.out().lines().anyMatch(l -> l.contains("input") && l.contains("1x64x128x256") && l.contains("same")),
                    r.out());
            assertTrue(r.out().lines().anyMatch(l -> l.contains("output") && l.contains("1x64x128x256")
                    && l.contains("1x128x128x256") && l.contains("differs")), r.out());
            assertFalse(r.out().toLowerCase().contains("warning:"), r.out());
        }
    }

    @Test
    void subjectsWhoseInputsMustDifferAreWarnedAboutInEveryFormat() throws Exception {
        // ESP's residual adds its 64-channel concatenation to the input: on EESP's 128-channel
        // sample it does not build, so it keeps its own input.
        CommandLineTest.Run text = CommandLineTest.run("compare", EESP, ESP);
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().lines().anyMatch(l -> l.startsWith("WARNING: the subjects run on different inputs")
                && l.contains("eesp 1x128x28x28") && l.contains("esp 1x64x128x256")), text.out());
        assertTrue(text.err().contains("note: esp keeps its own input 1x64x128x256: it does not build on eesp's input 1x128x28x28"),
                text.err());
        CommandLineTest.Run markdown = CommandLineTest.run("compare", EESP, ESP, "--format", "markdown");
        assertTrue(markdown.out().contains("> **Warning:** the subjects run on different inputs"), markdown.out());
        CommandLineTest.Run csv = CommandLineTest.run("compare", EESP, ESP, "--format", "csv");
        assertTrue(csv.out().lines().skip(1).findFirst().orElseThrow().startsWith("standard,warning,"), csv.out());
        JsonNode c = json(EESP, ESP);
        assertFalse(c.get("sameInputs").asBoolean());
        assertTrue(c.get("warning").asText().contains("different inputs"), c::toString);
    }

    @Test
    void networkFilesKeepTheirOwnInputs() throws Exception {
        // A network file's input is part of its design: named.yaml's 1x16x32x32 does not replace
        // the 1x240x64x128 of the ESP example, and the comparison warns.
        JsonNode c = json("src/test/resources/specs/compare/named.yaml", "examples/esp-vs-eesp/esp.yaml");
        assertEquals("[1,240,64,128]", c.at("/subjects/1/inputs/0/shape").toString());
        assertFalse(c.get("sameInputs").asBoolean());
    }

    @Test
    void aPlainSetGoesToTheSubjectsThatDeclareIt() throws Exception {
        // r_lim 3 keeps one rate-2 branch at most: (3 - 3) / 2 + 1 = 1 kept, and K - kept = 3 branches
        // fall back to rate 1, so the kept one has rate j - (K - kept) + 1 = 1: every branch 3x3
        // with rate 1, a 3x3 field. ESP has no r_lim and keeps K 5: 1 + 2 * 16 = 33.
        JsonNode c = json(ESP, EESP, "--set", "r_lim=3");
        assertEquals(List.of(33L, 3L), longs(row(c, "design", "receptive field height (output)")));
    }

    @Test
    void aTargetedSetGoesToOneSubjectByFileNameOrPosition() throws Exception {
        // EESP with K 8 on 64 channels, out 128 (n 16): 16*64/8 + 8*16*9 + 128*128/8 = 3,328
        // conv weights; ESP (both have K) keeps its 7,680.
        for (String target : List.of("eesp.yaml:K", "2:K", "eesp:K")) {
            JsonNode c = json(ESP, EESP, "--set", target + "=8");
            assertEquals(List.of(7_680L, 3_328L), longs(row(c, "operator", "conv params")), target);
        }
    }

    @Test
    void aSetThatNoSubjectTakesFails() {
        CommandLineTest.Run nowhere = CommandLineTest.run("compare", ESP, EESP, "--set", "nosuch=1");
        assertEquals(2, nowhere.code());
        assertTrue(nowhere.err().contains("no parameter `nosuch`"), nowhere.err());
        CommandLineTest.Run wrongTarget = CommandLineTest.run("compare", ESP, EESP, "--set", "esp.yaml:r_lim=3");
        assertEquals(2, wrongTarget.code());
        assertTrue(wrongTarget.err().contains("no parameter `r_lim`"), wrongTarget.err());
        CommandLineTest.Run noSuchSpec = CommandLineTest.run("compare", ESP, EESP, "--set", "3:K=8");
        assertEquals(2, noSuchSpec.code());
        assertTrue(noSuchSpec.err().contains("no spec `3`"), noSuchSpec.err());
    }

    @Test
    void sharedBlocksAreMatchedByKindAndPosition() throws Exception {
        // Instances `first`/`second` against `e1`/`e2`: ESP out 20 on 20 channels is conv
        // 20*5 + 4*5*5*9 = 1,000 with K 4 and 20*10 + 2*10*10*9 = 2,000 with K 2, plus batch norm
        // 2*20 and PReLU 20; MACs are the conv weights times 32*32 positions.
        JsonNode c = json("src/test/resources/specs/compare/named.yaml", "src/test/resources/specs/compare/renamed.yaml");
        assertEquals(List.of(1_060L, 1_060L), longs(row(c, "block", "esp #1 (first / e1) params")));
        assertEquals(List.of(1_060L, 2_060L), longs(row(c, "block", "esp #2 (second / e2) params")));
        assertEquals(List.of(1_000L * 32 * 32, 2_000L * 32 * 32), longs(row(c, "block", "esp #2 (second / e2) MACs")));
        // the stem has one name in both: 16*20*9 weights
        assertEquals(List.of(2_880L, 2_880L), longs(row(c, "block", "stem (conv) params")));
    }

    @Test
    void receptiveFieldGriddingAndWarningsAreRows() throws Exception {
        JsonNode c = json("examples/esp-vs-eesp/esp.yaml", "examples/esp-vs-eesp/eesp.yaml");
        // ESP K 4: rates 1, 2, 4, 8, field 1 + 2*8 = 17; EESP r_lim 9: rates 1 to 4, field 9.
        assertEquals(List.of(17L, 9L), longs(row(c, "design", "receptive field width (output)")));
        // Union of four 3x3 grids at distinct rates: 1 + 4*8 = 33 taps, over 17*17 and 9*9.
        JsonNode union = row(c, "design", "gridding coverage, union (lowest block)");
        assertEquals(33.0 / 289, union.get(0).asDouble(), 1e-12);
        assertEquals(33.0 / 81, union.get(1).asDouble(), 1e-12);
        assertEquals(2, row(c, "design", "gridding coverage, sparsest group").size());
        assertEquals(2, row(c, "design", "review warnings").size());
    }
}
