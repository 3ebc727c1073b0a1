package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.netspec.testing.OnnxFixtures;

/**
 * The corpus of broken specs in {@code src/test/resources/specs/corpus}: every case, listed with
 * where its problem is and what the message says in {@code cases.txt}, fails with exit code 2 and
 * exactly one line naming the file, line and column, within seconds and without a stack trace.
 * Tagged {@code small-heap}: the build runs it in a JVM of its own with a 256 MB heap (pom.xml), so
 * a case that needs more memory than that fails here.
 */
@Tag("small-heap")
class BadInputCorpusTest {
    static final Path CORPUS = Path.of("src/test/resources/specs/corpus");
    /** A guard against hangs only, never a benchmark: generous enough for a heavily loaded CI machine. */
    static final Duration GUARD = Duration.ofSeconds(120);

    /** One line of cases.txt: the case file, where the problem is reported, and a message fragment. */
    record Case(String file, Path reportedIn, int line, int column, String fragment) {
        static Case parse(String[] parts) {
            String where = parts[1];
            int lastColon = where.lastIndexOf(':');
            int secondColon = where.lastIndexOf(':', lastColon - 1);
            String reportedIn = secondColon < 0 ? parts[0] : where.substring(0, secondColon);
            return new Case(parts[0], CORPUS.resolve(reportedIn),
                    Integer.parseInt(where.substring(secondColon + 1, lastColon)),
                    Integer.parseInt(where.substring(lastColon + 1)), parts[2]);
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

    /** How the command line names a file: relative to the working directory. */
    static String shown(Path file) {
        return Path.of("").toAbsolutePath().relativize(file.toAbsolutePath().normalize()).toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachBrokenSpecFailsWithOneLineThatSaysWhereAndWhat(Case c) {
        CommandLineTest.Run r = assertTimeoutPreemptively(GUARD,
                () -> CommandLineTest.run("analyze", CORPUS.resolve(c.file()).toString()));
        assertEquals(2, r.code(), r::err);
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r::err);
        String line = lines.get(0);
        String where = shown(c.reportedIn()) + ":" + c.line() + ":" + c.column() + ": error: ";
        assertTrue(line.startsWith(where), () -> "expected it at " + where + "\n" + line);
        assertTrue(line.contains(c.fragment()), () -> "expected `" + c.fragment() + "` in\n" + line);
        assertFalse(line.contains("Exception") || line.contains("internal error"), line);
    }

    /** The build runs this class with a small heap; without it, "bounded memory" would go unchecked. */
    @Test
    void theCorpusRunsUnderASmallHeap() {
        assertTrue(Runtime.getRuntime().maxMemory() <= 256L << 20, Runtime.getRuntime().maxMemory() + " bytes of heap");
    }

    @Test
    void everyCaseFileIsListedOnce() throws IOException {
        List<String> listed = cases().stream().map(Case::file).toList();
        assertEquals(listed.size(), Set.copyOf(listed).size(), "a case is listed twice");
        assertTrue(listed.size() >= 60, "the corpus holds " + listed.size() + " cases");
        Set<String> files;
        try (Stream<Path> s = Files.list(CORPUS)) {
            files = s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .collect(Collectors.toSet());
        }
        for (String file : files) {
            assertTrue(listed.contains(file), file + " is not listed in cases.txt");
        }
        for (String file : listed) {
            assertTrue(Files.isRegularFile(CORPUS.resolve(file)), file + " is listed but missing");
        }
    }

    @Test
    void aFileLargerThanTheLimitIsRefusedUnlessTheLimitIsRaised(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("large.yaml");
        String padding = "# " + "x".repeat(98) + "\n";
        Files.writeString(spec, padding.repeat(11_000) + """
                network: large
                inputs: {x: [1, 2, 4, 4]}
                layers:
                  - {name: act, op: relu}
                """);
        long size = Files.size(spec);
        CommandLineTest.Run refused = assertTimeoutPreemptively(GUARD, () -> CommandLineTest.run("analyze", spec.toString()));
        assertEquals(2, refused.code());
        assertEquals(spec + ": error: the file is " + size + " bytes, more than the limit of 1048576 (raise it with "
                + "--max-file-bytes)", refused.err().strip());
        CommandLineTest.Run read = assertTimeoutPreemptively(GUARD,
                () -> CommandLineTest.run("analyze", spec.toString(), "--max-file-bytes", "2000000", "--format", "csv"));
        assertEquals(0, read.code(), read::err);
        // One ReLU over 2x4x4 values: 32 ops.
        assertTrue(read.out().contains("total,,,0,0,0,32"), read::out);
    }

    /** Devices and FIFOs are refused before they are opened: /dev/zero never ends and a FIFO would block. */
    @Test
    void aSpecThatIsNotARegularFileIsRefusedWithoutReadingIt(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo.yaml");
        Path linkToDevice = dir.resolve("zero.yaml");
        Files.createSymbolicLink(linkToDevice, Path.of("/dev/zero"));
        List<String> specs = new ArrayList<>(List.of("/dev/zero", "/dev/urandom", linkToDevice.toString()));
        if (new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0) {
            specs.add(fifo.toString());
        }
        for (String spec : specs) {
            CommandLineTest.Run r = assertTimeoutPreemptively(GUARD, () -> CommandLineTest.run("analyze", spec));
            assertEquals(2, r.code(), r::err);
            assertEquals(spec + ": error: is not a regular file (a device, FIFO or socket)", r.err().strip());
        }
        CommandLineTest.Run directory = CommandLineTest.run("analyze", dir.toString());
        assertEquals(2, directory.code());
        assertEquals(dir + ": error: is a directory", directory.err().strip());
    }

    /** Command-line values that do not fit: one line each, exit code 2, no overflow and no trace. */
    @Test
    void commandLineValuesThatDoNotFitAreRefusedInOneLine(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("params.yaml");
        Files.writeString(spec, """
                network: params
                params:
                  x: {type: float, default: 1.0}
                  k: {type: int, default: 3}
                inputs: {img: [1, 3, 8, 8]}
                layers:
                  - {name: c, op: conv, out: 4, kernel: "${k}"}
                """);
        String file = displayed(spec);
        Map<List<String>, String> expected = new LinkedHashMap<>();
        expected.put(List.of("analyze", "--input", "1x3x8x8x"),
                file + ": error: --input 1x3x8x8x: expected a shape of positive sizes such as 1x3x512x1024");
        expected.put(List.of("analyze", "--input", "x1x3x8x8"),
                file + ": error: --input x1x3x8x8: expected a shape of positive sizes such as 1x3x512x1024");
        expected.put(List.of("analyze", "--set", "x=1e999"),
                file + ": error: --set x=1e999: `x` is a number (`1e999` gives Infinity; decimals must be finite)");
        expected.put(List.of("analyze", "--set", "x=0.0/0.0"),
                file + ": error: --set x=0.0/0.0: `x` is a number (`0.0/0.0` gives NaN; decimals must be finite)");
        expected.put(List.of("analyze", "--set", "k=1e999"),
                file + ": error: --set k=1e999: `k` is an integer (`1e999` gives Infinity; decimals must be finite)");
        expected.put(List.of("run", "--repeat", "2147483647"),
                "analyzer: --repeat must be between 1 and 1000000, got 2147483647");
        expected.put(List.of("run", "--warmup", "2147483647"),
                "analyzer: --warmup must be between 0 and 1000000, got 2147483647");
        expected.put(List.of("bench", "--runs", "2147483647"),
                "analyzer: --runs must be between 1 and 1000000, got 2147483647");
        expected.put(List.of("bench", "--warmup", "2147483647"),
                "analyzer: --warmup must be between 0 and 1000000, got 2147483647");
        expected.forEach((options, message) -> {
            List<String> args = new ArrayList<>(List.of(options.get(0), spec.toString()));
            args.addAll(options.subList(1, options.size()));
            CommandLineTest.Run r = assertTimeoutPreemptively(GUARD, () -> CommandLineTest.run(args.toArray(String[]::new)));
            assertEquals(2, r.code(), () -> args + ": " + r.err());
            assertEquals(message, r.err().strip(), () -> args.toString());
        });
    }

    /** Only N x C x H x W inputs are supported, from the spec or from --input, by every command that builds a network. */
    @Test
    void everyCommandRefusesAnInputThatIsNotAFeatureMap(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("relu.yaml");
        Files.writeString(spec, """
                network: relu
                inputs: {x: [1, 3, 8, 8]}
                layers:
                  - {name: a, op: relu}
                """);
        for (String shape : List.of("1x3", "1x3x8x8x8")) {
            String expected = displayed(spec) + ":2:13: error: `x` (input): a network input is a feature map N x C x H x W "
                    + "(4 sizes), got " + shape + " (" + shape.split("x").length + " sizes)";
            for (List<String> command : List.of(List.of("analyze"), List.of("graph"), List.of("run"),
                    List.of("report", "--out", dir.resolve("report").toString()))) {
                List<String> args = new ArrayList<>(command.subList(0, 1));
                args.addAll(List.of(spec.toString(), "--input", shape));
                args.addAll(command.subList(1, command.size()));
                CommandLineTest.Run r = assertTimeoutPreemptively(GUARD, () -> CommandLineTest.run(args.toArray(String[]::new)));
                assertEquals(2, r.code(), () -> args + ": " + r.err());
                assertEquals(expected, r.err().strip(), args::toString);
            }
        }
    }

    @TempDir
    static Path onnxCorpus;

    /** How the command line names a file outside the working directory (a temporary one): in full. */
    static String displayed(Path file) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? shown(abs) : abs.toString();
    }

    static Stream<Arguments> brokenModels() throws IOException {
        return OnnxCorpus.write(onnxCorpus).stream().map(Arguments::of);
    }

    /** The ONNX cases (written by {@link OnnxCorpus}): one line naming the file, and the node where there is one. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenModels")
    void eachBrokenModelFailsWithOneLineThatNamesTheFile(OnnxCorpus.Case c) {
        Path file = onnxCorpus.resolve(c.file());
        List<String> args = new ArrayList<>(List.of("analyze", file.toString()));
        args.addAll(c.options());
        CommandLineTest.Run r = assertTimeoutPreemptively(GUARD, () -> CommandLineTest.run(args.toArray(String[]::new)));
        assertEquals(2, r.code(), r::err);
        assertEquals("", r.out());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r::err);
        String line = lines.get(0);
        assertTrue(line.startsWith(displayed(file) + ": error: "), line);
        assertTrue(line.contains(c.fragment()), () -> "expected `" + c.fragment() + "` in\n" + line);
        assertFalse(line.contains("Exception") || line.contains("internal error"), line);
    }

    /** Every command that reads a network reads a model the same way. */
    @Test
    void everyCommandThatReadsNetworksRefusesABrokenModelTheSameWay(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("truncated.onnx");
        byte[] model = OnnxFixtures.convRelu().toByteArray();
        Files.write(file, Arrays.copyOf(model, model.length - 7));
        String expected = displayed(file) + ": error: not a readable ONNX model: it ends in the middle of a value";
        for (List<String> command : List.of(List.of("analyze", file.toString()), List.of("validate", file.toString()),
                List.of("compare", file.toString(), file.toString()),
                List.of("report", file.toString(), "--out", dir.resolve("report").toString()),
                List.of("import", file.toString(), "-o", dir.resolve("spec.yaml").toString()))) {
            CommandLineTest.Run r = assertTimeoutPreemptively(GUARD, () -> CommandLineTest.run(command.toArray(String[]::new)));
            assertEquals(2, r.code(), () -> command + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r::err);
            assertTrue(r.err().startsWith(expected), () -> command + ": " + r.err());
        }
    }
}
