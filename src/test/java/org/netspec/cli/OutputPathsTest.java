package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.testing.OnnxFixtures;

/**
 * Output paths that are traps (issue 12, category 5): through a dangling symbolic link, inside
 * {@code /proc}, under a regular file, and a netspec-owned report folder into which someone planted
 * a symbolic link (a folder or a file). Every command that writes refuses each with exit code 2 and
 * one line, and nothing outside the place asked for changes: every other file in the test folder
 * (its path, kind, size, modification time and link target) is the same afterwards.
 */
class OutputPathsTest {
    private static final String SPEC = "src/test/resources/safetensors/small.yaml";

    @TempDir
    Path dir;
    /** Where a planted link points: files here belong to someone else. */
    private Path elsewhere;
    private Path victim;

    @BeforeEach
    void someoneElsesFiles() throws IOException {
        elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        victim = Files.writeString(elsewhere.resolve("victim.txt"), "keep me");
        Files.writeString(dir.resolve("regular-file"), "not a folder");
    }

    /** Every command that writes, told to write at {@code target}. */
    private List<String[]> writers(Path target) throws IOException {
        Path model = dir.resolve("model.onnx");
        if (!Files.exists(model)) {
            Files.write(model, OnnxFixtures.convRelu().toByteArray());
        }
        String t = target.toString();
        return List.of(
                new String[] {"export", SPEC, "--format", "onnx", "-o", t},
                new String[] {"export", SPEC, "--format", "pytorch", "-o", t},
                new String[] {"import", model.toString(), "-o", t},
                new String[] {"run", SPEC, "--threads", "1", "--save-output", t},
                new String[] {"run", SPEC, "--threads", "1", "--save-weights", t});
    }

    private void assertRefusedAndNothingChanged(Path target, String fragment, String... args) throws IOException {
        Map<String, String> before = snapshot(dir);
        CommandLineTest.Run r = CommandLineTest.run(args);
        String shown = String.join(" ", args) + "\n" + r.err();
        assertEquals(2, r.code(), shown);
        List<String> errors = r.err().lines().filter(l -> l.startsWith("analyzer: ")).toList();
        assertEquals(1, errors.size(), shown);
        assertTrue(errors.get(0).contains(fragment), () -> "expected `" + fragment + "` in " + shown);
        assertFalse(r.err().contains("Exception") || r.err().contains("internal error") || r.err().contains("\tat "), shown);
        assertEquals(before, snapshot(dir), shown);
        assertEquals("keep me", Files.readString(victim));
        assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !before.containsKey(dir.relativize(target).toString()),
                "nothing is left at " + target);
    }

    @Test
    void aFileThroughADanglingLinkIsRefusedAndTheLinkTargetIsNotCreated() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("dangling.out"), elsewhere.resolve("created-through-link"));
        for (String[] args : writers(link)) {
            assertRefusedAndNothingChanged(link, "is a symbolic link; choose another file or add --force", args);
        }
    }

    @Test
    void forcedReplacesTheLinkItselfNeverTheFileItPointsTo() throws IOException {
        for (String[] args : writers(dir.resolve("unused"))) {
            Path link = dir.resolve("link.out");
            Files.deleteIfExists(link);
            Files.createSymbolicLink(link, victim);
            args[args.length - 1] = link.toString();
            List<String> forced = new ArrayList<>(List.of(args));
            forced.add("--force");
            CommandLineTest.Run r = CommandLineTest.run(forced.toArray(String[]::new));
            assertEquals(0, r.code(), () -> forced + "\n" + r.err());
            assertFalse(Files.isSymbolicLink(link), "the link is replaced by the written file");
            assertEquals("keep me", Files.readString(victim));
        }
    }

    @Test
    void aFileUnderARegularFileIsRefused() throws IOException {
        Path target = dir.resolve("regular-file").resolve("out.bin");
        for (String[] args : writers(target)) {
            assertRefusedAndNothingChanged(target, "cannot write " + target, args);
        }
    }

    @Test
    void aFileInsideProcIsRefused() throws IOException {
        Path target = Path.of("/proc/self/netspec-output.bin");
        for (String[] args : writers(target)) {
            assertRefusedAndNothingChanged(target, "cannot write " + target, args);
        }
    }

    @Test
    void aReportThroughADanglingLinkIsRefused() throws IOException {
        Path link = Files.createSymbolicLink(dir.resolve("report"), elsewhere.resolve("created-through-link"));
        assertRefusedAndNothingChanged(link, "is a symbolic link to a missing", "report", SPEC, "--out", link.toString());
    }

    @Test
    void aReportUnderARegularFileOrInsideProcIsRefused() throws IOException {
        Path under = dir.resolve("regular-file").resolve("report");
        assertRefusedAndNothingChanged(under, "cannot write " + under, "report", SPEC, "--out", under.toString());
        Path proc = Path.of("/proc/self/netspec-report");
        assertRefusedAndNothingChanged(proc, "cannot write " + proc, "report", SPEC, "--out", proc.toString());
    }

    /** A report folder netspec wrote, as a later run finds it. */
    private Path ownedReport() throws IOException {
        Path report = dir.resolve("report");
        CommandLineTest.Run first = CommandLineTest.run("report", SPEC, "--out", report.toString());
        assertEquals(0, first.code(), first.err());
        assertTrue(Files.isRegularFile(report.resolve(OutputDirectory.MARKER)));
        return report;
    }

    @Test
    void aPlantedFolderLinkInAnOwnedReportIsNotFollowed() throws IOException {
        Path report = ownedReport();
        Path charts = report.resolve("charts");
        try (Stream<Path> files = Files.list(charts)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(charts);
        Files.createSymbolicLink(charts, elsewhere);
        Map<String, String> before = snapshot(elsewhere);
        CommandLineTest.Run r = CommandLineTest.run("report", SPEC, "--out", report.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("analyzer: cannot write " + charts + ": it is a symbolic link"), r.err());
        assertEquals(before, snapshot(elsewhere));
        assertEquals(before, snapshot(dir.resolve("elsewhere")));
    }

    @Test
    void aPlantedFileLinkInAnOwnedReportIsNotFollowed() throws IOException {
        Path report = ownedReport();
        Path index = report.resolve("index.html");
        Files.delete(index);
        Files.createSymbolicLink(index, victim);
        Path chart = report.resolve("charts").resolve("small-params-by-block.png");
        Files.deleteIfExists(chart);
        Files.createSymbolicLink(chart, elsewhere.resolve("new-file"));
        Map<String, String> before = snapshot(elsewhere);
        CommandLineTest.Run r = CommandLineTest.run("report", SPEC, "--out", report.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(": it is a symbolic link"), r.err());
        assertEquals(before, snapshot(elsewhere));
        assertEquals("keep me", Files.readString(victim));
    }

    @Test
    void aPlantedMarkerLinkDoesNotMakeAFolderNetspecs() throws IOException {
        Path report = Files.createDirectories(dir.resolve("report"));
        Files.createSymbolicLink(report.resolve(OutputDirectory.MARKER), victim);
        assertRefusedAndNothingChanged(report, "is not empty and was not created by netspec",
                "report", SPEC, "--out", report.toString());
    }

    /** Every path under {@code root} (links not followed) with its kind, size, modification time and link target. */
    static Map<String, String> snapshot(Path root) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.toList()) {
                BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String link = a.isSymbolicLink() ? " -> " + Files.readSymbolicLink(p) : "";
                files.put(root.relativize(p).toString(), (a.isDirectory() ? "dir" : a.isRegularFile() ? "file" : "other")
                        + " " + (a.isDirectory() ? "" : a.size() + " " + a.lastModifiedTime()) + link);
            }
        }
        return files;
    }
}
