package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.netspec.cli.Main;

/**
 * Every spec in the library and the examples analyses without error through the command line,
 * and every block file opens with a comment and documents each parameter: a broken or
 * undocumented spec cannot be added.
 */
class EverySpecTest {
    private static List<Path> yamlUnder(String dir) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(dir))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @TestFactory
    Stream<DynamicTest> everySpecAnalyses() throws IOException {
        return Stream.concat(yamlUnder("specs").stream(), yamlUnder("examples").stream())
                .map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
                    StringWriter out = new StringWriter();
                    StringWriter err = new StringWriter();
                    int code = Main.run(new PrintWriter(out), new PrintWriter(err), "analyze", p.toString(), "--format", "json");
                    assertEquals(0, code, err::toString);
                    assertTrue(out.toString().contains("\"totals\""), out::toString);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyBlockIsDocumented() throws IOException {
        return yamlUnder("specs/blocks").stream().map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
            List<String> lines = Files.readAllLines(p);
            assertTrue(lines.get(0).startsWith("# "), "a block file opens with a comment naming its paper");
            boolean inParams = false;
            for (String line : lines) {
                if (line.startsWith("params:")) {
                    inParams = true;
                } else if (inParams && !line.startsWith("  ")) {
                    inParams = false;
                } else if (inParams && line.matches("  [A-Za-z_]\\w*:.*")) {
                    assertTrue(line.contains("doc:"), () -> "parameter without doc in " + p + ": " + line);
                }
            }
        }));
    }
}
