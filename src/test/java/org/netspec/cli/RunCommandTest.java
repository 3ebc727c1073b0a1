package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.netspec.exec.TestNetworks;

/** {@code run} as a user meets it: the table, the JSON contract and the exit codes. */
class RunCommandTest {
    @Test
    void runPrintsEveryLayerWithItsExecutedShapeAndTheTotals() {
        CommandLineTest.Run r = CommandLineTest.run("run", "specs/networks/espnet-c.yaml", "--input", "1x3x32x64",
                "--threads", "1");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("every executed shape matches the inferred one"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("level1.conv") && l.contains("same")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("total")), r.out());
        assertTrue(r.out().contains("GFLOP/s"), r.out());
        assertTrue(r.err().isEmpty(), "no progress bar when standard output is not a terminal: " + r.err());
    }

    @Test
    void jsonExtendsTheAnalyzeContract() throws IOException {
        CommandLineTest.Run r = CommandLineTest.run("run", "specs/networks/espnet.yaml", "--input", "1x3x32x64",
                "--format", "json", "--seed", "9", "--repeat", "2");
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals("espnet", root.get("network").asText());
        assertTrue(root.get("executed_shapes_match").asBoolean());
        assertEquals(List.of(1, 3, 32, 64), ints(root.get("input").get("image")));
        JsonNode totals = root.get("totals");
        for (String key : List.of("params", "buffers", "macs", "flops", "ops", "time_ms", "gflops_per_s", "peak_bytes")) {
            assertTrue(totals.has(key), key);
        }
        assertEquals(364_569, totals.get("params").asLong());
        assertTrue(totals.get("peak_bytes").asLong() > 0);
        assertEquals(List.of(1, 20, 32, 64), ints(root.get("outputs").get(0).get("shape")));
        Set<String> keys = Set.of("name", "op", "block", "from", "output_shape", "params", "buffers", "macs", "ops",
                "unused", "executed_shape", "time_ms");
        for (JsonNode layer : root.get("layers")) {
            for (String key : keys) {
                assertTrue(layer.has(key), () -> key + " missing in " + layer);
            }
            assertEquals(layer.get("output_shape"), layer.get("executed_shape"), layer.get("name").asText());
        }
        assertTrue(root.has("warnings"));
        assertEquals(9, root.get("run").get("seed").asLong());
        assertEquals(2, root.get("run").get("repeats").asInt());
    }

    @Test
    void aShapeMismatchExitsWithOneAndNamesTheNode() {
        Run run = new Run();
        run.seed = 1;
        run.repeat = 1;
        run.format = Run.Format.table;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = run.execute(new Loaded(TestNetworks.withWrongShapeRule(), List.of()), 1, new PrintWriter(out),
                new PrintWriter(err, true));
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().contains("`bad` (wrong_shape)"), err.toString());
        assertTrue(err.toString().contains("produced 1x2x5x6") && err.toString().contains("inferred 1x2x4x6"), err.toString());
        assertTrue(out.toString().contains("stopped at `bad`"), out.toString());
        assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("after") && l.contains("(not run)")), out.toString());
    }

    @Test
    void aRunLargerThanTheHeapExitsWithTwoBeforeAllocating() {
        // 64 x 4096 x 4096 floats in and out: 8 GiB before the convolution's scratch
        assumeTrue(Runtime.getRuntime().maxMemory() < 8L << 30, "this JVM's heap would hold the run");
        CommandLineTest.Run r = CommandLineTest.run("run", "examples/benchmarks/conv3x3-64.yaml", "--input", "1x64x4096x4096");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("`conv`") && r.err().contains("heap"), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void theHeapPrintedForTheLauncherIsTwiceThePlannedPeakAnd128MiB() {
        // Live at the convolution: 64x512x512 floats in and out (67,108,864 bytes each), the padded
        // copy of its input, 64 planes of 514 rows by 514 + 64 slack columns (76,058,624 bytes), and
        // the 64x64x3x3 weights (147,456 bytes): 210,423,808 bytes. Twice that and 128 MiB is
        // 555,065,344 bytes, 529.4 MiB, printed rounded up.
        CommandLineTest.Run r = CommandLineTest.run("run", "examples/benchmarks/conv3x3-64.yaml", "--input", "1x64x512x512",
                "--print-heap-mib");
        assertEquals(0, r.code(), r.err());
        assertEquals("530", r.out().strip());
    }

    @Test
    void badOptionsExitWithTwo() {
        assertEquals(2, CommandLineTest.run("run", "specs/networks/espnet.yaml", "--threads", "0").code());
        assertEquals(2, CommandLineTest.run("run", "specs/networks/espnet.yaml", "--repeat", "0").code());
        assertEquals(2, CommandLineTest.run("run", "no/such/spec.yaml").code());
    }

    private static List<Integer> ints(JsonNode array) {
        List<Integer> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asInt()));
        return out;
    }
}
