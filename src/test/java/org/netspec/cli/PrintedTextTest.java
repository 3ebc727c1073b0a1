package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.spec.VisibleText;

/**
 * Issue 12, category 8, outside the messages: a file name with a bidi override and an escape
 * sequence is shown escaped wherever a command prints it (headings, success lines, comparison
 * labels) and in every file {@code report} writes, so no command output reorders or recolours a
 * terminal or a page.
 */
class PrintedTextTest {
    /** U+202E (right-to-left override) and ESC [31m (red), as a file name may hold them. */
    private static final String HOSTILE = "evil\u202ecod\u001b[31m";
    private static final String SHOWN = "evil\\u202ecod\\u001b[31m";
    private static final String SPEC = """
            network: n
            inputs: {x: [1, 3, 8, 8]}
            layers:
              - {name: c, op: conv, out: 4, kernel: 3}
              - {name: g, op: global_avgpool}
            """;

    @TempDir
    Path dir;

    private Path hostileSpec() throws IOException {
        return Files.writeString(dir.resolve(HOSTILE + ".yaml"), SPEC);
    }

    /** Every character of the text is one a terminal shows as it is; line ends separate lines. */
    private static void assertVisible(String text, String shown) {
        for (String line : text.split("\n", -1)) {
            assertEquals(VisibleText.escape(line), line, shown);
        }
    }

    private static CommandLineTest.Run assertEscaped(String... args) {
        CommandLineTest.Run r = CommandLineTest.run(args);
        String shown = String.join(" ", args) + "\n" + r.out() + r.err();
        assertEquals(0, r.code(), shown);
        assertVisible(r.out(), shown);
        assertVisible(r.err(), shown);
        return r;
    }

    @Test
    void analyzeShowsTheFileNameEscapedInItsHeading() throws IOException {
        String spec = hostileSpec().toString();
        assertTrue(assertEscaped("analyze", spec).out().startsWith("network  n  (" + SHOWN + ".yaml)\n"));
        assertEscaped("analyze", spec, "--format", "markdown");
        assertEscaped("analyze", spec, "--by", "block");
    }

    @Test
    void validateGraphAndRunShowTheFileNameEscaped() throws IOException {
        String spec = hostileSpec().toString();
        assertEquals(spec.replace(HOSTILE, SHOWN) + ": valid, 3 nodes", assertEscaped("validate", spec).out().strip());
        assertEscaped("graph", spec);
        assertTrue(assertEscaped("run", spec, "--threads", "1").out().startsWith("network  n  (" + SHOWN + ".yaml)\n"));
    }

    @Test
    void compareLabelsTheSubjectWithItsEscapedName() throws IOException {
        String spec = hostileSpec().toString();
        String plain = Files.writeString(dir.resolve("plain.yaml"), SPEC).toString();
        String table = assertEscaped("compare", spec, plain).out();
        assertTrue(table.startsWith(SHOWN + ": n (" + SHOWN + ".yaml)"), table);
        assertEscaped("compare", spec, plain, "--format", "markdown");
    }

    @Test
    void reportWritesNoHiddenCharacterInItsPageOrCharts() throws IOException {
        String spec = hostileSpec().toString();
        Path out = dir.resolve("report " + HOSTILE);
        String printed = assertEscaped("report", spec, "--out", out.toString()).out();
        assertTrue(printed.startsWith("wrote " + out.toString().replace(HOSTILE, SHOWN) + "/index.html"), printed);
        List<Path> files;
        try (Stream<Path> walk = Files.walk(out)) {
            files = walk.filter(f -> f.toString().endsWith(".html") || f.toString().endsWith(".svg")).toList();
        }
        assertTrue(files.size() > 1, files::toString);
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            assertTrue(text.chars().noneMatch(c -> c == '\u202e' || c == '\u001b'), f::toString);
        }
    }

    /** Layer names hold no such character: the spec is refused, and the message shows the name escaped. */
    @Test
    void aLayerNamedWithHiddenCharactersIsRefusedWithTheNameEscaped() throws IOException {
        Path spec = Files.writeString(dir.resolve(HOSTILE + ".yaml"), SPEC.replace("name: c,", "name: \"c\\u202e\\e[31m\","));
        CommandLineTest.Run r = CommandLineTest.run("analyze", spec.toString());
        assertEquals(2, r.code(), r.err());
        assertVisible(r.err(), r.err());
        assertTrue(r.err().startsWith(spec.toString().replace(HOSTILE, SHOWN) + ":4:12: error: `c\\u202e\\u001b[31m`"),
                r.err());
    }
}
