package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netspec.cli.BadInputCorpusTest.CORPUS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports come from the spec's own directory tree and the built-in specs/ library, and from
 * elsewhere only when --allow-imports-from names the directory; a symbolic link does not lead out.
 */
class ImportsTest {
    private static final String OUTSIDE = CORPUS.resolve("import-outside/main.yaml").toString();

    @Test
    void anImportOutsideTheAllowedTreesLoadsOnceItsDirectoryIsAllowed() {
        CommandLineTest.Run refused = CommandLineTest.run("analyze", OUTSIDE);
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("--allow-imports-from DIR"), refused::err);
        CommandLineTest.Run allowed = CommandLineTest.run("analyze", OUTSIDE, "--allow-imports-from", CORPUS.toString(),
                "--format", "csv");
        assertEquals(0, allowed.code(), allowed::err);
        // unit: a 1x1 convolution from 3 to 4 channels with bias (16 params, 12 * 64 MACs), 4 * 64 bias adds
        // and 4 * 64 ReLU ops.
        assertTrue(allowed.out().contains("total,,,16,0,768,512"), allowed::out);
    }

    @Test
    void theBuiltInLibraryCanBeImportedFromAnywhereInTheProject() {
        CommandLineTest.Run r = CommandLineTest.run("analyze", "examples/esp-vs-eesp/esp.yaml");
        assertEquals(0, r.code(), r::err);
    }

    @Test
    void aSymbolicLinkDoesNotLeadAnImportOutOfTheSpecsTree(@TempDir Path dir) throws IOException {
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(outside.resolve("unit.yaml"), "block: unit\nlayers:\n  - {op: relu}\n");
        Path project = Files.createDirectories(dir.resolve("project"));
        Files.createSymbolicLink(project.resolve("linked"), outside);
        Path spec = project.resolve("main.yaml");
        Files.writeString(spec, "network: main\nimports: [linked/unit.yaml]\ninputs: {x: [1, 3, 8, 8]}\nlayers:\n"
                + "  - {name: a, block: unit}\n");
        CommandLineTest.Run r = CommandLineTest.run("analyze", spec.toString());
        assertEquals(2, r.code(), r::err);
        assertTrue(r.err().startsWith(spec + ":2:11: error: cannot import "), r::err);
        assertTrue(r.err().contains("it lies outside the directories imports may come from"), r::err);
        assertEquals(0, CommandLineTest.run("analyze", spec.toString(), "--allow-imports-from", outside.toString()).code());
    }
}
