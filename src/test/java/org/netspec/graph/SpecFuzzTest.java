package org.netspec.graph;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Profile;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.ImportRoots;
import org.netspec.spec.Limits;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;

/**
 * Fuzzes load + expand + build + count with Jazzer: any bytes, written as a spec file next to the
 * library's block files, either make a network or fail with a {@link SpecException} (or a
 * {@link Costs.OverflowException}) whose problems are one line each; nothing else may escape.
 *
 * <p>A normal build runs the seeds in {@code SpecFuzzTestInputs/loadExpandAndBuild} (Jazzer's
 * regression mode); {@code mvn test -Pfuzz} fuzzes for a long time (see the README).
 */
class SpecFuzzTest {
    /** Small limits keep each execution fast; the limits themselves are tested elsewhere. */
    private static final Limits LIMITS = new Limits(64 * 1024, 32, 2_000, 2_000, 256, 8, 500, 32, 200_000,
            Limits.DEFAULT.maxNameChars(), Limits.DEFAULT.maxAnalysisSteps());

    @TempDir
    static Path dir;
    private static Path spec;
    private static ImportRoots roots;

    @BeforeAll
    static void copyTheBlockLibrary() throws IOException {
        try (Stream<Path> blocks = Files.list(Path.of("specs/blocks"))) {
            for (Path block : blocks.toList()) {
                Files.copy(block, dir.resolve(block.getFileName()));
            }
        }
        spec = dir.resolve("fuzzed.yaml");
        roots = ImportRoots.of(spec, List.of());
    }

    @FuzzTest(maxDuration = "5m")
    void loadExpandAndBuild(byte[] yaml) throws IOException {
        Files.write(spec, yaml);
        try {
            NetworkBuilder.Result result = Specs.build(spec, Overrides.NONE, LIMITS, roots);
            result.diagnostics().forEach(SpecFuzzTest::assertOneLine);
            assertTrue(result.network().isPresent() != result.hasErrors(), "a network comes with no errors");
            if (result.network().isPresent()) {
                Costs.of(result.network().get(), Profile.STANDARD);
                Costs.of(result.network().get(), Profile.EDGENETS);
            }
        } catch (SpecException e) {
            assertFalse(e.diagnostics().isEmpty(), "a SpecException names its problems");
            e.diagnostics().forEach(SpecFuzzTest::assertOneLine);
        } catch (Costs.OverflowException e) {
            // As the command line reports it: an error at the node that overflowed.
            assertOneLine(new Diagnostic(Diagnostic.Severity.ERROR, e.node().location(), e.getMessage(), e.node().chain()));
        }
    }

    private static void assertOneLine(Diagnostic d) {
        String line = d.toString();
        assertFalse(line.isBlank() || line.contains("\n") || line.contains("\r"), () -> "not one line: " + line);
        assertTrue(line.startsWith(d.location().toString() + ": " + d.severity() + ": "), line);
    }
}
