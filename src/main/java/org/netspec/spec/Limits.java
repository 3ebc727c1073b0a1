package org.netspec.spec;

/**
 * Bounds on the work one spec may ask for, so a broken or hostile spec fails fast with a clear
 * message instead of exhausting memory or time. Every limit has a command-line flag of the same
 * name ({@code --max-nodes}, ...), and every message about a limit names its flag.
 *
 * @param maxFileBytes largest spec file read
 * @param maxYamlDepth deepest nesting of YAML lists and mappings
 * @param maxAliasNodes YAML values that aliases may add in total (stops "billion laughs")
 * @param maxNodes layers one expansion may visit: every primitive node, and every layer skipped by
 *     {@code when:} or left out because of an error
 * @param maxIterations iterations of one loop or repeat, values of one {@code range()}, and
 *     iterations of the comprehensions ({@code map}, {@code filter}, ...) of one expression
 * @param maxBlockDepth blocks nested inside blocks (catches recursive blocks)
 * @param maxExpressionLength characters of one expression
 * @param maxExpressionDepth nesting of parentheses, lists and calls in one expression
 * @param maxExpressionCost work of all the expressions of one spec together: one unit per
 *     evaluation step, plus one per character or list element of the value each step yields, plus
 *     about 5000 for each distinct expression compiled, plus the program size of each pattern
 *     {@code matches} compiles
 * @param maxNameChars characters of all the layer names of one expansion together: scoped names
 *     grow with nested blocks and loops, so a few long names can ask for gigabytes
 * @param maxAnalysisSteps steps of the footprint analyses of one network together (gridding: cells
 *     allocated and cell additions), so a network of many expensive blocks ends in seconds
 */
public record Limits(long maxFileBytes, int maxYamlDepth, long maxAliasNodes, long maxNodes, long maxIterations,
        int maxBlockDepth, int maxExpressionLength, int maxExpressionDepth, long maxExpressionCost, long maxNameChars,
        long maxAnalysisSteps) {
    /**
     * The largest value of each depth limit: reading a spec nested this deep (YAML, blocks,
     * expressions) needs a thread stack of some hundred megabytes, which the command line provides.
     */
    public static final int MAX_DEPTH = 1_000;

    /** Characters of all layer names: 100 per layer at the node limit, 10 MB of text. */
    public static final long DEFAULT_MAX_NAME_CHARS = 10_000_000;

    /** Footprint steps of a whole network: a few seconds, and at most 512 MiB of footprint cells. */
    public static final long DEFAULT_MAX_ANALYSIS_STEPS = 1L << 26;

    public static final Limits DEFAULT = new Limits(1 << 20, 64, 10_000, 100_000, 10_000, 32, 2_000, 64, 10_000_000,
            DEFAULT_MAX_NAME_CHARS, DEFAULT_MAX_ANALYSIS_STEPS);

    public Limits {
        if (maxFileBytes < 1 || maxYamlDepth < 1 || maxAliasNodes < 1 || maxNodes < 1 || maxIterations < 1
                || maxBlockDepth < 1 || maxExpressionLength < 1 || maxExpressionDepth < 1 || maxExpressionCost < 1
                || maxNameChars < 1 || maxAnalysisSteps < 1) {
            throw new IllegalArgumentException("every limit must be positive");
        }
        if (maxYamlDepth > MAX_DEPTH || maxBlockDepth > MAX_DEPTH || maxExpressionDepth > MAX_DEPTH) {
            throw new IllegalArgumentException("depth limits are at most " + MAX_DEPTH);
        }
    }
}
