package org.netspec.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.netspec.graph.NetworkBuilder;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.Expressions;
import org.netspec.spec.ImportRoots;
import org.netspec.spec.Limits;
import org.netspec.spec.NetworkSpec;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;
import org.netspec.spec.SpecLoader;

/** Test fixtures: spec files under src/test/resources/specs and the problems they produce. */
public final class SpecFixtures {
    public static final Path ROOT = Path.of("src/test/resources/specs");

    private SpecFixtures() {
    }

    /**
     * The spec files of the library and the examples under {@code dir}: every YAML file except
     * device profiles (specs/devices, checked by DeviceLoaderTest) and sweep files (*.sweep.yaml,
     * checked by SweepSchemaTest and SweepCommandTest), which are not specs.
     */
    public static List<Path> specFilesUnder(String dir) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(dir))) {
            return files.filter(p -> p.toString().endsWith(".yaml") && !p.startsWith(Path.of("specs", "devices"))
                    && !p.toString().endsWith(".sweep.yaml")).sorted().toList();
        }
    }

    public static Path spec(String relative) {
        return ROOT.resolve(relative);
    }

    /**
     * Every problem of a spec, from loading or from building, as {@code validate} reports them.
     * Fixtures may import from anywhere under {@link #ROOT}.
     */
    public static List<Diagnostic> problems(Path file, Overrides overrides) {
        try {
            NetworkSpec spec = SpecLoader.load(file, Limits.DEFAULT, ImportRoots.of(file, List.of(ROOT)));
            return NetworkBuilder.build(spec, overrides, Limits.DEFAULT, new Expressions(Limits.DEFAULT)).diagnostics()
                    .stream().filter(Diagnostic::isError).toList();
        } catch (SpecException e) {
            return e.diagnostics();
        }
    }

    /**
     * The 1-based line and column where {@code token} first appears on {@code line} of a file,
     * read from the file itself so tests state positions by content, not by counting.
     */
    public static int column(Path file, int line, String token) {
        try {
            String text = Files.readAllLines(file).get(line - 1);
            int at = text.indexOf(token);
            assertTrue(at >= 0, "`" + token + "` is not on line " + line + " of " + file + ": " + text);
            return at + 1;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
