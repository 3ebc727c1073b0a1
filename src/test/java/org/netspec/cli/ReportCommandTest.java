package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare and report as a user runs them, and the safety of what report writes. */
class ReportCommandTest {
    @TempDir
    Path dir;

    @Test
    void compareShowsTheConvolutionWeightRatioOfEspAndEesp() {
        CommandLineTest.Run r = CommandLineTest.run("compare", "examples/esp-vs-eesp/esp.yaml", "examples/esp-vs-eesp/eesp.yaml");
        assertEquals(0, r.code(), r.err());
        // 20,160 / 144,000 = 0.14 = 1/7.14; whole modules 21,780 / 144,720 = 1/6.64.
        assertTrue(r.out().lines().anyMatch(l -> l.contains("conv params") && l.contains("144,000") && l.contains("20,160")
                && l.contains("0.14 (1/7.14)")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.contains("total") && l.contains(" params") && l.contains("144,720")
                && l.contains("(1/6.64)")), r.out());
    }

    @Test
    void compareTakesVariantsOfOneSpec() {
        CommandLineTest.Run r = CommandLineTest.run("compare", "specs/networks/espnet-c.yaml", "--variant", "q=3",
                "--variant", "q=8", "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"label\" : \"espnet-c q=3\""), r.out());
        assertTrue(r.out().contains("[ 187529, 349449 ]"), r.out());
        assertEquals(2, CommandLineTest.run("compare", "specs/networks/espnet-c.yaml").code());
    }

    @Test
    void reportWritesAPageAndEveryChartAsPngAndSvg() throws IOException {
        Path out = dir.resolve("review");
        CommandLineTest.Run r = CommandLineTest.run("report", "examples/esp-vs-eesp/esp.yaml", "examples/esp-vs-eesp/eesp.yaml",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("<h2 id=\"summary\">Summary</h2>") && html.contains("<h2 id=\"comparison\">"), html);
        // a comparison chart, then per network five charts and one gridding chart (each has one dilated block)
        // inline, so points name their layer on hover
        assertEquals(1 + 2 * (5 + 1), html.split("<svg [^>]*class=\"chart\"", -1).length - 1);
        for (String chart : new String[] {"comparison", "esp-params-by-block", "eesp-roofline"}) {
            assertTrue(Files.size(out.resolve("charts/" + chart + ".png")) > 1000, chart);
            assertTrue(Files.readString(out.resolve("charts/" + chart + ".svg")).contains("<svg"), chart);
        }
    }

    @Test
    void reportRefusesADirectoryItDidNotCreate() throws IOException {
        Path mine = dir.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("notes.txt"), "keep me");
        CommandLineTest.Run r = CommandLineTest.run("report", "specs/blocks/esp.yaml", "--out", mine.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("not empty and was not created by netspec"), r.err());
        assertEquals("keep me", Files.readString(mine.resolve("notes.txt")));
        assertFalse(Files.exists(mine.resolve("index.html")));
        assertEquals(0, CommandLineTest.run("report", "specs/blocks/esp.yaml", "--out", mine.toString(), "--force").code());
    }

    @Test
    void aFailingReportRunLeavesTheExistingReportIntact() throws IOException {
        Path out = dir.resolve("review");
        assertEquals(0, CommandLineTest.run("report", "specs/blocks/esp.yaml", "--out", out.toString()).code());
        byte[] page = Files.readAllBytes(out.resolve("index.html"));
        byte[] chart = Files.readAllBytes(out.resolve("charts/esp-roofline.png"));
        CommandLineTest.Run broken = CommandLineTest.run("report", "src/test/resources/specs/broken/cycle.yaml", "--out",
                out.toString());
        assertEquals(2, broken.code());
        assertArrayEquals(page, Files.readAllBytes(out.resolve("index.html")));
        assertArrayEquals(chart, Files.readAllBytes(out.resolve("charts/esp-roofline.png")));
        try (var files = Files.list(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void theReviewOpensWithAVerdictAndAContentsList() throws IOException {
        Path out = dir.resolve("review");
        CommandLineTest.Run r = CommandLineTest.run("report", "examples/esp-vs-eesp/esp.yaml", "examples/esp-vs-eesp/eesp.yaml",
                "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(out.resolve("index.html"));
        int verdict = html.indexOf("<h2 id=\"verdict\">Verdict</h2>");
        assertTrue(verdict > 0 && verdict < html.indexOf("<h2 id=\"summary\">"), "the verdict comes first");
        // 240*60 + 4*60*60*9 = 144,000 against 240*60/4 + 4*60*9 + 240*240/4 = 20,160
        assertTrue(html.contains("144,000 vs 20,160 conv weights, 7.14x fewer"), html);
        int contents = html.indexOf("<nav class=\"toc\">");
        assertTrue(contents > 0 && contents < verdict, "the contents list comes before the sections");
        for (String id : new String[] {"verdict", "summary", "comparison", "esp", "eesp"}) {
            assertTrue(html.contains("<a href=\"#" + id + "\">"), id);
            assertTrue(html.contains(" id=\"" + id + "\""), id);
        }
        assertFalse(html.contains("class=\"caveat\""), "both run on 1x240x64x128");
    }

    @Test
    void aReviewOfSubjectsOnDifferentInputsCarriesACaveat() throws IOException {
        // ESP does not build on EESP's 128-channel sample, so each keeps its own input.
        Path out = dir.resolve("review");
        CommandLineTest.Run r = CommandLineTest.run("report", "specs/blocks/eesp.yaml", "specs/blocks/esp.yaml", "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        String html = Files.readString(out.resolve("index.html"));
        int caveat = html.indexOf("<p class=\"caveat\"><strong>Caveat:</strong> the subjects run on different inputs");
        assertTrue(caveat > 0 && caveat < html.indexOf("<h2 id=\"verdict\">"), html);
    }

    @Test
    void aReviewOfOneNetworkHasAVerdictToo() throws IOException {
        Path out = dir.resolve("review");
        assertEquals(0, CommandLineTest.run("report", "specs/blocks/esp.yaml", "--out", out.toString()).code());
        String html = Files.readString(out.resolve("index.html"));
        // conv 64*12 + 16*12*9 + 4*12*12*9 = 7,680, batch norm 2*64, PReLU 64
        assertTrue(html.contains("<h2 id=\"verdict\">") && html.contains("7,872 parameters"), html);
    }
}
