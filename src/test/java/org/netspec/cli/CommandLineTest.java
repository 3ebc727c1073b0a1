package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: exit codes, one-line errors, help, and the JSON contract. */
class CommandLineTest {
    private static final String ESPNET = "specs/networks/espnet.yaml";

    /** What one run printed and returned. */
    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Run(code, out.toString(), err.toString());
    }

    private static void assertNoStackTrace(Run r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
    }

    @Test
    void analyzePrintsATableWithTotalsAndTheProfile() {
        Run r = run("analyze", ESPNET);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("profile  standard"), r.out());
        assertTrue(r.out().contains("params   364,569"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("total") && l.contains("364,569")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("level2.0.d4") && l.contains("conv")), r.out());
    }

    /** A warning line as the commands print it: {@code file:line:column: warning: ...}. */
    private static final String LOCATED_WARNING = "[^:\\s]+\\.yaml:\\d+:\\d+: warning: .*";

    private static List<String> warningLines(String text) {
        return text.lines().filter(l -> l.contains("warning:")).toList();
    }

    @Test
    void analyzePrintsEachWarningOnceOnStandardErrorGroupedAndLocated() {
        Run r = run("analyze", ESPNET);
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of(), warningLines(r.out()), "no warnings on standard output");
        List<String> lines = warningLines(r.err());
        assertTrue(!lines.isEmpty() && lines.size() <= 10, r.err());
        lines.forEach(l -> assertTrue(l.matches(LOCATED_WARNING), l));
        // ESPNet-C's eight level-3 ESP blocks reduce 128 -> 128/5 = 25 channels in the reduce layer of esp.yaml.
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("specs/blocks/esp.yaml:")
                && l.contains(": warning: G1 x8 `level3.{0..7}.reduce`: 1x1 convolution 128 -> 25 channels")), r.err());
    }

    @Test
    void warningsAllPrintsEveryFindingAndNonePrintsNone() throws IOException {
        Run all = run("analyze", ESPNET, "--warnings", "all");
        assertEquals(0, all.code(), all.err());
        List<String> lines = warningLines(all.err());
        lines.forEach(l -> assertTrue(l.matches(LOCATED_WARNING), l));
        // Every finding the JSON lists (espnet has no spec warnings), one line each.
        JsonNode json = new ObjectMapper().readTree(run("analyze", ESPNET, "--format", "json").out());
        assertEquals(json.get("warnings").size(), lines.size(), all.err());
        // ESPNet-C repeats its level-3 ESP block q = 8 times: eight G1 lines on its reduce layer.
        assertEquals(8, lines.stream().filter(l -> l.matches(".*G1 `level3\\.\\d\\.reduce`.*")).count(), all.err());

        Run none = run("analyze", ESPNET, "--warnings", "none");
        assertEquals(0, none.code(), none.err());
        assertEquals(List.of(), warningLines(none.err()));
        assertEquals(List.of(), warningLines(none.out()));

        Run validate = run("validate", ESPNET, "--warnings", "none");
        assertEquals(0, validate.code(), validate.err());
        assertEquals("", validate.err());
        Run validateAll = run("validate", ESPNET, "--warnings", "all");
        assertEquals(lines, warningLines(validateAll.err()));
    }

    @Test
    void jsonFollowsTheContractAndLayersSumToTheTotals() throws IOException {
        Run r = run("analyze", ESPNET, "--format", "json", "--profile", "edgenets");
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertTrue(root.isObject());
        assertEquals("espnet", root.get("network").asText());
        assertEquals("edgenets", root.get("profile").asText());
        assertEquals(List.of(1, 3, 512, 1024), ints(root.get("input").get("image")));
        JsonNode totals = root.get("totals");
        for (String key : List.of("params", "buffers", "macs", "flops", "ops")) {
            assertTrue(totals.get(key).isIntegralNumber(), key);
        }
        assertEquals(364_569, totals.get("params").asLong());
        assertEquals(2 * totals.get("macs").asLong(), totals.get("flops").asLong());
        JsonNode output = root.get("outputs").get(0);
        assertEquals("decoder.classifier", output.get("name").asText());
        assertEquals(List.of(1, 20, 512, 1024), ints(output.get("shape")));
        Set<String> layerKeys = Set.of("name", "op", "block", "from", "output_shape", "params", "buffers", "macs", "ops",
                "unused");
        long params = 0;
        long macs = 0;
        long ops = 0;
        long buffers = 0;
        for (JsonNode layer : root.get("layers")) {
            for (String key : layerKeys) {
                assertTrue(layer.has(key), () -> key + " missing in " + layer);
            }
            params += layer.get("params").asLong();
            buffers += layer.get("buffers").asLong();
            macs += layer.get("macs").asLong();
            ops += layer.get("ops").asLong();
        }
        assertEquals(totals.get("params").asLong(), params);
        assertEquals(totals.get("buffers").asLong(), buffers);
        assertEquals(totals.get("macs").asLong(), macs);
        assertEquals(totals.get("ops").asLong(), ops);
        JsonNode d4 = find(root.get("layers"), "level2.0.d4");
        assertEquals("conv", d4.get("op").asText());
        assertEquals("level2.0", d4.get("block").asText());
        assertEquals(List.of("level2.0.reduce"), List.of(d4.get("from").get(0).asText()));
        assertTrue(find(root.get("layers"), "level1.conv").get("block").asText().equals("level1"));
        assertTrue(find(root.get("layers"), "cat1").get("block").isNull());
        assertTrue(root.get("warnings").isArray());
    }

    @Test
    void receptiveFieldsCanBeMeasuredFromABlockInput() throws IOException {
        Run r = run("analyze", "specs/networks/espnet.yaml", "--format", "json", "--rf-from", "b1.act");
        assertEquals(0, r.code(), r.err());
        JsonNode d4 = find(new ObjectMapper().readTree(r.out()).get("layers"), "level2_0.d4");
        // from the strided ESP's input: a 3x3 stride-2 reduction, then 3x3 at dilation 16 on the halved grid:
        // 3 + 2 * 16 * 2 = 67 pixels, stride 2.
        assertEquals(List.of(67, 67), ints(d4.at("/receptive_field/size")));
        assertEquals(2.0, d4.at("/receptive_field/stride/0").asDouble());
        assertEquals(2, run("analyze", "specs/networks/espnet.yaml", "--rf-from", "nowhere").code());
    }

    @Test
    void jsonCarriesReceptiveFieldsAndGridding() throws IOException {
        Run r = run("analyze", "specs/blocks/esp.yaml", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        JsonNode d4 = find(root.get("layers"), "esp.d4");
        // a 1x1 reduction, then a 3x3 convolution at dilation 16: 1 + 2 * 16 = 33 per axis.
        assertEquals(List.of(33, 33), ints(d4.at("/receptive_field/size")));
        assertEquals(1.0, d4.at("/receptive_field/stride/0").asDouble());
        assertTrue(d4.at("/receptive_field/aligned").asBoolean());
        assertFalse(d4.at("/receptive_field/global").asBoolean());
        // its footprint over the block input: the 9 taps in a 33 x 33 box.
        assertEquals(9.0 / (33 * 33), d4.at("/gridding/coverage").asDouble(), 1e-12);
        assertTrue(find(root.get("layers"), "esp.reduce").get("gridding").isNull());
        assertEquals(41.0 / (33 * 33), root.at("/gridding/0/coverage").asDouble(), 1e-12);
        assertTrue(root.get("totals").has("peak_activation_bytes") && root.get("totals").has("memory_access")
                && root.get("totals").has("weight_bytes"));
        assertTrue(root.get("warnings").toString().contains("gridding `esp` sees 3.76 %"), root.get("warnings").toString());
    }

    private static JsonNode find(JsonNode layers, String name) {
        for (JsonNode l : layers) {
            if (l.get("name").asText().equals(name)) {
                return l;
            }
        }
        throw new AssertionError("no layer " + name);
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }

    @Test
    void markdownCsvAndRollupsAgreeOnTheTotal() {
        Run md = run("analyze", ESPNET, "--format", "markdown", "--by", "block");
        assertEquals(0, md.code(), md.err());
        assertTrue(md.out().contains("| level2.0 |"), md.out());
        Run csv = run("analyze", ESPNET, "--format", "csv", "--by", "stage");
        assertEquals(0, csv.code(), csv.err());
        assertTrue(csv.out().startsWith("profile,stage,nodes,output,params,buffers,MACs,ops,mem access,peak act.\r\n"), csv.out());
        assertTrue(csv.out().contains("standard,total,197,,364569,3772,4709441536,"), csv.out());
    }

    @Test
    void validateExitsZeroOneOrTwo() throws IOException {
        Run ok = run("validate", ESPNET);
        assertEquals(0, ok.code(), ok.err());
        Run problems = run("validate", "src/test/resources/specs/broken/many-problems.yaml",
                "--allow-imports-from", "src/test/resources/specs/lang");
        assertEquals(1, problems.code());
        assertEquals(5, problems.err().lines().count(), problems.err()); // four problems and a summary line
        assertNoStackTrace(problems);
        Run unreadable = run("validate", "no/such/spec.yaml");
        assertEquals(2, unreadable.code());
        assertTrue(unreadable.err().startsWith("no/such/spec.yaml: error: no such file"), unreadable.err());
        assertNoStackTrace(unreadable);
    }

    @Test
    void badInputIsExitTwoWithOneLinePerProblem(@TempDir Path dir) throws IOException {
        Path yaml = dir.resolve("bad.yaml");
        Files.writeString(yaml, "network: bad\ninputs: {x: [1, 3, 8, 8]}\nlayers:\n  - {name: a, op: cnov, out: 4}\n");
        Run unknownOp = run("analyze", yaml.toString());
        assertEquals(2, unknownOp.code());
        assertEquals(1, unknownOp.err().lines().count(), unknownOp.err());
        assertTrue(unknownOp.err().contains(":4:19: error: unknown operator `cnov`; did you mean `conv`?"), unknownOp.err());
        Files.writeString(yaml, "network: bad\n  inputs: [oops\n");
        Run syntax = run("analyze", yaml.toString());
        assertEquals(2, syntax.code());
        assertTrue(syntax.err().contains("YAML syntax error"), syntax.err());
        assertEquals(1, syntax.err().lines().count(), syntax.err());
        assertNoStackTrace(syntax);
        Run shape = run("analyze", "src/test/resources/specs/broken/concat-mismatch.yaml");
        assertEquals(2, shape.code());
        assertNoStackTrace(shape);
    }

    @Test
    void usageErrorsAreExitTwo() {
        assertEquals(2, run("analyze", ESPNET, "--profile", "thop").code());
        assertEquals(2, run("analyze", ESPNET, "--format", "xml").code());
        assertEquals(2, run("analyze", ESPNET, "--set", "qq=3").code());
        assertEquals(2, run("analyze", ESPNET, "--input", "1x3xbig").code());
        assertEquals(2, run("analyze").code());
        assertEquals(2, run("frobnicate").code());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("analyze", "validate", "ops")) {
            Run r = run(command, "--help");
            assertEquals(0, r.code(), command);
            assertTrue(r.out().startsWith("Usage: analyzer " + command), r.out());
        }
        assertTrue(run("--help").out().contains("analyze"));
    }

    @Test
    void overridesReachTheNetwork() {
        Run r = run("analyze", "specs/networks/espnet-c.yaml", "--set", "q=3", "--input", "1x3x256x512", "--format", "json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("\"params\" : 187529"), r.out());
        assertTrue(r.out().contains("\"image\" : [ 1, 3, 256, 512 ]"), r.out());
    }
}
