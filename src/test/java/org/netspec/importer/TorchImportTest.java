package org.netspec.importer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.netspec.analysis.Costs;
import org.netspec.analysis.LayerCount;
import org.netspec.analysis.Profile;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.spec.Limits;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;

/**
 * Models written in PyTorch and exported by torch.onnx.export (torch_models.py) import with the
 * counts PyTorch gives: parameters and buffers from the modules, MACs from forward hooks by the
 * documented convention, output shapes from running them; a batch norm the eval-mode export folds
 * into its convolution is reported on that convolution. The flat spec `import` writes of each
 * model analyses to the same counts, node by node.
 */
class TorchImportTest {
    @TempDir
    static Path dir;
    static JsonNode expected;

    @BeforeAll
    static void export() throws IOException, InterruptedException {
        TorchExports.run("torch_models.py", dir);
        expected = new ObjectMapper().readTree(dir.resolve("expected.json").toFile());
    }

    static Stream<String> models() {
        List<String> files = new ArrayList<>();
        // the names are those torch_models.py writes; expected.json must list exactly these
        for (String model : List.of("conv_bn_act", "block", "shuffle")) {
            for (String mode : List.of("eval11", "eval17", "train13")) {
                files.add(model + "_" + mode + ".onnx");
            }
        }
        return files.stream();
    }

    /**
     * The operators each model is, read from its forward(): one netspec node per PyTorch operation,
     * the exporter's multi-node forms (relu6 as Relu + Clip, a padded average pool as Pad +
     * AveragePool, the softmax of opset 11 between Transposes, the shuffle's Reshape, Transpose,
     * Reshape, x.view(n, -1)) each one node again. Batch norms that follow a convolution only in
     * training mode, where the export keeps them.
     */
    static Map<String, Long> operators(String file) {
        boolean training = file.contains("train");
        Map<String, Long> ops = new TreeMap<>(Map.of("input", 1L));
        if (file.startsWith("conv_bn_act")) {
            ops.putAll(Map.of("conv", 3L, "relu", 1L, "relu6", 1L, "hardswish", 1L, "batchnorm", training ? 3L : 0L));
        } else if (file.startsWith("block")) {
            ops.putAll(Map.of("conv", 5L, "add", 3L, "concat", 3L, "batchnorm", 1L, "prelu", 1L, "conv_transpose", 1L,
                    "upsample", 3L, "maxpool", 1L, "avgpool", 1L, "global_avgpool", 1L));
            ops.putAll(Map.of("sigmoid", 1L, "mul", 1L, "softmax", 1L));
        } else {
            ops.putAll(Map.of("slice", 3L, "conv", 3L, "relu", 2L, "batchnorm", training ? 3L : 0L, "concat", 2L,
                    "channel_shuffle", 1L, "pad", 1L, "maxpool", 1L, "split", 2L, "tanh", 1L));
            ops.putAll(Map.of("flatten", 1L, "linear", 1L));
        }
        ops.values().removeIf(n -> n == 0);
        return ops;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void eachPyTorchOperationIsOneNode(String file) throws SpecException {
        Network net = load(file).result().network().orElseThrow();
        assertEquals(operators(file), net.nodes().stream().collect(Collectors.groupingBy(n -> n.op().name(), TreeMap::new,
                Collectors.counting())));
    }

    static OnnxModel load(String file) throws SpecException {
        return OnnxModel.load(dir.resolve(file), Overrides.NONE, new ImportLimits(ImportLimits.DEFAULT_MAX_MODEL_BYTES, 1000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void importsWithPyTorchsCounts(String file) throws SpecException {
        JsonNode e = expected.get(file);
        OnnxModel model = load(file);
        Network net = model.result().network().orElseThrow(() -> new AssertionError(model.result().diagnostics()));
        LayerCount total = Costs.of(net, Profile.STANDARD).total();
        assertEquals(e.get("params").asLong(), total.params(), "params");
        assertEquals(e.get("buffers").asLong(), total.buffers(), "buffers");
        assertEquals(e.get("macs").asLong(), total.macs(), "MACs");
        List<List<Long>> outputs = new ArrayList<>();
        for (JsonNode shape : e.get("outputs")) {
            List<Long> dims = new ArrayList<>();
            shape.forEach(d -> dims.add(d.asLong()));
            outputs.add(dims);
        }
        assertEquals(outputs, net.outputs().stream().map(n -> n.shape().toList()).toList(), "output shapes");
        List<String> folded = new ArrayList<>();
        e.get("folded").forEach(n -> folded.add(n.asText()));
        assertEquals(new TreeSet<>(folded), new TreeSet<>(model.notes().keySet()), "convolutions reported batch norm folded");
        model.notes().values().forEach(n -> assertTrue(n.startsWith("batch norm folded"), n));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void itsFlatSpecAnalysesToTheSameCountsNodeByNode(String file) throws IOException, SpecException {
        OnnxModel model = load(file);
        Network imported = model.result().network().orElseThrow();
        Path spec = dir.resolve(file.replace(".onnx", ".yaml"));
        Files.writeString(spec, FlatSpec.write(imported, model.notes(), "test"));
        Network written = Specs.load(spec, Overrides.NONE, Limits.DEFAULT);
        assertEquals(imported.nodes().size(), written.nodes().size());
        Iterator<Node> w = written.nodes().iterator();
        for (Node n : imported.nodes()) {
            Node m = w.next();
            assertEquals(n.name(), m.name());
            assertEquals(n.op(), m.op(), n.name());
            assertEquals(n.shape(), m.shape(), n.name());
            assertEquals(n.cost(), m.cost(), n.name());
            assertEquals(n.attributes().given(), m.attributes().given(), n.name());
            assertEquals(n.inputs().stream().map(Node::name).toList(), m.inputs().stream().map(Node::name).toList(), n.name());
        }
        assertEquals(imported.outputs().stream().map(Node::name).toList(), written.outputs().stream().map(Node::name).toList());
    }
}
