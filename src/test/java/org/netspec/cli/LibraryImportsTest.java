package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Imports by name: the importing file's folder, the project (the nearest folder holding
 * netspec.yaml), --lib folders, NETSPEC_LIB folders and the built-in library, in that order; a
 * missing one says where it looked; one real file reached through many links is read once.
 */
class LibraryImportsTest {
    /** A block of one 3x3 convolution from 3 channels to {@code out} with bias: 27 * out + out parameters. */
    private static String unit(int out) {
        return "block: unit\nlayers:\n  - {name: conv, op: conv, out: " + out + ", kernel: 3, padding: 1}\n";
    }

    private static long params(int out) {
        return 3L * 9 * out + out;
    }

    private static final String NET = "network: net\nimports: [unit]\ninputs: {x: [1, 3, 8, 8]}\nlayers:\n"
            + "  - {name: a, block: unit}\n";

    /** The total parameters of a CSV table, read from its `total` row. */
    private static long totalParams(String csv) {
        String total = csv.lines().filter(l -> l.startsWith("standard,total,")).findFirst().orElseThrow(() -> new AssertionError(csv));
        return Long.parseLong(total.split(",")[4]);
    }

    private static Path write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        return Files.writeString(file, text);
    }

    @Test
    void aDesignersRepositoryWithAMarkerImportsItsBlocksByNameWithNoFlags(@TempDir Path dir) throws IOException {
        write(dir.resolve("blocks/unit.yaml"), unit(4));
        Path net = write(dir.resolve("networks/net.yaml"), NET);
        CommandLineTest.Run unmarked = CommandLineTest.run("analyze", net.toString());
        assertEquals(2, unmarked.code(), unmarked::err);
        assertTrue(unmarked.err().startsWith(net + ":2:11: error: cannot import `unit`: no unit.yaml in "), unmarked::err);
        write(dir.resolve("netspec.yaml"), "");
        CommandLineTest.Run marked = CommandLineTest.run("analyze", net.toString(), "--format", "csv");
        assertEquals(0, marked.code(), marked::err);
        assertEquals(params(4), totalParams(marked.out()));
    }

    @Test
    void theMarkerAlsoAllowsPathImportsAnywhereInTheProject(@TempDir Path dir) throws IOException {
        write(dir.resolve("blocks/unit.yaml"), unit(4));
        Path net = write(dir.resolve("networks/net.yaml"), NET.replace("[unit]", "[../blocks/unit.yaml]"));
        CommandLineTest.Run outside = CommandLineTest.run("analyze", net.toString());
        assertEquals(2, outside.code(), outside::err);
        assertTrue(outside.err().contains("it lies outside the directories imports may come from"), outside::err);
        write(dir.resolve("netspec.yaml"), "");
        assertEquals(0, CommandLineTest.run("analyze", net.toString()).code());
    }

    @Test
    void aMissingImportSaysWhereItLooked(@TempDir Path dir) throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib/blocks"));
        Path net = write(dir.resolve("app/net.yaml"), NET.replace("[unit]", "[conv_bn_akt]"));
        CommandLineTest.Run r = CommandLineTest.run("analyze", net.toString(), "--lib", lib.getParent().toString());
        assertEquals(2, r.code(), r::err);
        String err = r.err().strip();
        assertTrue(err.startsWith(net + ":2:11: error: cannot import `conv_bn_akt`: no conv_bn_akt.yaml or conv-bn-akt.yaml in "
                + dir.resolve("app").toRealPath() + " (beside net.yaml), " + dir.resolve("lib").toRealPath() + " (--lib), "
                + lib.toRealPath() + " (--lib), "), err);
        assertTrue(err.contains("specs/blocks (built-in library), specs/networks (built-in library); add a library folder "
                + "with --lib DIR or NETSPEC_LIB"), err);
        assertEquals(1, err.lines().count(), err);
    }

    @Test
    void libFoldersAreSearchedInTheOrderGiven(@TempDir Path dir) throws IOException {
        write(dir.resolve("first/unit.yaml"), unit(4));
        write(dir.resolve("second/blocks/unit.yaml"), unit(8));
        Path net = write(dir.resolve("app/net.yaml"), NET);
        String first = dir.resolve("first").toString();
        String second = dir.resolve("second").toString();
        assertEquals(2, CommandLineTest.run("analyze", net.toString()).code());
        assertEquals(params(4), totalParams(CommandLineTest.run("analyze", net.toString(), "--lib", first, "--lib", second,
                "--format", "csv").out()));
        assertEquals(params(8), totalParams(CommandLineTest.run("analyze", net.toString(), "--lib", second, "--lib", first,
                "--format", "csv").out()));
        // A file beside the importing one comes first.
        write(dir.resolve("app/unit.yaml"), unit(2));
        assertEquals(params(2), totalParams(CommandLineTest.run("analyze", net.toString(), "--lib", first, "--format", "csv")
                .out()));
    }

    @Test
    void aLibFolderThatDoesNotExistIsAUsageError(@TempDir Path dir) throws IOException {
        Path net = write(dir.resolve("net.yaml"), NET);
        CommandLineTest.Run r = CommandLineTest.run("analyze", net.toString(), "--lib", dir.resolve("nope").toString());
        assertEquals(2, r.code());
        assertEquals("analyzer: --lib " + dir.resolve("nope") + ": no such directory", r.err().strip());
    }

    @Test
    void theEnvironmentVariableComesAfterLibAndBeforeTheBuiltInLibrary(@TempDir Path dir) throws Exception {
        write(dir.resolve("first/unit.yaml"), unit(4));
        write(dir.resolve("second/unit.yaml"), unit(8));
        // A library block named like a built-in one shadows it: the environment comes first.
        write(dir.resolve("second/conv-bn-act.yaml"), unit(8).replace("block: unit", "block: conv_bn_act"));
        Path net = write(dir.resolve("app/net.yaml"), NET);
        Map<String, String> env = Map.of("NETSPEC_LIB", dir.resolve("missing") + java.io.File.pathSeparator + dir.resolve("second"));
        Process.Result bad = Process.run(dir, env, "analyze", net.toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("NETSPEC_LIB names " + dir.resolve("missing") + ", which is not a directory"), bad.err());
        env = Map.of("NETSPEC_LIB", dir.resolve("second").toString());
        assertEquals(params(8), totalParams(Process.run(dir, env, "analyze", net.toString(), "--format", "csv").out()));
        assertEquals(params(4), totalParams(Process.run(dir, env, "analyze", net.toString(), "--lib",
                dir.resolve("first").toString(), "--format", "csv").out()));
        Path shadowed = write(dir.resolve("app/shadow.yaml"), NET.replace("[unit]", "[conv_bn_act]")
                .replace("block: unit", "block: conv_bn_act"));
        assertEquals(params(8), totalParams(Process.run(dir, env, "analyze", shadowed.toString(), "--format", "csv").out()));
    }

    @Test
    void theBuiltInLibraryIsFoundFromAnotherWorkingDirectory(@TempDir Path dir) throws Exception {
        // conv_bn_act finds conv-bn-act.yaml: a 3x3 convolution 3 -> 8 without bias (216) and its batch norm (16).
        Path net = write(dir.resolve("net.yaml"), "network: net\nimports: [conv_bn_act]\ninputs: {x: [1, 3, 8, 8]}\n"
                + "layers:\n  - {name: a, block: conv_bn_act, out: 8, kernel: 3}\n");
        Process.Result r = Process.run(dir, Map.of(), "analyze", "net.yaml", "--format", "csv");
        assertEquals(0, r.code(), r.err());
        assertEquals(3 * 9 * 8 + 2 * 8, totalParams(r.out()));
        assertTrue(Files.exists(net));
    }

    @Test
    void oneFileReachedThroughManyLinkedFoldersIsReadOnce(@TempDir Path dir) throws IOException {
        write(dir.resolve("netspec.yaml"), "");
        write(dir.resolve("blocks/unit.yaml"), unit(4));
        // Each level links to the level below twice, so blocks/unit.yaml is reached through 2^6 paths.
        Path level = dir.resolve("blocks");
        for (int i = 0; i < 6; i++) {
            Path up = Files.createDirectories(dir.resolve("l" + i));
            Files.createSymbolicLink(up.resolve("a"), level);
            Files.createSymbolicLink(up.resolve("b"), level);
            level = up;
        }
        List<String> paths = new ArrayList<>();
        paths.add("blocks/unit.yaml");
        StringBuilder ab = new StringBuilder();
        for (int mask = 0; mask < 64; mask++) {
            ab.setLength(0);
            for (int bit = 5; bit >= 0; bit--) {
                ab.append((mask >> bit & 1) == 0 ? "a/" : "b/");
            }
            paths.add("l5/" + ab + "unit.yaml");
        }
        Path net = write(dir.resolve("net.yaml"), NET.replace("[unit]", "[" + String.join(", ", paths) + "]"));
        CommandLineTest.Run r = CommandLineTest.run("analyze", net.toString(), "--format", "csv");
        assertEquals(0, r.code(), r::err);
        assertEquals(params(4), totalParams(r.out()));
    }

    /** The command line in a JVM of its own, in another working directory and with its own environment. */
    private static final class Process {
        record Result(int code, String out, String err) {
        }

        static Result run(Path workingDirectory, Map<String, String> env, String... args) throws IOException, InterruptedException {
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1", Main.class.getName()));
            command.addAll(List.of(args));
            ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile());
            pb.environment().remove("NETSPEC_LIB");
            pb.environment().putAll(env);
            Path out = Files.createTempFile(workingDirectory, "out", ".txt");
            Path err = Files.createTempFile(workingDirectory, "err", ".txt");
            java.lang.Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            int code = p.waitFor();
            return new Result(code, Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        }
    }
}
