package org.netspec.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netspec.testing.SpecFixtures.column;
import static org.netspec.testing.SpecFixtures.problems;
import static org.netspec.testing.SpecFixtures.spec;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.Overrides;

/** Each kind of graph error names the file, line and column that wrote the problem. */
class BrokenSpecsTest {
    private static Diagnostic only(Path file) {
        List<Diagnostic> problems = problems(file, Overrides.NONE);
        assertEquals(1, problems.size(), () -> "expected one problem, got " + problems);
        return problems.get(0);
    }

    private static void assertAt(Diagnostic d, Path file, int line, int column) {
        assertEquals(file.toAbsolutePath().normalize(), d.location().file().toAbsolutePath().normalize(), d::toString);
        assertEquals(line, d.location().line(), d::toString);
        assertEquals(column, d.location().column(), d::toString);
        assertTrue(d.toString().startsWith(file.toString() + ":" + line + ":" + column + ": error: "), d::toString);
    }

    @Test
    void aCycleIsReportedAtTheReferenceThatClosesIt() {
        Path file = spec("broken/cycle.yaml");
        Diagnostic d = only(file);
        assertAt(d, file, 5, column(file, 5, "[a, c]") + 4);
        assertTrue(d.message().contains("a cycle"), d::toString);
    }

    @Test
    void aDanglingNameIsReportedWithASuggestion() {
        Path file = spec("broken/dangling.yaml");
        Diagnostic d = only(file);
        assertAt(d, file, 5, column(file, 5, "conv2"));
        assertTrue(d.message().contains("`conv2`, which is not defined; did you mean `conv1`?"), d::toString);
    }

    @Test
    void aDuplicateNameNamesBothPlaces() {
        Path file = spec("broken/duplicate.yaml");
        Diagnostic d = only(file);
        assertAt(d, file, 5, column(file, 5, "{"));
        assertTrue(d.message().contains("duplicate name `conv1` (first defined at " + file + ":4:5)"), d::toString);
    }

    @Test
    void aConcatOfDifferentSizesShowsBothShapes() {
        Path file = spec("broken/concat-mismatch.yaml");
        Diagnostic d = only(file);
        assertAt(d, file, 6, column(file, 6, "{"));
        // 33 -> stride 2 -> 17 -> x2 -> 34, which no longer matches 33.
        assertTrue(d.message().contains("1x8x34x34") && d.message().contains("1x8x33x33"), d::toString);
    }

    @Test
    void anAddOfDifferentWidthsShowsBothShapes() {
        Path file = spec("broken/add-mismatch.yaml");
        Diagnostic d = only(file);
        assertAt(d, file, 5, column(file, 5, "{"));
        assertTrue(d.message().contains("1x16x16x16") && d.message().contains("1x8x16x16"), d::toString);
    }

    @Test
    void channelsNotDivisibleByGroupsPointAtGroups() {
        Path file = spec("broken/groups.yaml");
        Diagnostic d = only(file);
        assertAt(d, file, 8, column(file, 8, "groups"));
        assertTrue(d.message().contains("input channels 24 are not divisible by groups 5"), d::toString);
    }

    @Test
    void aKernelLargerThanItsPaddedInputPointsAtKernel() {
        Path file = spec("broken/kernel-too-large.yaml");
        Diagnostic d = only(file);
        assertAt(d, file, 4, column(file, 4, "kernel"));
        // 3 taps at dilation 4 span 9; the input is 4 + 2 * 1.
        assertTrue(d.message().contains("spans 9") && d.message().contains("only 6"), d::toString);
    }

    @Test
    void aZeroSizeInAnInputShapeIsReported() {
        Path file = spec("broken/non-positive.yaml");
        Diagnostic d = only(file);
        assertAt(d, file, 2, column(file, 2, "["));
        assertTrue(d.message().contains("must be positive, got 0"), d::toString);
    }

    @Test
    void aZeroChannelCountFromAnExpressionPointsAtTheAttribute() {
        Path file = spec("broken/zero-channels.yaml");
        Diagnostic d = only(file);
        assertAt(d, file, 5, column(file, 5, "width"));
        assertTrue(d.message().contains("`out` must be positive, got 0"), d::toString);
    }

    @Test
    void validateReportsEveryProblemNotOnlyTheFirst() {
        Path file = spec("broken/many-problems.yaml");
        Path block = spec("lang/blocks/pair.yaml");
        List<Diagnostic> problems = problems(file, Overrides.NONE);
        assertEquals(4, problems.size(), problems::toString);
        assertAt(find(problems, "`a` (conv)"), file, 5, column(file, 5, "groups"));
        assertAt(find(problems, "`nowhere`"), file, 7, column(file, 7, "nowhere"));
        assertAt(find(problems, "`e` (conv)"), file, 9, column(file, 9, "kernel"));
        Diagnostic inBlock = find(problems, "`d.second` (conv)");
        assertAt(inBlock, block, 8, column(block, 8, "groups"));
        assertEquals(1, inBlock.chain().size());
        assertEquals("d", inBlock.chain().get(0).instance());
        assertEquals(8, inBlock.chain().get(0).location().line());
        assertTrue(inBlock.toString().endsWith("(in pair `d` at " + file + ":8:5)"), inBlock::toString);
    }

    private static Diagnostic find(List<Diagnostic> problems, String text) {
        return problems.stream().filter(d -> d.message().contains(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no problem mentions " + text + ": " + problems));
    }
}
