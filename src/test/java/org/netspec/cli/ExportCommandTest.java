package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.onnx.Onnx.ModelProto;
import org.netspec.onnx.Onnx.TensorShapeProto;

/** {@code export} as a user meets it: the file, the overrides, and one-line refusals with exit 2. */
class ExportCommandTest {
    @TempDir
    Path dir;

    @Test
    void exportWritesAnOnnxModelOfTheSpecWithItsOverrides() throws Exception {
        Path out = dir.resolve("model.onnx");
        CommandLineTest.Run r = CommandLineTest.run("export", "specs/networks/espnet-c.yaml", "--format", "onnx", "-o",
                out.toString(), "--input", "1x3x32x64", "--seed", "3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("wrote " + out), r.out());
        ModelProto model = ModelProto.parseFrom(Files.readAllBytes(out));
        assertEquals(List.of(1L, 3L, 32L, 64L), model.getGraph().getInput(0).getType().getTensorType().getShape()
                .getDimList().stream().map(TensorShapeProto.Dimension::getDimValue).toList());
        try (var files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void anExistingFileIsReplacedOnlyWithForce() throws Exception {
        Path out = dir.resolve("model.onnx");
        Files.writeString(out, "mine");
        CommandLineTest.Run refused = CommandLineTest.run("export", "specs/blocks/cbr.yaml", "--format", "onnx", "-o",
                out.toString());
        assertEquals(2, refused.code());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().contains("--force"), refused.err());
        assertEquals("mine", Files.readString(out));
        CommandLineTest.Run forced = CommandLineTest.run("export", "specs/blocks/cbr.yaml", "--format", "onnx", "-o",
                out.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertEquals("cbr", ModelProto.parseFrom(Files.readAllBytes(out)).getGraph().getName());
    }

    /** 2^29 float weights make 2 GiB, more than a protobuf message holds: refused before any weight is drawn. */
    @Test
    void aModelBeyondWhatOnnxHoldsIsRefusedInOneLine() throws Exception {
        Path spec = dir.resolve("huge.yaml");
        Files.writeString(spec, "network: huge\ninputs: {x: [1, 32768, 1, 1]}\nlayers:\n"
                + "  - {name: wide, op: conv, out: 16384, kernel: 1, bias: false}\n");
        Path out = dir.resolve("huge.onnx");
        CommandLineTest.Run r = CommandLineTest.run("export", spec.toString(), "--format", "onnx", "-o", out.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("2 GiB"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void aBrokenSpecIsReportedAtItsLineAndNothingIsWritten() throws Exception {
        Path spec = dir.resolve("broken.yaml");
        Files.writeString(spec, "network: broken\ninputs: {x: [1, 3, 8, 8]}\nlayers:\n  - {name: c, op: conv, out: 4}\n");
        Path out = dir.resolve("broken.onnx");
        CommandLineTest.Run r = CommandLineTest.run("export", spec.toString(), "--format", "onnx", "-o", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("broken.yaml:4:"), r.err());
        assertFalse(Files.exists(out));
    }
}
