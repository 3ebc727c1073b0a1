package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Spec files with a UTF-8 byte-order mark or CRLF line ends are valid and count as any other. */
class EncodingsTest {
    private static final Path ENCODINGS = Path.of("src/test/resources/specs/encodings");

    @ParameterizedTest
    @ValueSource(strings = {"bom.yaml", "crlf.yaml", "bom-crlf.yaml"})
    void aByteOrderMarkAndCrlfLineEndsAnalyseWithExactCounts(String file) throws IOException {
        byte[] bytes = Files.readAllBytes(ENCODINGS.resolve(file));
        String raw = new String(bytes, StandardCharsets.ISO_8859_1);
        assertEquals(file.contains("bom"), raw.startsWith("\u00ef\u00bb\u00bf"), "the fixture lost its byte-order mark");
        assertEquals(file.contains("crlf"), raw.contains("\r\n"), "the fixture lost its CRLF line ends");

        CommandLineTest.Run r = CommandLineTest.run("analyze", ENCODINGS.resolve(file).toString(), "--format", "json");
        assertEquals(0, r.code(), r::err);
        JsonNode totals = new ObjectMapper().readTree(r.out()).get("totals");
        // conv 3->4, 3x3, biased: 4*3*9 + 4 = 112 params; batch norm of 4 channels: 8 params, 8 buffers.
        assertEquals(112 + 8, totals.get("params").asLong());
        assertEquals(8, totals.get("buffers").asLong());
        // 4*3*9 weights at each of the 8x8 positions.
        assertEquals(4 * 3 * 9 * 64, totals.get("macs").asLong());
        // 256 outputs: one bias add, two batch-norm ops and one ReLU op each.
        assertEquals(256 * (1 + 2 + 1), totals.get("ops").asLong());
    }
}
