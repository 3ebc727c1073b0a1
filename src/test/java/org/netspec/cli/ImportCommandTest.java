package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netspec.testing.OnnxFixtures.convReluGraph;
import static org.netspec.testing.OnnxFixtures.floats;
import static org.netspec.testing.OnnxFixtures.ints;
import static org.netspec.testing.OnnxFixtures.model;
import static org.netspec.testing.OnnxFixtures.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.netspec.onnx.Onnx.GraphProto;

/**
 * `import` and ONNX models on the command line: a model analyses like the spec it came from, the
 * flat spec written from it analyses to the same counts, and a batch norm folded into a
 * convolution is reported where the counts are shown.
 */
class ImportCommandTest {
    @TempDir
    Path dir;

    private static JsonNode json(CommandLineTest.Run r) throws IOException {
        assertEquals(0, r.code(), r::err);
        return new ObjectMapper().readTree(r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"specs/networks/enet.yaml", "specs/networks/fast-scnn.yaml", "specs/networks/shufflenet-v2.yaml"})
    void aSpecExportedAndImportedAnalysesToItsCountsAndSoDoesTheFlatSpec(String spec) throws IOException {
        Path onnx = dir.resolve(Path.of(spec).getFileName().toString().replace(".yaml", ".onnx"));
        Path flat = dir.resolve("flat.yaml");
        assertEquals(0, CommandLineTest.run("export", spec, "--format", "onnx", "-o", onnx.toString()).code());
        CommandLineTest.Run imported = CommandLineTest.run("import", onnx.toString(), "-o", flat.toString());
        assertEquals(0, imported.code(), imported::err);
        assertTrue(imported.out().startsWith("wrote " + flat + ": "), imported::out);
        JsonNode original = json(CommandLineTest.run("analyze", spec, "--format", "json"));
        JsonNode model = json(CommandLineTest.run("analyze", onnx.toString(), "--format", "json"));
        JsonNode written = json(CommandLineTest.run("analyze", flat.toString(), "--format", "json"));
        for (String key : List.of("params", "buffers", "macs", "flops", "ops")) {
            assertEquals(original.get("totals").get(key), model.get("totals").get(key), key);
        }
        assertEquals(model.get("totals"), written.get("totals"));
        assertEquals(model.get("layers"), written.get("layers"));
        assertEquals(model.get("outputs"), written.get("outputs"));
    }

    @Test
    void aConvolutionWithAFoldedBatchNormIsReportedWhereItsCountsAre() throws IOException {
        GraphProto g = convReluGraph().setInitializer(0, floats("onnx::Conv_7", new long[] {8, 3, 3, 3}))
                .setNode(0, node("Conv", "/features/conv/Conv", List.of("x", "onnx::Conv_7", "conv.bias"), List.of("c"),
                        ints("pads", 1, 1, 1, 1))).build();
        Path file = dir.resolve("folded.onnx");
        Files.write(file, model(17, g).toByteArray());
        CommandLineTest.Run table = CommandLineTest.run("analyze", file.toString());
        assertEquals(0, table.code(), table::err);
        // Warnings go to standard error only, once.
        assertTrue(table.err().contains("`features.conv` (conv): batch norm folded"), table::err);
        assertFalse(table.out().contains("batch norm folded"), table::out);
        JsonNode json = json(CommandLineTest.run("analyze", file.toString(), "--format", "json"));
        assertTrue(json.get("warnings").toString().contains("`features.conv` (conv): batch norm folded"), json::toString);
        Path flat = dir.resolve("folded.yaml");
        assertEquals(0, CommandLineTest.run("import", file.toString(), "-o", flat.toString()).code());
        assertTrue(Files.readString(flat).contains("doc: \"batch norm folded"), flat::toString);
    }

    @Test
    void importReadsOnlyModelsAndKeepsAnExistingSpecUnlessForced() throws IOException {
        CommandLineTest.Run spec = CommandLineTest.run("import", "specs/networks/espnet.yaml", "-o", dir.resolve("x.yaml").toString());
        assertEquals(2, spec.code());
        assertEquals("analyzer: import reads an ONNX model (a .onnx file), got specs/networks/espnet.yaml", spec.err().strip());
        Path file = dir.resolve("m.onnx");
        Files.write(file, model(17, convReluGraph().build()).toByteArray());
        Path out = Files.writeString(dir.resolve("kept.yaml"), "keep me");
        CommandLineTest.Run refused = CommandLineTest.run("import", file.toString(), "-o", out.toString());
        assertEquals(2, refused.code());
        assertEquals("keep me", Files.readString(out));
        assertEquals(0, CommandLineTest.run("import", file.toString(), "-o", out.toString(), "--force").code());
        assertTrue(Files.readString(out).contains("- {name: conv, op: conv, out: 8, kernel: 3, padding: 1}\n  - {name: act, op: relu}\n"),
                () -> out.toString());
    }
}
