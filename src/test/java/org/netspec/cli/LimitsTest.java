package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netspec.cli.BadInputCorpusTest.CORPUS;
import static org.netspec.cli.BadInputCorpusTest.GUARD;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.netspec.spec.Limits;

/**
 * Every limit is a flag on every command that reads a spec: a value below what a spec needs stops
 * it with a message naming the flag, a higher value lets a spec through, and a value that is not
 * positive (or a depth beyond {@link Limits#MAX_DEPTH}) is a usage error.
 */
class LimitsTest {
    private static final String ESPNET = "specs/networks/espnet.yaml";
    private static final List<String> FLAGS = List.of("--max-file-bytes", "--max-yaml-depth", "--max-alias-nodes",
            "--max-nodes", "--max-iterations", "--max-block-depth", "--max-expression-length", "--max-expression-depth",
            "--max-expression-cost", "--allow-imports-from");

    private static CommandLineTest.Run run(String... args) {
        return assertTimeoutPreemptively(GUARD, () -> CommandLineTest.run(args));
    }

    private static void assertStoppedBy(String flag, CommandLineTest.Run r) {
        assertEquals(2, r.code(), r::err);
        assertTrue(r.err().lines().allMatch(l -> l.contains(": error: ")), r::err);
        assertTrue(r.err().contains(flag), () -> "expected the message to name " + flag + ": " + r.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {"analyze", "validate", "bench", "graph", "compare", "report"})
    void everyCommandThatReadsASpecTakesEveryLimit(String command) {
        CommandLineTest.Run help = run(command, "--help");
        for (String flag : FLAGS) {
            assertTrue(help.out().contains(flag), () -> command + " --help lacks " + flag);
        }
    }

    /** ESPNet needs more than each of these tight limits; its message names the flag to raise. */
    @ParameterizedTest
    @CsvSource({
        "--max-file-bytes, 100",
        "--max-yaml-depth, 2",
        "--max-nodes, 100",
        "--max-iterations, 4",
        "--max-expression-length, 20",
        "--max-expression-depth, 2",
        "--max-expression-cost, 500",
    })
    void aTightLimitStopsEspnetAndNamesItsFlag(String flag, String value) {
        assertStoppedBy(flag, run("analyze", ESPNET, flag, value));
    }

    /** The defaults are generous: the library's networks pass with a tenth of them. */
    @ParameterizedTest
    @ValueSource(strings = {"specs/networks/espnet.yaml", "specs/networks/espnet-c.yaml", "specs/blocks/eesp.yaml"})
    void theLibraryNeedsLessThanATenthOfTheDefaults(String spec) {
        Limits d = Limits.DEFAULT;
        CommandLineTest.Run r = run("analyze", spec, "--max-nodes", Long.toString(d.maxNodes() / 10),
                "--max-iterations", Long.toString(d.maxIterations() / 10),
                "--max-expression-cost", Long.toString(d.maxExpressionCost() / 10),
                "--max-file-bytes", Long.toString(d.maxFileBytes() / 10));
        assertEquals(0, r.code(), r::err);
    }

    @Test
    void theBlockDepthLimitCountsBlocksInsideBlocks() {
        // The EESP block runs a cbr block inside: two levels.
        assertEquals(0, run("analyze", "specs/blocks/eesp.yaml", "--max-block-depth", "2").code());
        assertStoppedBy("--max-block-depth", run("analyze", "specs/blocks/eesp.yaml", "--max-block-depth", "1"));
    }

    @Test
    void theAliasLimitCountsTheValuesAliasesAdd(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("aliases.yaml");
        Files.writeString(spec, """
                network: aliases
                inputs: {x: &shape [1, 3, 8, 8], y: *shape}
                layers:
                  - {op: add, from: [x, y]}
                """);
        // The alias adds a list and its four sizes: five values.
        assertEquals(0, run("analyze", spec.toString(), "--max-alias-nodes", "5").code());
        assertStoppedBy("--max-alias-nodes", run("analyze", spec.toString(), "--max-alias-nodes", "4"));
    }

    @Test
    void raisingALimitLetsASpecThrough() {
        CommandLineTest.Run deep = run("analyze", CORPUS.resolve("deep-nesting.yaml").toString(), "--max-yaml-depth", "300",
                "--format", "csv");
        assertEquals(0, deep.code(), deep::err);
        assertTrue(deep.out().contains("total,,,0,0,0,192"), deep::out); // one ReLU over 3x8x8 values
        CommandLineTest.Run parentheses = run("analyze", CORPUS.resolve("code-deep-parentheses.yaml").toString(),
                "--max-expression-depth", "1000", "--format", "csv");
        assertEquals(0, parentheses.code(), parentheses::err);
        // A 1x1 convolution from 3 to 4 channels: 12 weights and 4 biases, 12 MACs and 4 bias adds per position.
        assertTrue(parentheses.out().contains("total,,,16,0,768,256"), parentheses::out);
    }

    @Test
    void theDepthLimitsReachTheirMaximumWithoutOverflowingTheStack(@TempDir Path dir) throws IOException {
        int max = Limits.MAX_DEPTH;
        Path yaml = dir.resolve("deep.yaml");
        // The root mapping, the layers list and the layer mapping are three levels; the doc adds the rest.
        Files.writeString(yaml, "network: deep\ninputs: {x: [1, 3, 8, 8]}\nlayers:\n  - {op: relu, doc: "
                + "[".repeat(max - 3) + "]".repeat(max - 3) + "}\n");
        CommandLineTest.Run deepest = run("analyze", yaml.toString(), "--max-yaml-depth", Integer.toString(max));
        assertEquals(0, deepest.code(), deepest::err);
        Files.writeString(yaml, "network: deep\ninputs: {x: [1, 3, 8, 8]}\nlayers:\n  - {op: relu, doc: "
                + "[".repeat(max - 2) + "]".repeat(max - 2) + "}\n");
        assertStoppedBy("--max-yaml-depth", run("analyze", yaml.toString(), "--max-yaml-depth", Integer.toString(max)));

        Path groups = dir.resolve("groups.yaml");
        int nested = max / 2 - 5; // each group is a mapping in a list: two levels
        Files.writeString(groups, "network: groups\ninputs: {x: [1, 3, 8, 8]}\nlayers: " + "[{layers: ".repeat(nested)
                + "[{op: relu}]" + "}]".repeat(nested) + "\n");
        CommandLineTest.Run nestedGroups = run("analyze", groups.toString(), "--max-yaml-depth", Integer.toString(max));
        assertEquals(0, nestedGroups.code(), nestedGroups::err);

        Path parentheses = dir.resolve("parentheses.yaml");
        Files.writeString(parentheses, "network: parentheses\ninputs: {x: [1, 3, 8, 8]}\nlayers:\n  - {op: conv, kernel: 1, out: \""
                + "(".repeat(max) + "4" + ")".repeat(max) + "\"}\n");
        assertStoppedBy("--max-expression-depth", run("analyze", parentheses.toString(), "--max-expression-depth",
                Integer.toString(max), "--max-expression-length", "10000"));

        CommandLineTest.Run recursive = run("analyze", CORPUS.resolve("recursive-block.yaml").toString(),
                "--max-block-depth", Integer.toString(max));
        assertStoppedBy("--max-block-depth", recursive);
        assertTrue(recursive.err().contains("blocks are nested more than " + max + " deep"), recursive::err);
        assertTrue(recursive.err().length() < 2_000, "a deep chain is abbreviated: " + recursive.err().length());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--max-nodes             | 0    | --max-nodes must be a positive number, got 0",
        "--max-file-bytes        | -1   | --max-file-bytes must be a positive number, got -1",
        "--max-alias-nodes       | 0    | --max-alias-nodes must be a positive number, got 0",
        "--max-iterations        | 0    | --max-iterations must be a positive number, got 0",
        "--max-expression-length | 0    | --max-expression-length must be a positive number, got 0",
        "--max-expression-cost   | -5   | --max-expression-cost must be a positive number, got -5",
        "--max-yaml-depth        | 0    | --max-yaml-depth must be between 1 and 1000, got 0",
        "--max-block-depth       | 1001 | --max-block-depth must be between 1 and 1000, got 1001",
        "--max-expression-depth  | -1   | --max-expression-depth must be between 1 and 1000, got -1",
    })
    void aLimitThatIsNotPositiveIsAUsageError(String flag, String value, String message) {
        for (List<String> command : List.of(List.of("analyze", ESPNET), List.of("validate", ESPNET), List.of("bench", ESPNET),
                List.of("compare", ESPNET, ESPNET))) {
            List<String> args = new ArrayList<>(command);
            args.add(flag);
            args.add(value);
            CommandLineTest.Run r = run(args.toArray(String[]::new));
            assertEquals(2, r.code(), r::err);
            assertEquals("analyzer: " + message, r.err().strip());
        }
    }

    @Test
    void aComparisonReadsEverySpecUnderTheGivenLimits() {
        assertEquals(0, run("compare", ESPNET, "specs/networks/espnet-c.yaml").code());
        assertStoppedBy("--max-nodes", run("compare", ESPNET, "specs/networks/espnet-c.yaml", "--max-nodes", "100"));
    }

    @Test
    void aLimitThatIsNotANumberIsAUsageError() {
        CommandLineTest.Run r = run("analyze", ESPNET, "--max-nodes", "lots");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--max-nodes"), r::err);
    }
}
