package org.netspec.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.exec.Executor;
import org.netspec.exec.Inputs;
import org.netspec.exec.Weights;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;
import org.netspec.testing.TorchPython;

/**
 * Files exchanged with PyTorch (Debian's python3-torch, through {@code NETSPEC_PYTHON} or
 * {@code /usr/bin/python3}; skipped where torch is missing): tensors PyTorch wrote in four float
 * types read as the values PyTorch prints, a file netspec wrote parsed by PyTorch's side as netspec
 * wrote it, and netspec's weight file loaded by a strict {@code load_state_dict} into the module the
 * spec describes, which then computes netspec's output. One Python process does all three.
 */
class PyTorchSafeTensorsTest {
    private static final Path SCRIPT = Path.of("src/test/resources/safetensors/torch_check.py");
    private static final SafeTensorsFile.Limits LIMITS = new SafeTensorsFile.Limits(1 << 20, 1 << 24);
    /** What the script exits with when torch or numpy is missing. */
    private static final Map<String, Tensor> WRITTEN = new LinkedHashMap<>();

    @TempDir
    static Path dir;
    private static JsonNode torch;
    private static float[] netspecOutput;

    @BeforeAll
    static void runPyTorch() throws Exception {
        WRITTEN.put("z.weight", Tensor.of(Shape.of(2, 3), new float[] {1.5f, -2f, 0.1f, 3e-8f, -0f, 65504f}));
        WRITTEN.put("a", Tensor.of(Shape.of(1), new float[] {Float.MIN_VALUE}));
        try (OutputStream out = Files.newOutputStream(dir.resolve("netspec.safetensors"))) {
            SafeTensorsWriter.write(out, WRITTEN, Map.of("network", "n"));
        }
        Network net = Specs.load(Path.of("src/test/resources/safetensors/small.yaml"));
        Weights weights = Weights.seeded(5);
        Inputs inputs = Inputs.seeded(5);
        try (OutputStream out = Files.newOutputStream(dir.resolve("w.safetensors"))) {
            WeightFile.write(out, net, weights);
        }
        try (OutputStream out = Files.newOutputStream(dir.resolve("x.safetensors"))) {
            SafeTensorsWriter.write(out, Map.of("x", inputs.of(net.node("x").orElseThrow())), Map.of());
        }
        netspecOutput = Executor.run(net, new Executor.Options(1, weights, inputs), (done, total, node) -> { })
                .outputs().get(net.node("act").orElseThrow()).data();

        String python = TorchPython.require();
        Process p = new ProcessBuilder(python, SCRIPT.toString(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the script did not finish");
        assertEquals(0, p.exitValue(), out);
        torch = new ObjectMapper().readTree(out);
    }

    private static float[] floats(JsonNode values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values.get(i).asDouble();
        }
        return out;
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToIntBits(expected[i]), Float.floatToIntBits(actual[i]), what + "[" + i + "]");
        }
    }

    @Test
    void tensorsPyTorchWroteReadAsTheValuesPyTorchPrints() {
        JsonNode expected = torch.get("written");
        try (SafeTensorsFile f = SafeTensorsFile.open(dir.resolve("torch.safetensors"), LIMITS)) {
            assertEquals(Map.of("format", "pt"), f.metadata());
            assertEquals(DType.I64, f.tensor("bn.num_batches_tracked").orElseThrow().dtype());
            assertEquals(DType.BF16, f.tensor("bf").orElseThrow().dtype());
            assertEquals(DType.F16, f.tensor("bn.running_var").orElseThrow().dtype());
            assertEquals(DType.F64, f.tensor("d").orElseThrow().dtype());
            assertEquals(List.of(4L, 3L, 3L, 3L), f.tensor("conv.weight").orElseThrow().shape());
            for (String name : List.of("conv.weight", "bn.running_var", "bf", "d")) {
                assertSameBits(floats(expected.get(name)), f.floats(f.tensor(name).orElseThrow()), name);
            }
        }
    }

    @Test
    void aFileNetspecWroteParsesAsWritten() {
        JsonNode parsed = torch.get("read");
        assertEquals(0, parsed.get("start").asLong() % 8, "the data starts 8-byte aligned");
        assertEquals("n", parsed.get("metadata").get("network").asText());
        Set<String> names = new HashSet<>();
        parsed.get("tensors").fieldNames().forEachRemaining(names::add);
        assertEquals(WRITTEN.keySet(), names);
        for (Map.Entry<String, Tensor> t : WRITTEN.entrySet()) {
            JsonNode got = parsed.get("tensors").get(t.getKey());
            List<Long> shape = new ArrayList<>();
            got.get("shape").forEach(d -> shape.add(d.asLong()));
            assertEquals(t.getValue().shape().toList(), shape, t.getKey());
            assertSameBits(t.getValue().data(), floats(got.get("values")), t.getKey());
        }
    }

    @Test
    void aStrictLoadStateDictTakesNetspecsWeightsAndComputesItsOutput() {
        JsonNode small = torch.get("small");
        assertEquals("[1,3,4,4]", small.get("shape").toString());
        float[] pytorch = floats(small.get("values"));
        assertEquals(netspecOutput.length, pytorch.length);
        float largest = 0;
        float diff = 0;
        for (int i = 0; i < netspecOutput.length; i++) {
            largest = Math.max(largest, Math.abs(pytorch[i]));
            diff = Math.max(diff, Math.abs(pytorch[i] - netspecOutput[i]));
        }
        assertTrue(diff <= 1e-4 * Math.max(1, largest), "max |diff| " + diff);
    }
}
