package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code export --format netron}: the attachment file, and a name Netron would not attach refused in one line. */
class NetronExportCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesANetronAttachment() throws Exception {
        Path out = dir.resolve("cbr.metrics.json");
        CommandLineTest.Run r = CommandLineTest.run("export", "specs/blocks/cbr.yaml", "--format", "netron", "-o",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("wrote " + out), r.out());
        assertEquals("netron:attachment", new ObjectMapper().readTree(out.toFile()).get("signature").asText());
    }

    @Test
    void aFileNetronWouldNotAttachIsRefused() {
        Path out = dir.resolve("cbr.metrics");
        CommandLineTest.Run r = CommandLineTest.run("export", "specs/blocks/cbr.yaml", "--format", "netron", "-o",
                out.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(".json"), r.err());
        assertFalse(Files.exists(out));
    }
}
