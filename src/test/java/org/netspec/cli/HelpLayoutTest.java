package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help that leads with what matters: everyday options first, limits apart, the spec syntax of values. */
class HelpLayoutTest {
    private static final String LIMITS = "Limits on the work a spec or model may ask for:";

    @TempDir
    Path dir;

    @Test
    void theMaxLimitsHaveTheirOwnSectionAfterTheEverydayOptions() {
        for (String command : List.of("analyze", "run", "report", "validate")) {
            CommandLineTest.Run r = CommandLineTest.run(command, "--help");
            assertEquals(0, r.code(), r.err());
            List<String> lines = r.out().lines().toList();
            int heading = lines.indexOf(LIMITS);
            assertTrue(heading > 0, command + ": " + r.out());
            List<String> optionLines = lines.stream().filter(l -> l.matches(" {2}\\S.*| {6}--\\S.*")).toList();
            List<String> limits = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.matches(" {6}--max-.*")) {
                    assertTrue(i > heading, command + ": " + l + " is above the limits heading");
                    limits.add(l.trim().split("[= ]")[0]);
                } else if (optionLines.contains(l)) {
                    assertTrue(i < heading, command + ": " + l + " is among the limits");
                }
            }
            assertEquals(List.of("--max-alias-nodes", "--max-analysis-steps", "--max-block-depth", "--max-expression-cost",
                    "--max-expression-depth", "--max-expression-length", "--max-file-bytes", "--max-iterations",
                    "--max-model-bytes", "--max-name-chars", "--max-nodes", "--max-yaml-depth"), limits, command);
        }
    }

    @Test
    void aLimitGivenInItsSectionStillApplies() {
        CommandLineTest.Run r = CommandLineTest.run("analyze", "--max-nodes", "5", "specs/networks/espnet.yaml");
        assertTrue(r.code() != 0, r.err());
        assertTrue(r.err().contains("raise the limit with --max-nodes"), r.err());
        assertTrue(CommandLineTest.run("analyze", "--max-nodes", "0", "specs/networks/espnet.yaml").err()
                .contains("--max-nodes must be a positive number, got 0"));
    }

    @Test
    void opsShowsTheSyntaxOfPairsAndSamePadding() {
        CommandLineTest.Run r = CommandLineTest.run("ops");
        assertEquals(0, r.code(), r.err());
        String conv = r.out().lines().filter(l -> l.startsWith("conv ")).findFirst().orElseThrow();
        assertTrue(conv.contains(" kernel[h,w] "), conv);
        assertTrue(conv.contains(" padding[h,w]=0|same "), conv);
        // a transposed convolution's padding is a pair only: it has no `same`
        String transposed = r.out().lines().filter(l -> l.startsWith("conv_transpose ")).findFirst().orElseThrow();
        assertFalse(transposed.contains("same"), transposed);
        assertTrue(r.out().contains("kernel: [3, 1]"), r.out());
        assertTrue(r.out().contains("padding: same"), r.out());
    }

    /**
     * The launcher in a copy of the project with a built jar and a stand-in {@code java} that prints
     * its arguments: which JVM options each command line gets.
     */
    private String launch(String... args) throws IOException, InterruptedException {
        Path root = dir.resolve("project");
        Path bin = dir.resolve("bin");
        if (!Files.exists(root)) {
            Files.createDirectories(root.resolve("src/main"));
            Files.createDirectories(root.resolve("target"));
            Files.createDirectories(bin);
            Files.copy(Path.of("analyzer"), root.resolve("analyzer"));
            Files.writeString(root.resolve("pom.xml"), "<project/>");
            FileTime old = FileTime.fromMillis(1_000_000_000_000L);
            Files.setLastModifiedTime(root.resolve("pom.xml"), old);
            Files.setLastModifiedTime(root.resolve("src/main"), old);
            Files.writeString(root.resolve("target/netspec.jar"), "");
            Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"java $*\"\n");
            bin.resolve("java").toFile().setExecutable(true);
        }
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("analyzer").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void runLoadsTheVectorModuleOnlyWhenItRunsSoItsHelpHasNoIncubatorWarning() throws Exception {
        // The JVM prints "WARNING: Using incubator modules" whenever the module is added at start.
        assertTrue(launch("run", "net.yaml").contains("--add-modules jdk.incubator.vector"));
        for (String help : List.of("--help", "-h", "--version")) {
            String out = launch("run", help);
            assertTrue(out.startsWith("java "), out);
            assertFalse(out.contains("incubator"), out);
        }
        assertFalse(launch("analyze", "net.yaml").contains("incubator"));
    }
}
