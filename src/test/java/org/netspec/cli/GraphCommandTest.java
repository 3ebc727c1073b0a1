package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code graph} drawn by Graphviz when {@code dot} is missing: the command runs as its own process
 * with a PATH that holds no {@code dot} (an empty folder), so the lookup is the real one.
 */
class GraphCommandTest {
    @TempDir
    Path emptyFolder;

    private record Result(int code, String out, String err) {
    }

    private Result runWithoutDot(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.put("PATH", emptyFolder.toString());
        // options the JVM would announce on standard error before netspec says anything
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        Process p = pb.start();
        p.getOutputStream().close();
        // standard error is one line at most, so reading the outputs one after the other cannot block
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the command did not end");
        return new Result(p.exitValue(), out, err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"svg", "png"})
    void drawingWithoutDotIsOneClearLineAndAUsageExit(String format) throws Exception {
        assertFalse(Files.exists(emptyFolder.resolve("dot")));
        Result r = runWithoutDot("graph", "specs/blocks/esp.yaml", "--format", format);
        assertEquals(2, r.code(), r::toString);
        assertEquals("", r.out(), "nothing half-drawn on standard output");
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r::toString);
        assertEquals("analyzer: --format " + format + " needs Graphviz's `dot` on the PATH (Debian: apt-get install "
                + "graphviz); --format dot writes the graph for it", lines.get(0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"dot", "graphml"})
    void theTextFormatsNeedNoGraphviz(String format) throws Exception {
        Result r = runWithoutDot("graph", "specs/blocks/esp.yaml", "--format", format);
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.err());
        assertTrue(r.out().startsWith(format.equals("dot") ? "digraph G {" : "<?xml"), r.out());
    }
}
