package org.netspec.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.netspec.importer.ImportLimits;
import org.netspec.spec.ImportRoots;
import org.netspec.spec.Limits;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The limits on the work a spec may ask for and the directories it may import from: options of
 * every command that reads specs.
 */
final class LimitOptions {
    @Option(names = "--allow-imports-from", paramLabel = "DIR",
            description = "also allow imports from this directory tree (besides the spec's own directory and the "
                    + "built-in specs/ library)")
    List<Path> importRoots = List.of();

    @Option(names = "--lib", paramLabel = "DIR",
            description = "a library folder: imports by name (`imports: [esp]`) are looked for in it, after the spec's "
                    + "project and before NETSPEC_LIB and the built-in library (repeatable, searched in order)")
    List<Path> libraries = List.of();

    /**
     * The {@code --max-*} limits, in their own help section after the everyday options: they guard
     * against hostile or runaway specs and are rarely changed.
     */
    @ArgGroup(validate = false, heading = "%nLimits on the work a spec or model may ask for:%n", order = 1)
    Maxima maxima = new Maxima();

    /** The limit values; the defaults are those of {@link Limits#DEFAULT} and {@link ImportLimits}. */
    static final class Maxima {
        @Option(names = "--max-file-bytes", paramLabel = "N",
                description = "largest spec file read (default ${DEFAULT-VALUE})")
        long maxFileBytes = Limits.DEFAULT.maxFileBytes();

        @Option(names = "--max-model-bytes", paramLabel = "N",
                description = "largest ONNX model read, and largest total of the external data it names "
                        + "(default ${DEFAULT-VALUE})")
        long maxModelBytes = ImportLimits.DEFAULT_MAX_MODEL_BYTES;

        @Option(names = "--max-yaml-depth", paramLabel = "N",
                description = "deepest nesting of YAML lists and mappings (default ${DEFAULT-VALUE})")
        int maxYamlDepth = Limits.DEFAULT.maxYamlDepth();

        @Option(names = "--max-alias-nodes", paramLabel = "N",
                description = "values YAML aliases may add in total (default ${DEFAULT-VALUE})")
        long maxAliasNodes = Limits.DEFAULT.maxAliasNodes();

        @Option(names = "--max-nodes", paramLabel = "N",
                description = "layers one expansion may visit: nodes, and layers skipped or failed; nodes of an ONNX graph "
                        + "(default ${DEFAULT-VALUE})")
        long maxNodes = Limits.DEFAULT.maxNodes();

        @Option(names = "--max-iterations", paramLabel = "N",
                description = "iterations of one loop or repeat, values of one range(), comprehension iterations of one "
                        + "expression (default ${DEFAULT-VALUE})")
        long maxIterations = Limits.DEFAULT.maxIterations();

        @Option(names = "--max-block-depth", paramLabel = "N",
                description = "blocks nested inside blocks (default ${DEFAULT-VALUE})")
        int maxBlockDepth = Limits.DEFAULT.maxBlockDepth();

        @Option(names = "--max-expression-length", paramLabel = "N",
                description = "characters of one expression (default ${DEFAULT-VALUE})")
        int maxExpressionLength = Limits.DEFAULT.maxExpressionLength();

        @Option(names = "--max-expression-depth", paramLabel = "N",
                description = "nesting of parentheses, lists and calls in one expression (default ${DEFAULT-VALUE})")
        int maxExpressionDepth = Limits.DEFAULT.maxExpressionDepth();

        @Option(names = "--max-expression-cost", paramLabel = "N",
                description = "work of all expressions of the spec: evaluation steps, the characters and list elements "
                        + "they yield, and 5000 per distinct expression compiled (default ${DEFAULT-VALUE})")
        long maxExpressionCost = Limits.DEFAULT.maxExpressionCost();

        @Option(names = "--max-name-chars", paramLabel = "N",
                description = "characters of all layer names together, which grow with nested blocks and loops "
                        + "(default ${DEFAULT-VALUE})")
        long maxNameChars = Limits.DEFAULT.maxNameChars();

        @Option(names = "--max-analysis-steps", paramLabel = "N",
                description = "steps of the gridding footprints of the whole network (blocks beyond it are listed as "
                        + "not measured), and of its receptive fields (beyond it, an error) (default ${DEFAULT-VALUE})")
        long maxAnalysisSteps = Limits.DEFAULT.maxAnalysisSteps();
    }

    /** Where {@code spec} may import block files from, and where imports by name are looked for. */
    ImportRoots importRoots(Path spec) {
        List<Path> environment = ImportRoots.libraryPath(System.getenv(ImportRoots.LIBRARY_VARIABLE));
        for (Path dir : libraries) {
            if (!Files.isDirectory(dir)) {
                throw new UsageException("--lib " + dir + ": no such directory");
            }
        }
        for (Path dir : environment) {
            if (!Files.isDirectory(dir)) {
                throw new UsageException(ImportRoots.LIBRARY_VARIABLE + " names " + dir + ", which is not a directory");
            }
        }
        return ImportRoots.of(spec, importRoots, libraries, environment);
    }

    /** The limits given on the command line, each checked to be positive (and depths at most {@link Limits#MAX_DEPTH}). */
    Limits limits() {
        positive("--max-file-bytes", maxima.maxFileBytes);
        depth("--max-yaml-depth", maxima.maxYamlDepth);
        positive("--max-alias-nodes", maxima.maxAliasNodes);
        positive("--max-nodes", maxima.maxNodes);
        positive("--max-iterations", maxima.maxIterations);
        depth("--max-block-depth", maxima.maxBlockDepth);
        positive("--max-expression-length", maxima.maxExpressionLength);
        depth("--max-expression-depth", maxima.maxExpressionDepth);
        positive("--max-expression-cost", maxima.maxExpressionCost);
        positive("--max-name-chars", maxima.maxNameChars);
        positive("--max-analysis-steps", maxima.maxAnalysisSteps);
        return new Limits(maxima.maxFileBytes, maxima.maxYamlDepth, maxima.maxAliasNodes, maxima.maxNodes,
                maxima.maxIterations, maxima.maxBlockDepth, maxima.maxExpressionLength, maxima.maxExpressionDepth,
                maxima.maxExpressionCost, maxima.maxNameChars, maxima.maxAnalysisSteps);
    }

    /** The limits on reading an ONNX model: its size, and the node limit specs share. */
    ImportLimits importLimits() {
        positive("--max-model-bytes", maxima.maxModelBytes);
        positive("--max-nodes", maxima.maxNodes);
        return new ImportLimits(maxima.maxModelBytes, maxima.maxNodes);
    }

    private static void positive(String flag, long value) {
        if (value < 1) {
            throw new UsageException(flag + " must be a positive number, got " + value);
        }
    }

    private static void depth(String flag, int value) {
        if (value < 1 || value > Limits.MAX_DEPTH) {
            throw new UsageException(flag + " must be between 1 and " + Limits.MAX_DEPTH + ", got " + value);
        }
    }
}
