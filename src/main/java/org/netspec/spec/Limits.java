package org.netspec.spec;

/**
 * Bounds on the work one spec may ask for, so a broken or hostile spec fails fast with a clear
 * message instead of exhausting memory or time.
 *
 * @param maxFileBytes largest spec file read
 * @param maxYamlDepth deepest nesting of YAML lists and mappings
 * @param maxAliasNodes YAML values that aliases may add in total (stops "billion laughs")
 * @param maxNodes primitive nodes one network may expand to
 * @param maxIterations iterations of one loop or repeat, and length of one range()
 * @param maxBlockDepth blocks nested inside blocks (catches recursive blocks)
 */
public record Limits(long maxFileBytes, int maxYamlDepth, long maxAliasNodes, long maxNodes, long maxIterations,
        int maxBlockDepth) {
    public static final Limits DEFAULT = new Limits(1 << 20, 64, 10_000, 200_000, 10_000, 32);
}
