package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.report.SweepReport;

/** {@code sweep}: its bad input, resuming, and shards run as separate processes merged into a single run's bytes. */
class SweepCommandTest {
    private static final String SPEC = Path.of("examples/esp-sweep/esp-rates.yaml").toAbsolutePath().toString();
    private static final List<String> OUTPUTS = List.of("sweep.json", "variants.jsonl", "variants.csv", "front.csv");

    @TempDir
    Path dir;

    private Path sweep(String params, String rest) throws Exception {
        Path f = dir.resolve("t.sweep.yaml");
        Files.writeString(f, "sweep: t\nspec: " + SPEC + "\ninput: 1x32x8x8\nparams:\n" + params + rest);
        return f;
    }

    private static final String SMALL = """
              K: [1, 2, 3]
              dilations: {increasing: K, from: [1, 2, 3, 5]}
              out: [16, 32]
            """;
    private static final String CHECKS = """
            constraints:
              - {quantity: receptive_field, min: 7}
              - {quantity: params, max: 6000}
            objectives:
              - {minimise: params}
              - {maximise: coverage}
            """;

    private static void assertOneLocatedError(CommandLineTest.Run r, String where, String what) {
        assertEquals(2, r.code(), r.out() + r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains(where) && lines.get(0).contains(what), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void anEmptyDomainIsOneLocatedError() throws Exception {
        Path f = sweep("  out: []\n", "");
        assertOneLocatedError(CommandLineTest.run("sweep", f.toString(), "--out", dir.resolve("o").toString()),
                "t.sweep.yaml:5:8", "parameter `out` has no values");
    }

    @Test
    void anUnknownQuantityIsOneLocatedErrorWithASuggestion() throws Exception {
        Path f = sweep(SMALL, "constraints:\n  - {quantity: parms, max: 10}\n");
        assertOneLocatedError(CommandLineTest.run("sweep", f.toString(), "--out", dir.resolve("o").toString()),
                "t.sweep.yaml:9:16", "unknown quantity `parms`; did you mean `params`?");
    }

    @Test
    void aSweepOverTheLimitIsRefusedBeforeAnyWork() throws Exception {
        // 4 + 6 + 4 = 14 lists of rates, times 2 widths: 28 variants.
        Path f = sweep(SMALL, CHECKS);
        Path out = dir.resolve("o");
        assertOneLocatedError(CommandLineTest.run("sweep", f.toString(), "--out", out.toString(), "--max-variants", "27"),
                "t.sweep.yaml:5:3", "the sweep has 28 variants, more than --max-variants 27");
        assertFalse(Files.exists(out));
        assertEquals(0, CommandLineTest.run("sweep", f.toString(), "--out", out.toString(), "--max-variants", "28").code());
    }

    @Test
    void aConditionOnAnUnknownNameIsOneLocatedErrorBeforeAnyWork() throws Exception {
        Path f = sweep("  K: [1, 2]\n  out: {when: \"L == 2\", values: [16, 32]}\n", CHECKS);
        Path out = dir.resolve("o");
        assertOneLocatedError(CommandLineTest.run("sweep", f.toString(), "--out", out.toString()), "t.sweep.yaml:6:15",
                "`when: L == 2`: unknown name `L`");
        assertFalse(Files.exists(out));
    }

    @Test
    void aConditionThatIsNotTrueOrFalseIsOneLocatedError() throws Exception {
        Path f = sweep("  K: [1, 2]\n  out: {when: \"K + 1\", values: [16, 32]}\n", CHECKS);
        assertOneLocatedError(CommandLineTest.run("sweep", f.toString(), "--out", dir.resolve("o").toString()),
                "t.sweep.yaml:6:15", "`when: K + 1` gives 2, not true or false");
    }

    @Test
    void aParameterTheSpecLacksIsOneLocatedError() throws Exception {
        Path f = sweep("  width: [1, 2]\n", "");
        assertOneLocatedError(CommandLineTest.run("sweep", f.toString(), "--out", dir.resolve("o").toString()),
                "t.sweep.yaml:5:3", "has no parameter `width`");
    }

    @Test
    void anInterruptedRunResumesToTheSameBytes() throws Exception {
        Path f = sweep(SMALL, CHECKS);
        Path whole = dir.resolve("whole");
        CommandLineTest.Run r = CommandLineTest.run("sweep", f.toString(), "--out", whole.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("28 of 28 variants evaluated"), r.out());
        List<String> lines = Files.readAllLines(whole.resolve("variants.jsonl"));
        assertEquals(28, lines.size());
        // An interrupted run: ten complete lines and half of the eleventh.
        Path cut = dir.resolve("cut");
        Files.createDirectories(cut);
        Files.copy(whole.resolve("sweep.json"), cut.resolve("sweep.json"));
        String partial = String.join("\n", lines.subList(0, 10)) + "\n" + lines.get(10).substring(0, 20);
        Files.writeString(cut.resolve("variants.jsonl"), partial);
        assertEquals(0, CommandLineTest.run("sweep", f.toString(), "--out", cut.toString()).code());
        assertSameFiles(whole, cut);
    }

    @Test
    void fourShardProcessesMergeToTheBytesOfASingleRun() throws Exception {
        Path f = sweep(SMALL, CHECKS);
        Path whole = dir.resolve("whole");
        assertEquals(0, CommandLineTest.run("sweep", f.toString(), "--out", whole.toString()).code());
        List<Process> shards = new ArrayList<>();
        List<String> dirs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path shard = dir.resolve("shard" + i);
            dirs.add(shard.toString());
            shards.add(new ProcessBuilder(javaCommand("sweep", f.toString(), "--shard", i + "/4", "--out", shard.toString(),
                    "--threads", "1")).redirectErrorStream(true).redirectOutput(dir.resolve("log" + i).toFile()).start());
        }
        for (Process p : shards) {
            assertTrue(p.waitFor(5, TimeUnit.MINUTES));
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("log" + shards.indexOf(p))));
        }
        // Shard 1 of 4 holds variants 1, 5, 9, ...: 7 of 28.
        assertEquals(7, Files.readAllLines(Path.of(dirs.get(1), "variants.jsonl")).size());
        List<String> merge = new ArrayList<>(List.of("sweep", "merge", "--out", dir.resolve("merged").toString()));
        merge.addAll(dirs);
        CommandLineTest.Run r = CommandLineTest.run(merge.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertSameFiles(whole, dir.resolve("merged"));
    }

    private static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.netspec.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    private static void assertSameFiles(Path expected, Path actual) throws Exception {
        for (String name : OUTPUTS) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(name)), Files.readAllBytes(actual.resolve(name)),
                    name + ":\n" + Files.readString(actual.resolve(name), StandardCharsets.UTF_8));
        }
    }

    /**
     * The review page of a sweep: distributions on a number axis (JFreeChart's step-chart factory
     * draws dates: "00:00:05"), inline charts whose ids do not collide, and a front table written
     * for people (coverage 0.2249, not 0.22491349480968859).
     */
    @Test
    void theSweepPageShowsNumbersAsNumbers() throws Exception {
        Path out = dir.resolve("o");
        assertEquals(0, CommandLineTest.run("sweep", sweep(SMALL, CHECKS).toString(), "--out", out.toString()).code());
        Path page = dir.resolve("page");
        CommandLineTest.Run r = CommandLineTest.run("report", out.toString(), "--out", page.toString());
        assertEquals(0, r.code(), r.err());
        String cdf = Files.readString(page.resolve("charts/cdf-params.svg"));
        assertFalse(cdf.matches("(?s).*>\\d\\d:\\d\\d(:\\d\\d)?<.*"), "a date axis on the params distribution");
        String html = Files.readString(page.resolve("index.html"));
        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile(" id=\"([^\"]+)\"").matcher(html);
        while (m.find()) {
            assertFalse(ids.contains(m.group(1)), "id " + m.group(1) + " twice on the page");
            ids.add(m.group(1));
        }
        assertFalse(html.matches("(?s).*<td>\\d+\\.\\d{5,}</td>.*"), "an unrounded figure in the front table");
        assertEquals("5,824", SweepReport.shown(5824));
        assertEquals("0.2249", SweepReport.shown(0.22491349480968859));
    }

    /** Latencies from one device profile are never resumed (or merged) with another's. */
    @Test
    void aLatencySweepResumesOnlyOnItsOwnDevice() throws Exception {
        Path f = sweep(SMALL, "objectives:\n  - {minimise: latency_ms}\n");
        Path out = dir.resolve("o");
        Path h200 = Path.of("specs/devices/h200-pytorch-fp32.yaml");
        CommandLineTest.Run first = CommandLineTest.run("sweep", f.toString(), "--out", out.toString(), "--device", h200.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.readString(out.resolve("sweep.json")).contains("\"device\":\"h200-pytorch-fp32\""),
                Files.readString(out.resolve("sweep.json")));
        Path other = dir.resolve("other.yaml");
        Files.writeString(other, Files.readString(h200).replace("device: h200-pytorch-fp32", "device: other-gpu"));
        CommandLineTest.Run again = CommandLineTest.run("sweep", f.toString(), "--out", out.toString(), "--device", other.toString());
        assertEquals(2, again.code(), again.err());
        assertTrue(again.err().contains("holds the results of another sweep"), again.err());
        assertEquals(0, CommandLineTest.run("sweep", f.toString(), "--out", out.toString(), "--device", h200.toString()).code());
    }
}
