package org.netspec.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.analysis.Profile;
import org.netspec.spec.Limits;
import org.netspec.spec.SpecLoader;

class SweepTest {
    @TempDir
    Path dir;

    private SweepSpec load(String text) throws Exception {
        Path f = dir.resolve("s.sweep.yaml");
        Files.writeString(f, text);
        return SweepLoader.load(f, Limits.DEFAULT);
    }

    @Test
    void countsConditionalDomainsWithoutMakingThem() throws Exception {
        SweepSpec s = load("""
                sweep: t
                spec: x.yaml
                params:
                  K: [2, 3]
                  dilations: {increasing: K, from: [1, 2, 4, 8]}
                  out: {from: 32, to: 64, step: 32}
                """);
        // C(4,2) + C(4,3) = 6 + 4 lists of rates, times two widths.
        assertEquals(20, Variants.count(s.params()));
        List<Map<String, Object>> all = Variants.all(s.params());
        assertEquals(20, all.size());
        assertEquals(Map.of("K", 2L, "dilations", List.of(1L, 2L), "out", 32L), all.get(0));
        assertEquals(Map.of("K", 3L, "dilations", List.of(2L, 4L, 8L), "out", 64L), all.get(19));
    }

    @Test
    void aConditionalParameterIsLeftOutWhereItsConditionIsFalse() throws Exception {
        SweepSpec s = load("""
                sweep: t
                spec: x.yaml
                params:
                  K: [2, 3, 4]
                  out: {when: "K % 2 == 0", values: [32, 64]}
                  width: {when: "K == 4", from: 8, to: 24, step: 8}
                """);
        // K=2: 2 values of out; K=3: out left out; K=4: 2 values of out times 3 widths.
        assertEquals(2 + 1 + 2 * 3, Variants.count(s.params()));
        List<Map<String, Object>> all = Variants.all(s.params());
        assertEquals(9, all.size());
        assertEquals(Map.of("K", 2L, "out", 32L), all.get(0));
        assertEquals(Map.of("K", 3L), all.get(2));
        assertEquals(Map.of("K", 4L, "out", 64L, "width", 24L), all.get(8));
        assertEquals(Set.of("K"), s.params().get(1).domain().dependsOn());
    }

    @Test
    void aConditionReadsOnlyTheNamesOutsideItsQuotes() throws Exception {
        SweepSpec s = load("""
                sweep: t
                spec: x.yaml
                params:
                  K: [2, 3]
                  kind: [esp, eesp]
                  dilations: {when: "kind == 'K'", values: [[1, 2]]}
                """);
        assertEquals(Set.of("kind"), s.params().get(2).domain().dependsOn());
        assertEquals(4, Variants.count(s.params()));
    }

    @Test
    void floatRangesAreExactDecimals() throws Exception {
        SweepSpec s = load("""
                sweep: t
                spec: x.yaml
                params:
                  width: {from: 0.1, to: 0.5, step: 0.1}
                """);
        assertEquals(List.of(0.1, 0.2, 0.3, 0.4, 0.5), s.params().get(0).domain().values(Map.of()));
    }

    @Test
    void paretoFrontKeepsTheUndominated() {
        List<Objective> objectives = List.of(new Objective(new Figure(Quantity.PARAMS, null), false),
                new Objective(new Figure(Quantity.RECEPTIVE_FIELD, null), true));
        List<Outcome> outcomes = List.of(
                outcome(0, 100, 9, null),
                outcome(1, 200, 9, null), // dominated by 0
                outcome(2, 300, 17, null),
                outcome(3, 50, 33, "params <= 10"), // rejected: never on the front
                outcome(4, 100, 9, null), // equal to 0: kept
                outcome(5, 400, 17, null)); // dominated by 2
        assertEquals(List.of(0L, 2L, 4L), Pareto.front(outcomes, objectives).stream().map(Outcome::index).toList());
    }

    private static Outcome outcome(long i, double params, double rf, String failed) {
        return new Outcome(i, Map.of(), Map.of("params", params, "receptive_field", rf), failed, null);
    }

    @Test
    void evaluatesAVariantOfTheSpecAndStopsAtTheFirstFailedConstraint() throws Exception {
        Path spec = Path.of("examples/esp-sweep/esp-rates.yaml").toAbsolutePath();
        SweepSpec s = load("""
                sweep: t
                spec: %s
                input: 1x64x8x8
                params:
                  dilations: [[1, 2], [1, 2, 4, 8]]
                constraints:
                  - {quantity: coverage, min: 0.01}
                  - {quantity: params, max: 20672}
                objectives:
                  - {maximise: receptive_field}
                """.formatted(spec));
        Evaluator e = new Evaluator(s, SpecLoader.load(spec, Limits.DEFAULT), Limits.DEFAULT, Profile.named("standard").get());
        // 64 -> 32 reduction (2,048), two 3x3 branches 32 -> 32 (2 x 9,216), batch norm 128, PReLU 64.
        Outcome two = e.evaluate(0, Map.of("dilations", List.of(1L, 2L)));
        assertNull(two.failed());
        assertEquals(20672, two.figures().get("params"));
        // Rates 1 and 2: the larger branch spans 1 + 2 * 2 = 5 positions.
        assertEquals(5, two.figures().get("receptive_field"));
        // Union of a 3x3 and a rate-2 3x3 grid: 9 + 8 = 17 of 25 cells.
        assertEquals(17.0 / 25, two.figures().get("coverage"), 1e-12);
        // Four branches of 16 (64 -> 16 reduction 1,024; 4 x 2,304; 192): 10,432 passes. The parameter
        // constraint is checked first though written second, since counts cost least.
        Outcome four = e.evaluate(1, Map.of("dilations", List.of(1L, 2L, 4L, 8L)));
        assertEquals(List.of("params", "coverage", "receptive_field"), List.copyOf(four.figures().keySet()));
        assertEquals(1024 + 4 * 2304 + 128 + 64, four.figures().get("params"));
        // Parallel branches: the field is the widest branch's, rate 8: 1 + 2 * 8.
        assertEquals(17, four.figures().get("receptive_field"));
        assertTrue(four.passed());
    }
}
