package org.netspec.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netspec.testing.OnnxFixtures.convReluGraph;
import static org.netspec.testing.OnnxFixtures.floats;
import static org.netspec.testing.OnnxFixtures.integer;
import static org.netspec.testing.OnnxFixtures.ints;
import static org.netspec.testing.OnnxFixtures.model;
import static org.netspec.testing.OnnxFixtures.node;
import static org.netspec.testing.OnnxFixtures.number;
import static org.netspec.testing.OnnxFixtures.text;
import static org.netspec.testing.OnnxFixtures.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.analysis.field.ReceptiveField;
import org.netspec.cli.Main;
import org.netspec.graph.Network;
import org.netspec.graph.NetworkBuilder;
import org.netspec.graph.Node;
import org.netspec.onnx.Onnx.AttributeProto;
import org.netspec.onnx.Onnx.GraphProto;
import org.netspec.onnx.Onnx.ModelProto;
import org.netspec.onnx.Onnx.StringStringEntryProto;
import org.netspec.onnx.Onnx.TensorProto;
import org.netspec.ops.Attributes;
import org.netspec.ops.Conv;
import org.netspec.ops.Operators;
import org.netspec.ops.Padding;
import org.netspec.ops.Pair;
import org.netspec.spec.ExpandedNode;
import org.netspec.spec.Overrides;
import org.netspec.spec.SourceLocation;
import org.netspec.spec.SpecException;

/** ONNX nodes written by hand, read as netspec operators: attribute forms, weights, names and input shapes. */
class OnnxModelTest {
    @TempDir
    Path dir;

    private OnnxModel load(ModelProto model, Overrides overrides) throws IOException, SpecException {
        Path file = dir.resolve("model.onnx");
        Files.write(file, model.toByteArray());
        return OnnxModel.load(file, overrides, new ImportLimits(1 << 20, 100));
    }

    private Network network(ModelProto model) throws IOException, SpecException {
        NetworkBuilder.Result r = load(model, Overrides.NONE).result();
        return r.network().orElseThrow(() -> new AssertionError(r.diagnostics()));
    }

    @Test
    void weightsStoredBesideTheModelAreReadFromTheirRange() throws Exception {
        // conv.weight: 8x3x3x3 float32 values 0, 1, 2, ... at byte 16 of weights.bin
        ByteBuffer bytes = ByteBuffer.allocate(16 + 216 * 4).order(ByteOrder.LITTLE_ENDIAN);
        bytes.position(16);
        for (int i = 0; i < 216; i++) {
            bytes.putFloat(i);
        }
        Files.write(dir.resolve("weights.bin"), bytes.array());
        TensorProto external = TensorProto.newBuilder().setName("conv.weight").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(List.of(8L, 3L, 3L, 3L)).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                .addExternalData(entry("location", "weights.bin")).addExternalData(entry("offset", "16"))
                .addExternalData(entry("length", "864")).build();
        OnnxModel m = load(model(17, convReluGraph().setInitializer(0, external).build()), Overrides.NONE);
        float[] w = m.weights().get("conv.weight");
        assertEquals(216, w.length);
        assertEquals(0f, w[0]);
        assertEquals(215f, w[215]);
        assertEquals(8 * 27 + 8, m.result().network().orElseThrow().node("conv").orElseThrow().cost().params());
    }

    private static StringStringEntryProto entry(String key, String value) {
        return StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }

    @Test
    void aGemmWithoutTransBHoldsTheTransposedWeight() throws Exception {
        // y = x W + b with W stored [F = 3, out = 2]: W = [[1, 2], [3, 4], [5, 6]]
        GraphProto g = GraphProto.newBuilder().setName("fc").addInput(value("x", 1, 3))
                .addInitializer(floats("w", new long[] {3, 2}, 1, 2, 3, 4, 5, 6))
                .addNode(node("Gemm", "fc", List.of("x", "w"), List.of("y")))
                .addOutput(value("y", 1, 2)).build();
        OnnxModel m = load(model(13, g), Overrides.NONE);
        Node fc = m.result().network().orElseThrow().node("fc").orElseThrow();
        assertEquals("linear", fc.op().name());
        assertEquals(Map.of("out", 2L, "bias", false), fc.attributes().given());
        assertArrayEquals(new float[] {1, 3, 5, 2, 4, 6}, m.weights().get("fc.weight"));
    }

    @Test
    void aModelOnVectorsIsAnalysedWithoutReceptiveFields() throws Exception {
        // A classifier head on [N, F]: counts as any linear layer (3 * 2 weights, 1 * 3 * 2 MACs), and
        // no receptive field, which is defined over the positions of a feature map.
        GraphProto g = GraphProto.newBuilder().setName("fc").addInput(value("x", 1, 3))
                .addInitializer(floats("w", new long[] {3, 2}, 1, 2, 3, 4, 5, 6))
                .addNode(node("Gemm", "fc", List.of("x", "w"), List.of("y")))
                .addOutput(value("y", 1, 2)).build();
        Path file = dir.resolve("fc.onnx");
        Files.write(file, model(13, g).toByteArray());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, Main.run(new PrintWriter(out), new PrintWriter(err), "analyze", file.toString(), "--format", "json"),
                err.toString());
        JsonNode totals = new ObjectMapper().readTree(out.toString()).get("totals");
        assertEquals(6, totals.get("params").asLong());
        assertEquals(6, totals.get("macs").asLong());
        assertTrue(ReceptiveField.of(network(model(13, g))).fields().isEmpty());
    }

    @Test
    void padsThatPutTheOddRowAfterAreSamePadding() throws Exception {
        // a 2x2 kernel pads (2 - 1) = 1 row: none before, one after, as `same` and SAME_UPPER do
        for (var conv : List.of(node("Conv", "conv", List.of("x", "conv.weight"), List.of("y"), ints("pads", 0, 0, 1, 1)),
                node("Conv", "conv", List.of("x", "conv.weight"), List.of("y"), text("auto_pad", "SAME_UPPER")))) {
            GraphProto g = GraphProto.newBuilder().setName("same").addInput(value("x", 1, 3, 8, 8))
                    .addInitializer(floats("conv.weight", new long[] {4, 3, 2, 2})).addNode(conv)
                    .addOutput(value("y", 1, 4, 8, 8)).build();
            Node n = network(model(17, g)).node("conv").orElseThrow();
            assertEquals(Padding.SAME, n.attributes().get(Conv.PADDING));
            assertEquals(new Pair(2, 2), n.attributes().get(Conv.KERNEL));
        }
    }

    @Test
    void reduceMeanOverHeightAndWidthIsGlobalPoolingAndClipIsRelu6() throws Exception {
        GraphProto g = GraphProto.newBuilder().setName("head").addInput(value("x", 1, 3, 8, 8))
                .addInitializer(floats("low", new long[0], 0)).addInitializer(floats("high", new long[0], 6))
                .addNode(node("Clip", "clip", List.of("x", "low", "high"), List.of("c")))
                .addNode(node("ReduceMean", "mean", List.of("c"), List.of("y"), ints("axes", -1, -2), integer("keepdims", 1)))
                .addOutput(value("y", 1, 3, 1, 1)).build();
        Network net = network(model(17, g));
        assertEquals("relu6", net.node("clip").orElseThrow().op().name());
        assertEquals("global_avgpool", net.node("mean").orElseThrow().op().name());
    }

    @Test
    void aClipThatIsNeitherReluNorRelu6NorHardtanhIsOneErrorNamingTheNode() throws Exception {
        GraphProto g = GraphProto.newBuilder().setName("clip").addInput(value("x", 1, 3, 8, 8))
                .addInitializer(floats("low", new long[0], 1))
                .addNode(node("Clip", "clip1", List.of("x", "low"), List.of("y")))
                .addOutput(value("y", 1, 3, 8, 8)).build();
        SpecException e = assertThrows(SpecException.class, () -> load(model(17, g), Overrides.NONE));
        assertEquals(1, e.diagnostics().size());
        assertTrue(e.getMessage().endsWith("model.onnx: error: node `clip1` (Clip): Clip to [1.0, Infinity] is neither relu "
                + "(Clip to [0, +inf)), relu6 (Clip to [0, 6]) nor hardtanh (Clip to [min, max], both finite, min < max)"),
                e.getMessage());
    }

    @Test
    void aClipToOtherFiniteBoundsIsHardtanh() throws Exception {
        GraphProto g = GraphProto.newBuilder().setName("clip").addInput(value("x", 1, 3, 8, 8))
                .addInitializer(floats("low", new long[0], 0)).addInitializer(floats("high", new long[0], 5))
                .addNode(node("Clip", "clip5", List.of("x", "low", "high"), List.of("y")))
                .addOutput(value("y", 1, 3, 8, 8)).build();
        Node clip = load(model(17, g), Overrides.NONE).result().network().orElseThrow().node("clip5").orElseThrow();
        assertEquals("hardtanh", clip.op().name());
        assertEquals(Map.of("min", 0.0, "max", 5.0), clip.attributes().given());
    }

    @Test
    void aSymbolicBatchCountsOneUnlessTheInputIsGiven() throws Exception {
        ModelProto m = model(17, convReluGraph().setInput(0, value("x", "batch", 3, 8, 8)).setOutput(0, value("y", "batch", 8, 8, 8))
                .build());
        OnnxModel one = load(m, Overrides.NONE);
        assertEquals(List.of(1L, 3L, 8L, 8L), one.result().network().orElseThrow().inputs().get(0).shape().toList());
        assertTrue(one.result().diagnostics().stream().anyMatch(d -> d.message().contains("symbolic batch size `batch`; "
                + "counted for 1")), one.result().diagnostics()::toString);
        OnnxModel four = load(m, Overrides.NONE.withInput("x", "4x3x16x16"));
        assertEquals(List.of(4L, 8L, 16L, 16L), four.result().network().orElseThrow().outputs().get(0).shape().toList());
    }

    @Test
    void aBatchNormWhoseScaleIsAConstantOfOnesHasNoAffineParameters() throws Exception {
        GraphProto g = GraphProto.newBuilder().setName("bn").addInput(value("x", 1, 4, 2, 2))
                .addNode(node("Constant", "ones", List.of(), List.of("scale"), tensor(floats("", new long[] {4}, 1))))
                .addNode(node("Constant", "zeros", List.of(), List.of("shift"), tensor(floats("", new long[] {4}, 0))))
                .addInitializer(floats("bn.running_mean", new long[] {4})).addInitializer(floats("bn.running_var", new long[] {4}, 1))
                .addNode(node("BatchNormalization", "bn", List.of("x", "scale", "shift", "bn.running_mean", "bn.running_var"),
                        List.of("y"), number("epsilon", 1e-3f)))
                .addOutput(value("y", 1, 4, 2, 2)).build();
        Node bn = network(model(17, g)).node("bn").orElseThrow();
        assertEquals(Map.of("eps", 0.001, "affine", false), bn.attributes().given());
        assertEquals(0, bn.cost().params());
        assertEquals(8, bn.cost().buffers());
    }

    private static AttributeProto tensor(TensorProto t) {
        return AttributeProto.newBuilder().setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(t).build();
    }

    @Test
    void pyTorchScopeNamesBecomeModulePathsAndOtherNamesAreMadeFitForASpec() throws Exception {
        GraphProto g = GraphProto.newBuilder().setName("names").addInput(value("input.1", 1, 3, 8, 8))
                .addInitializer(floats("onnx::Conv_5", new long[] {8, 3, 1, 1}))
                .addNode(node("Conv", "/layer/layer.0/conv/Conv", List.of("input.1", "onnx::Conv_5"), List.of("a")))
                .addNode(node("Relu", "/layer/layer.0/Relu", List.of("a"), List.of("b")))
                .addNode(node("Relu", "/layer/layer.0/Relu_1", List.of("b"), List.of("c")))
                .addNode(node("Sigmoid", "gate:0", List.of("c"), List.of("d")))
                .addNode(node("Tanh", "", List.of("d"), List.of("out put")))
                .addOutput(value("out put", 1, 8, 8, 8)).build();
        Network net = network(model(17, g));
        assertEquals(List.of("input_1", "layer.0.conv", "layer.0.Relu", "layer.0.Relu_1", "gate_0", "out_put"),
                net.nodes().stream().map(Node::name).toList());
    }

    @Test
    void aFlatSpecKeepsScopesInGroupsWhenItCanAndJoinsThemWithUnderscoresWhenItCannot() {
        // `a` then `a.b`: a layer and a group of one name in one scope cannot both be written
        Network net = net(List.of("a", "a.b", "c.d"));
        String spec = FlatSpec.write(net, Map.of(), "test");
        assertTrue(spec.contains("- {name: a_b, op: relu}"), spec);
        assertTrue(spec.contains("- {name: c_d, op: relu}"), spec);
        String nested = FlatSpec.write(net(List.of("a.x", "a.b", "c")), Map.of(), "test");
        assertTrue(nested.contains("  - name: a\n    layers:\n      - {name: x, op: relu}\n      - {name: b, op: relu}\n"
                + "  - {name: c, op: relu}\n"), nested);
    }

    /** x -> relu -> relu -> ..., the relus named as given. */
    private static Network net(List<String> names) {
        Path file = Path.of("test.onnx");
        SourceLocation at = SourceLocation.ofFile(file);
        var input = Operators.find("input").orElseThrow();
        var relu = Operators.find("relu").orElseThrow();
        List<ExpandedNode> nodes = new ArrayList<>(List.of(new ExpandedNode("x", input,
                Attributes.of(input, Map.of("shape", List.of(1L, 2L, 4L, 4L))), List.of(), at, Map.of(), List.of())));
        for (String n : names) {
            nodes.add(new ExpandedNode(n, relu, Attributes.of(relu, Map.of()), List.of(nodes.get(nodes.size() - 1).name()), at,
                    Map.of(), List.of()));
        }
        return NetworkBuilder.build("t", file, nodes, List.of(names.get(names.size() - 1))).network().orElseThrow();
    }
}
