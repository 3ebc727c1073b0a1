package org.netspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Profile;
import org.netspec.graph.Specs;
import org.netspec.spec.SpecException;

/**
 * The verdict of ESP against EESP at M = N = 240, K = 4, the ESPNetv2 paper's comparison: every
 * figure is derived by hand in the comments (see examples/esp-vs-eesp/README.md).
 */
class VerdictTest {
    private static Comparison.Subject subject(String label, String file) throws SpecException {
        return new Comparison.Subject(label, Analyses.of(Specs.load(Path.of(file)), Profile.STANDARD, 4));
    }

    private static Verdict espAgainstEesp() throws SpecException {
        return new Verdict(new Comparison(List.of(subject("ESP", "examples/esp-vs-eesp/esp.yaml"),
                subject("EESP", "examples/esp-vs-eesp/eesp.yaml"))));
    }

    @Test
    void readsLikeThePapersClaimWithItsNumbers() throws SpecException {
        Verdict.Paragraph p = espAgainstEesp().paragraphs().get(0);
        assertEquals("From ESP to EESP (both on input 1x240x64x128)", p.heading());
        String all = String.join("\n", p.sentences());
        // params: ESP 144,000 conv + 2*240 batch norm + 240 PReLU = 144,720; EESP 20,160 conv +
        // batch norm 2*(60 + 240 + 240) = 1,080 + PReLU 60 + 240 + 240 = 540: 21,780; 144,720 / 21,780 = 6.64.
        assertTrue(all.contains("6.64x fewer parameters (144,720 vs 21,780)"), all);
        // MACs: the conv weights times 64*128 positions (every conv is stride 1): 7.14x fewer.
        assertTrue(all.contains("7.14x fewer MACs (" + String.format("%,d", 144_000L * 64 * 128) + " vs "
                + String.format("%,d", 20_160L * 64 * 128) + ")"), all);
        // where: the conv weights, 240*60 + 4*60*60*9 = 144,000 against 240*60/4 + 4*60*9 + 240*240/4 = 20,160,
        // with the dense 3x3 branches (4*60*60*9 = 129,600) as the largest form.
        assertTrue(all.contains("Parameters: most of the difference is in conv (144,000 vs 20,160 conv weights, 7.14x fewer), "
                + "by form: dense 3x3 conv 129,600 vs 0, grouped 1x1 conv 0 vs 18,000, dense 1x1 conv 14,400 vs 0, "
                + "depthwise 3x3 conv 0 vs 2,160"), all);
        // fields 1 + 2*8 = 17 (rates 1 to 8) and 1 + 2*4 = 9 (rates 1 to 4)
        assertTrue(all.contains("Receptive field at the output: 17x17 vs 9x9 (a smaller field"), all);
        // union of four 3x3 grids: 33 taps over 17*17 = 11.4 % and over 9*9 = 40.7 %, both under 50 %
        assertTrue(all.contains("Gridding: lowest union coverage 11.4 % vs 40.7 %"), all);
        assertTrue(all.contains("ESP and EESP fall below the 50.0 % gridding threshold"), all);
        assertTrue(all.contains("They share no block"), all);
    }

    @Test
    void theJsonCarriesTheTotalsWithTheirRatios() throws SpecException {
        JsonNode paragraph = espAgainstEesp().json().get(0);
        assertEquals("EESP", paragraph.get("subject").asText());
        assertEquals("ESP", paragraph.get("against").asText());
        JsonNode params = paragraph.get("changes").get(0);
        assertEquals("params", params.get("quantity").asText());
        assertEquals(144_720, params.get("reference").asLong());
        assertEquals(21_780, params.get("value").asLong());
        assertEquals(21_780.0 / 144_720, params.get("ratio").asDouble(), 1e-12);
    }

    @Test
    void aSingleSubjectIsDescribedAlone() throws SpecException {
        Verdict v = new Verdict(new Comparison(List.of(subject("esp", "specs/blocks/esp.yaml"))));
        Verdict.Paragraph p = v.paragraphs().get(0);
        assertNull(p.against());
        // ESP out 64, K 5 on its 1x64x128x256 sample: conv 64*12 + 16*12*9 + 4*12*12*9 = 7,680,
        // batch norm 128, PReLU 64: 7,872; conv holds 7,680 / 7,872 = 97.6 %.
        assertTrue(p.sentences().get(0).startsWith("esp on input 1x64x128x256 (output 1x64x128x256): 7,872 parameters"),
                p.sentences().get(0));
        assertEquals("Parameters: conv 7,680 (97.6 %), batchnorm 128 (1.6 %), prelu 64 (0.8 %).", p.sentences().get(1));
        // rates 1 to 16: 1 + 2*16 = 33
        assertTrue(p.sentences().contains("Receptive field at the output: 33x33."), p.sentences()::toString);
    }
}
