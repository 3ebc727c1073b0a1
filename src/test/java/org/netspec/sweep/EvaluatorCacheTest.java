package org.netspec.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.analysis.Profile;
import org.netspec.spec.Limits;
import org.netspec.spec.NetworkSpec;
import org.netspec.spec.SpecLoader;

/** What one evaluator keeps between variants changes no figure: each variant as if evaluated alone. */
class EvaluatorCacheTest {
    @TempDir
    Path dir;

    @Test
    void variantsEvaluatedTogetherEqualVariantsEvaluatedAlone() throws Exception {
        Path f = dir.resolve("espnet.sweep.yaml");
        Files.writeString(f, """
                sweep: espnet
                spec: %s
                input: 1x3x64x128
                params:
                  p: [1, 2]
                  q: [2, 3]
                constraints:
                  - {quantity: params, max: 100000000}
                  - {quantity: coverage, min: 0}
                objectives:
                  - {maximise: receptive_field}
                  - {minimise: warnings}
                """.formatted(Path.of("specs/networks/espnet.yaml").toAbsolutePath()));
        SweepSpec sweep = SweepLoader.load(f, Limits.DEFAULT);
        NetworkSpec spec = SpecLoader.load(sweep.spec(), Limits.DEFAULT);
        Profile profile = Profile.named("standard").orElseThrow();
        Evaluator together = new Evaluator(sweep, spec, Limits.DEFAULT, profile);
        List<Map<String, Object>> variants = Variants.all(sweep.params());
        assertEquals(4, variants.size());
        for (int i = 0; i < variants.size(); i++) {
            Outcome alone = new Evaluator(sweep, spec, Limits.DEFAULT, profile).evaluate(i, variants.get(i));
            assertEquals(alone, together.evaluate(i, variants.get(i)));
            assertEquals(4, alone.figures().size(), alone.toString());
        }
    }
}
