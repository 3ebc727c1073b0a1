package org.netspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Profile;
import org.netspec.device.DeviceProfile;
import org.netspec.device.TestDevices;
import org.netspec.graph.Specs;

/** The verdict's latency line on a toy device whose estimates are worked out by hand. */
class VerdictLatencyTest {
    @TempDir
    Path dir;

    /** 100 GFLOP/s, 10 GB/s, 5 us dispatch; pointwise at half efficiency, dense at half beyond dilation 4. */
    private DeviceProfile toy() throws Exception {
        return TestDevices.load(dir, """
                device: toy
                runtime: hand
                peak_gflops: 100
                bandwidth_gbs: 10
                dispatch_us: 5
                """, "dense_conv: {efficiency: 1, by_dilation: {1: 1, 4: 0.5}}", "pointwise_conv: {efficiency: 0.5}");
    }

    private Comparison.Subject subject(String label, String layers, DeviceProfile device) throws Exception {
        Path p = dir.resolve(label + ".yaml");
        Files.writeString(p, "network: " + label + "\ninputs: {x: [1, 16, 8, 8]}\nlayers:\n" + layers);
        return new Comparison.Subject(label, Analyses.of(Specs.load(p), Profile.STANDARD, 4).withDevice(device));
    }

    private static final String POINTWISE = "  - {name: pw, op: conv, out: 32, kernel: 1, bias: false}\n";
    private static final String DILATED = "  - {name: d, op: conv, out: 32, kernel: 3, padding: 4, dilation: 4, bias: false}\n";

    @Test
    void namesTheProfileTheTimesAndTheClassThatDiffersMost() throws Exception {
        DeviceProfile toy = toy();
        Verdict v = new Verdict(new Comparison(List.of(subject("a", POINTWISE, toy), subject("b", POINTWISE + DILATED, toy))));
        List<String> sentences = v.paragraphs().get(0).sentences();
        // a: pw moves 4 * (16*64 + 32*64 + 16*32) = 14,336 B: 1.4336 us at 10 GB/s, over efficiency 0.5
        // = 2.8672 us, plus 5 us dispatch: 7.8672 us.
        // b: pw as in a, then d: 2 * 64 * 32 * 32 * 9 = 1,179,648 FLOPs at 100 GFLOP/s = 11.79648 us over
        // 0.5 (dilation 4) = 23.59296 us, plus 5: 28.59296 us; b = 36.46016 us, 36.46016 / 7.8672 = 4.63x.
        assertEquals("Estimated time on toy (1 thread; an estimate from the device profile, not a measurement): "
                + "7.9 us vs 36.5 us, 4.63x more; most of the difference is in dense_conv (0.0 us vs 28.6 us).",
                sentences.get(sentences.size() - 1));
    }

    @Test
    void aSingleSubjectSaysWhereMostOfItsTimeGoes() throws Exception {
        Verdict v = new Verdict(new Comparison(List.of(subject("b", POINTWISE + DILATED, toy()))));
        List<String> sentences = v.paragraphs().get(0).sentences();
        // 28.59296 / 36.46016 = 78.4 % in the dilated dense convolution
        assertEquals("Estimated time on toy (1 thread; an estimate from the device profile, not a measurement): "
                + "36.5 us; most of it in dense_conv (78.4 %).", sentences.get(sentences.size() - 1));
    }

    @Test
    void withoutADeviceThereIsNoLatencyLine() throws Exception {
        Path p = dir.resolve("plain.yaml");
        Files.writeString(p, "network: plain\ninputs: {x: [1, 16, 8, 8]}\nlayers:\n" + POINTWISE);
        Verdict v = new Verdict(new Comparison(List.of(new Comparison.Subject("plain", Analyses.of(Specs.load(p),
                Profile.STANDARD, 4)))));
        assertFalse(v.text().contains("Estimated time"), v.text());
    }
}
