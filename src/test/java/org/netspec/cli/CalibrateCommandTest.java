package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.calibrate.MicroCases;
import org.netspec.device.DeviceLoader;
import org.netspec.device.DeviceWriter;
import org.netspec.device.TestDevices;

/**
 * {@code calibrate --validate --kernels} through ONNX Runtime: each kernel its profiler reports is set
 * beside the estimate of the node that ran it, whatever name the runtime gave the fused kernel.
 */
class CalibrateCommandTest {
    @TempDir
    Path dir;

    @Test
    void aFusedKernelIsSetBesideItsConvolutionAndTheReordersBesideTheirsInOneRow() throws Exception {
        // A blocked 3x3 convolution with its batch norm and ReLU fused (ONNX Runtime names the
        // kernel after the ReLU), then a PReLU, which runs in NCHW: its input is reordered.
        Path a = spec("a", "  - {name: conv, op: conv, out: 16, kernel: 3, padding: 1, bias: false}\n"
                + "  - {name: bn, op: batchnorm}\n  - {name: act, op: relu}\n  - {name: slope, op: prelu}\n");
        Path b = spec("b", "  - {name: conv, op: conv, out: 16, kernel: 1, bias: false}\n");
        Path device = dir.resolve("device.yaml");
        Files.writeString(device, DeviceWriter.yaml(TestDevices.load(dir, """
                device: toy
                runtime: hand
                peak_gflops: 100
                bandwidth_gbs: 10
                dispatch_us: 5
                fusions: [conv_bn_act]
                layout_block: 16
                """), ""));
        Path kernels = dir.resolve("kernels.tsv");
        CommandLineTest.Run r = CommandLineTest.run("calibrate", "--validate", device.toString(), "--runs", "1",
                "--kernels", kernels.toString(), a.toString(), b.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("Spearman rank correlation"), r.out());
        Map<String, List<String>> rows = Files.readAllLines(kernels).stream().skip(1).map(l -> List.of(l.split("\t", -1)))
                .filter(l -> l.get(0).equals(a.toString())).collect(Collectors.toMap(l -> l.get(1), Function.identity()));
        // conv: 2 x 9 x 16 x 16 x 16 x 16 = 1,179,648 FLOPs at 100 GFLOP/s, 11.80 us, more than its
        // 4 x (4096 + 4096 + 2304) B at 10 GB/s (4.19 us), plus 5 us dispatch: 16.8 us
        List<String> fused = rows.get("act_nchwc");
        assertEquals(List.of("Conv", "16.8", "dense_conv"), List.of(fused.get(2), fused.get(4), fused.get(5)), fused::toString);
        // two reorders of 16 x 16 x 16 floats, read and written: 2 x (5 us + 32768 B / 10 GB/s)
        List<String> reorders = rows.get("(every reorder)");
        assertEquals(List.of("16.6", "reorder"), List.of(reorders.get(4), reorders.get(5)), reorders::toString);
    }

    @Test
    void specsGivenWithOutAreMeasuredAlongTheMicroCasesAndComparedWithTheProfileFitted() throws Exception {
        Path a = spec("a", "  - {name: conv, op: conv, out: 16, kernel: 3, padding: 1, bias: false}\n");
        Path b = spec("b", "  - {name: conv, op: conv, out: 16, kernel: 1, bias: false}\n  - {name: slope, op: prelu}\n");
        Path profile = dir.resolve("fitted.yaml");
        Path times = dir.resolve("times.tsv");
        // a budget of 1 s: the first pass is finished all the same, specs and all
        CommandLineTest.Run r = CommandLineTest.run("calibrate", "--out", profile.toString(), "--runs", "1", "--rounds", "2",
                "--budget", "1", "--save-measurements", times.toString(), a.toString(), b.toString());
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("estimates on onnxruntime-cpu-t1 against onnxruntime with 1 thread"), r.out());
        assertTrue(r.out().contains("over 2 subjects"), r.out());
        assertEquals(MicroCases.all().size(), DeviceLoader.load(profile).measurements().size());
        assertEquals(List.of(a.toString(), b.toString()),
                Files.readAllLines(times).stream().map(l -> l.split("\t")[0]).toList());
        CommandLineTest.Run refused = CommandLineTest.run("calibrate", "--out", profile.toString(), "--measurements",
                times.toString(), a.toString(), b.toString());
        assertEquals(2, refused.code(), refused::toString);
        assertTrue(refused.err().contains("--measurements goes with --validate PROFILE"), refused.err());
    }

    private Path spec(String name, String layers) throws Exception {
        Path p = dir.resolve(name + ".yaml");
        Files.writeString(p, "network: " + name + "\ninputs: {x: [1, 16, 16, 16]}\nlayers:\n" + layers);
        return p;
    }
}
