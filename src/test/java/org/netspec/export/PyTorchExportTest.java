package org.netspec.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.netspec.exec.Execution;
import org.netspec.exec.Executor;
import org.netspec.exec.Inputs;
import org.netspec.exec.Weights;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;
import org.netspec.ops.Weight;
import org.netspec.safetensors.DataFile;
import org.netspec.safetensors.SafeTensorsFile;
import org.netspec.safetensors.SafeTensorsWriter;
import org.netspec.safetensors.WeightFile;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;
import org.netspec.testing.TorchPython;

/**
 * The PyTorch export checked by PyTorch: every library network (at the reduced inputs of the
 * executor tests) and {@code every-op.yaml} (every operator of the catalogue) are exported, loaded
 * by torch, given netspec's saved weights through a strict {@code load_state_dict}, and run on
 * netspec's input in eval mode. PyTorch's parameter and buffer counts and state_dict names must be
 * netspec's, and its outputs netspec's executor's within {@code 1e-4 * max(1, max|output|)}. The
 * round-trip example trains one network for a step and its weights must run in netspec again.
 * One Python process does all the PyTorch work; without torch under {@code NETSPEC_PYTHON}
 * (default /usr/bin/python3) the test is skipped, unless NETSPEC_REQUIRE_TORCH=1.
 */
class PyTorchExportTest {
    private static final double TOLERANCE = 1e-4;
    private static final long SEED = 7;
    private static final String SMALL = "1x3x64x128";
    private static final String TRAINED = "espnet-c";
    private static final Executor.Progress QUIET = (done, total, node) -> { };

    private static final Map<String, Network> NETWORKS = new LinkedHashMap<>();
    private static final Map<String, Weights> WEIGHTS = new HashMap<>();
    private static JsonNode results;
    private static Path trained;

    static Stream<String> cases() throws IOException {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(Path.of("specs/networks"))) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted()
                    .forEach(n -> names.add(n.substring(0, n.length() - ".yaml".length())));
        }
        names.add("every-op");
        return names.stream();
    }

    private static Path spec(String name) {
        return name.equals("every-op") ? Path.of("src/test/resources/specs/export/every-op.yaml")
                : Path.of("specs/networks", name + ".yaml");
    }

    /** The network at the size the executor tests run it: inputs larger than 224x224 at 64x128. */
    private static Network small(Path spec) throws SpecException {
        Network declared = Specs.load(spec);
        Shape in = declared.inputs().get(0).shape();
        return in.h() * in.w() > 224 * 224 ? Specs.load(spec, Overrides.NONE.withInput("", SMALL)) : declared;
    }

    @BeforeAll
    static void exportRunAndCheckInPyTorch(@TempDir Path dir) throws Exception {
        String python = TorchPython.require();
        ObjectMapper json = new ObjectMapper();
        Map<String, Object> manifest = new LinkedHashMap<>();
        List<Map<String, Object>> entries = new ArrayList<>();
        for (String name : cases().toList()) {
            Network net = small(spec(name));
            NETWORKS.put(name, net);
            Weights weights = Weights.seeded(SEED);
            WEIGHTS.put(name, weights);
            Inputs inputs = Inputs.seeded(SEED);
            Execution run = Executor.run(net, new Executor.Options(2, weights, inputs), QUIET);
            assertTrue(run.shapesMatch(), name);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", name);
            entry.put("model", write(dir.resolve(name + ".py"), PyTorchExport.of(net)));
            entry.put("class", PyTorchExport.className(net));
            entry.put("weights", write(dir.resolve(name + ".weights.safetensors"), out -> WeightFile.write(out, net, weights)));
            Map<String, Tensor> given = new LinkedHashMap<>();
            net.inputs().forEach(n -> given.put(n.name(), inputs.of(n)));
            entry.put("inputs", write(dir.resolve(name + ".inputs.safetensors"), out -> SafeTensorsWriter.write(out, given, Map.of())));
            entry.put("outputs", write(dir.resolve(name + ".outputs.safetensors"),
                    out -> DataFile.writeOutputs(out, net, run.outputs())));
            entry.put("input_names", net.inputs().stream().map(Node::name).toList());
            entry.put("output_names", net.outputs().stream().map(Node::name).toList());
            entries.add(entry);
        }
        manifest.put("cases", entries);
        manifest.put("example", Path.of("examples/pytorch-roundtrip/train.py").toAbsolutePath().toString());
        trained = dir.resolve("trained.safetensors");
        manifest.put("train", Map.of("model", dir.resolve(TRAINED + ".py").toString(),
                "weights", dir.resolve(TRAINED + ".weights.safetensors").toString(), "steps", 1, "save", trained.toString()));
        Path manifestFile = dir.resolve("manifest.json");
        json.writeValue(manifestFile.toFile(), manifest);
        Path script = dir.resolve("check_pytorch.py");
        try (InputStream in = PyTorchExportTest.class.getResourceAsStream("check_pytorch.py")) {
            Files.copy(in, script);
        }
        Path resultFile = dir.resolve("results.json");
        Path log = dir.resolve("python.log");
        Process p = new ProcessBuilder(python, script.toString(), manifestFile.toString(), resultFile.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(30, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("the PyTorch check did not finish in 30 minutes");
        }
        assertEquals(0, p.exitValue(), () -> "the PyTorch check failed:\n" + read(log));
        results = json.readTree(resultFile.toFile());
    }

    private interface Writing {
        void to(OutputStream out) throws IOException;
    }

    private static String write(Path file, Writing writing) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            writing.to(out);
        }
        return file.toString();
    }

    private static String write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file.toString();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static JsonNode result(String name) {
        JsonNode r = results.get(name);
        assertNotNull(r, name);
        assertFalse(r.has("error"), () -> name + ": " + r.get("error").asText());
        return r;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void torchCountsNetspecsParametersAndBuffersUnderNetspecsWeightNames(String name) {
        Network net = NETWORKS.get(name);
        JsonNode r = result(name);
        long params = net.nodes().stream().mapToLong(n -> n.cost().params()).sum();
        long buffers = net.nodes().stream().mapToLong(n -> n.cost().buffers()).sum();
        assertEquals(params, r.get("params").asLong(), "parameters()");
        assertEquals(buffers, r.get("buffers").asLong(), "buffers() without num_batches_tracked");
        Set<String> names = new TreeSet<>();
        for (Node n : net.nodes()) {
            for (Weight w : n.op().weights(n.attributes(), n.inputShapes())) {
                names.add(WeightFile.tensorName(n, w));
            }
        }
        Set<String> keys = new TreeSet<>();
        r.get("state_dict").forEach(k -> keys.add(k.asText()));
        assertEquals(names, keys);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void torchComputesNetspecsOutputsWithNetspecsWeights(String name) {
        Network net = NETWORKS.get(name);
        JsonNode outputs = result(name).get("outputs");
        for (Node o : net.outputs()) {
            JsonNode out = outputs.get(o.name());
            assertNotNull(out, o.name());
            List<Long> shape = new ArrayList<>();
            out.get("shape").forEach(d -> shape.add(d.asLong()));
            assertEquals(o.shape().toList(), shape, o.name());
            assertTrue(out.get("finite").asBoolean(), o.name());
            double diff = out.get("max_abs_diff").asDouble();
            double largest = out.get("max_abs_output").asDouble();
            System.out.printf(Locale.ROOT, "PyTorch vs netspec %-18s %-22s max|diff| %.3g (max|output| %.3g)%n", name,
                    o.name(), diff, largest);
            assertTrue(diff <= TOLERANCE * Math.max(1, largest),
                    () -> name + " " + o.name() + ": max|diff| " + diff + " with max|output| " + largest);
        }
    }

    @Test
    void weightsTrainedByTheExampleRunInNetspecAgain() throws SpecException {
        JsonNode r = result("train");
        assertEquals(trained.toString(), r.get("saved").asText());
        Network net = NETWORKS.get(TRAINED);
        Weights back = WeightFile.read(trained, net, SafeTensorsFile.Limits.forHeap());
        boolean changed = false;
        for (Node n : net.nodes()) {
            List<float[]> before = WEIGHTS.get(TRAINED).of(n);
            List<float[]> after = back.of(n);
            for (int i = 0; i < before.size(); i++) {
                changed |= !Arrays.equals(before.get(i), after.get(i));
            }
        }
        assertTrue(changed, "a training step changes the weights");
        Execution run = Executor.run(net, new Executor.Options(2, back, Inputs.seeded(SEED)), QUIET);
        assertTrue(run.shapesMatch());
        for (Tensor t : run.outputs().values()) {
            for (float v : t.data()) {
                assertTrue(Float.isFinite(v));
            }
        }
    }
}
