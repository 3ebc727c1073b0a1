package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of broken tensor files in {@code src/test/resources/safetensors/corpus}: every case in
 * {@code cases.txt} makes {@code run} exit with 2 and one line naming the file and what is wrong,
 * before anything runs, within seconds and without a stack trace.
 */
@Tag("small-heap")
class TensorFileCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/safetensors/corpus");
    static final String NETWORK = "src/test/resources/safetensors/small.yaml";

    /** One line of cases.txt: the case file, the flag that reads it, and a message fragment. */
    record Case(String file, String flag, String fragment) {
        static Case parse(String[] parts) {
            return new Case(parts[0], parts[1], parts[2]);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    static List<Case> cases() throws IOException {
        return CorpusCases.read(CORPUS, Case::parse);
    }

    static Stream<Arguments> corpus() throws IOException {
        return cases().stream().map(Arguments::of);
    }

    /** Loads the classes the first case would otherwise load inside its guard. */
    @BeforeAll
    static void warmUp() {
        CommandLineTest.run("validate", NETWORK);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBrokenFileIsRefusedWithOneLineBeforeAnythingRuns(Case c) {
        Path file = CORPUS.resolve(c.file());
        CommandLineTest.Run r = assertTimeoutPreemptively(BadInputCorpusTest.GUARD,
                () -> CommandLineTest.run("run", NETWORK, "--threads", "1", c.flag(), file.toString()));
        assertEquals(2, r.code(), r::err);
        assertEquals("", r.out(), "nothing ran, nothing was reported");
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r::err);
        String line = lines.get(0);
        String where = BadInputCorpusTest.shown(file) + ": error: ";
        assertTrue(line.startsWith(where), () -> "expected it at " + where + "\n" + line);
        assertTrue(line.contains(c.fragment()), () -> "expected `" + c.fragment() + "` in\n" + line);
        assertFalse(line.contains("Exception") || line.contains("internal error"), line);
    }

    @Test
    void theFilesTheCasesBreakRun() {
        CommandLineTest.Run r = CommandLineTest.run("run", NETWORK, "--threads", "1",
                "--weights", CORPUS.resolve("valid-weights.safetensors").toString(),
                "--input-data", CORPUS.resolve("valid-input.safetensors").toString());
        assertEquals(0, r.code(), r::err);
    }

    @Test
    void everyCaseFileIsListedOnce() throws IOException {
        List<String> listed = cases().stream().map(Case::file).toList();
        assertEquals(listed.size(), Set.copyOf(listed).size(), "a case is listed twice");
        Set<String> files;
        try (Stream<Path> s = Files.list(CORPUS)) {
            files = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".safetensors") && !n.startsWith("valid-"))
                    .collect(Collectors.toSet());
        }
        assertEquals(files, Set.copyOf(listed), "cases.txt and the files in the corpus");
    }

    /** Paths that are not regular files are refused before they are opened: a FIFO would block, a device never ends. */
    @Test
    void aTensorFileThatIsNotARegularFileIsRefusedWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo.safetensors");
        Path linkToDevice = Files.createSymbolicLink(dir.resolve("zero.safetensors"), Path.of("/dev/zero"));
        Path directory = Files.createDirectory(dir.resolve("directory.safetensors"));
        Map<Path, String> expected = new LinkedHashMap<>();
        expected.put(Path.of("/dev/zero"), "is not a regular file (a device, FIFO or socket)");
        expected.put(linkToDevice, "is not a regular file (a device, FIFO or socket)");
        expected.put(directory, "is a directory");
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            expected.put(fifo, "is not a regular file (a device, FIFO or socket)");
        }
        for (String flag : List.of("--weights", "--input-data")) {
            expected.forEach((file, message) -> {
                CommandLineTest.Run r = assertTimeoutPreemptively(BadInputCorpusTest.GUARD,
                        () -> CommandLineTest.run("run", NETWORK, "--threads", "1", flag, file.toString()));
                assertEquals(2, r.code(), r::err);
                assertEquals("", r.out());
                assertEquals(BadInputCorpusTest.displayed(file) + ": error: " + message, r.err().strip());
            });
            CommandLineTest.Run export = assertTimeoutPreemptively(BadInputCorpusTest.GUARD, () -> CommandLineTest.run(
                    "export", NETWORK, "--format", "onnx", "--weights", linkToDevice.toString(),
                    "-o", dir.resolve("out.onnx").toString()));
            assertEquals(2, export.code(), export::err);
            assertEquals(BadInputCorpusTest.displayed(linkToDevice) + ": error: is not a regular file (a device, FIFO or socket)",
                    export.err().strip());
        }
    }
}
