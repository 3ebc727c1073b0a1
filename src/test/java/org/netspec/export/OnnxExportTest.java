package org.netspec.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.netspec.exec.RandomWeights;
import org.netspec.exec.TestNetworks;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.onnx.Onnx.GraphProto;
import org.netspec.onnx.Onnx.ModelProto;
import org.netspec.onnx.Onnx.NodeProto;
import org.netspec.onnx.Onnx.TensorProto;
import org.netspec.ops.Attributes;
import org.netspec.ops.OnnxWriter;
import org.netspec.ops.Operator;
import org.netspec.ops.Operators;
import org.netspec.ops.Shape;

/** The structure of an exported model: names, weights, opset, shapes; and what cannot be exported. */
class OnnxExportTest {
    private static ModelProto export(Network net, long seed) {
        return OnnxExport.model(net, new RandomWeights(seed)::of);
    }

    @Test
    void everyOperatorInTheCatalogueDeclaresItsOwnOnnxMapping() throws NoSuchMethodException {
        for (Operator op : Operators.all()) {
            Class<?> declaring = op.getClass().getMethod("toOnnx", Attributes.class, List.class, Shape.class,
                    OnnxWriter.class).getDeclaringClass();
            assertNotEquals(Operator.class, declaring, op.name());
        }
    }

    @Test
    void theModelDeclaresOpset17AndNamesValuesAfterNetspecNodes() throws Exception {
        Network net = Specs.load(Path.of("specs/networks/espnet-c.yaml"));
        ModelProto model = export(net, 1);
        assertEquals(8, model.getIrVersion());
        assertEquals(1, model.getOpsetImportCount());
        assertEquals("", model.getOpsetImport(0).getDomain());
        assertEquals(17, model.getOpsetImport(0).getVersion());
        GraphProto g = model.getGraph();
        assertEquals(List.of("image"), g.getInputList().stream().map(v -> v.getName()).toList());
        assertEquals(net.outputs().stream().map(Node::name).toList(), g.getOutputList().stream().map(v -> v.getName()).toList());
        Set<String> nodeNames = g.getNodeList().stream().map(NodeProto::getName).collect(Collectors.toSet());
        for (Node n : net.nodes()) {
            if (!n.inputs().isEmpty()) {
                assertTrue(nodeNames.contains(n.name()), n.name());
            }
        }
        for (NodeProto p : g.getNodeList()) {
            assertEquals(p.getOutput(0), p.getName(), "a node is named after its first output");
            String owner = p.getName().contains("/") ? p.getName().substring(0, p.getName().indexOf('/')) : p.getName();
            assertTrue(net.node(owner).isPresent(), "every ONNX node belongs to a netspec node: " + p.getName());
        }
        assertEquals(nodeNames.size(), g.getNodeCount(), "node names are unique");
    }

    /** The initializers are exactly the weights: <node>.<weight> names, and as many values as params plus buffers. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("org.netspec.export.OnnxRuntimeTest#specs")
    void initializersAreTheWeightsNamedAsPyTorchNamesThem(Path spec) throws Exception {
        Network net = Specs.load(spec);
        GraphProto g = export(net, 1).getGraph();
        long paramsAndBuffers = net.nodes().stream().mapToLong(n -> n.cost().params() + n.cost().buffers()).sum();
        long elements = 0;
        Set<String> names = new HashSet<>();
        for (TensorProto t : g.getInitializerList()) {
            assertEquals(TensorProto.DataType.FLOAT_VALUE, t.getDataType(), t.getName());
            long count = t.getDimsList().stream().reduce(1L, Math::multiplyExact);
            assertEquals(4 * count, t.getRawData().size(), t.getName());
            elements += count;
            assertTrue(names.add(t.getName()));
            String node = t.getName().substring(0, t.getName().lastIndexOf('.'));
            assertTrue(net.node(node).isPresent(), t.getName());
        }
        assertEquals(paramsAndBuffers, elements);
    }

    @Test
    void weightsAreTheSeededOnesOfRunAndAPerChannelSlopeBroadcastsAsCx1x1() throws Exception {
        Network net = Specs.load(Path.of("specs/networks/espnet-c.yaml"));
        Node act = net.nodes().stream().filter(n -> n.op().name().equals("prelu")).findFirst().orElseThrow();
        Map<String, TensorProto> init = export(net, 42).getGraph().getInitializerList().stream()
                .collect(Collectors.toMap(TensorProto::getName, t -> t));
        TensorProto slope = init.get(act.name() + ".weight");
        assertEquals(List.of(act.shape().c(), 1L, 1L), slope.getDimsList());
        assertArrayEquals(new RandomWeights(42).of(act).get(0), floats(slope));
        Node conv = net.nodes().stream().filter(n -> n.op().name().equals("conv")).findFirst().orElseThrow();
        TensorProto kernel = init.get(conv.name() + ".weight");
        assertEquals(conv.op().weights(conv.attributes(), conv.inputShapes()).get(0).shape().toList(), kernel.getDimsList());
        assertArrayEquals(new RandomWeights(42).of(conv).get(0), floats(kernel));
        assertFalse(java.util.Arrays.equals(new RandomWeights(43).of(conv).get(0), floats(kernel)));
    }

    @Test
    void theMaxPoolIndicesFeedTheUnpoolingAndConstantsAreNodesNotInitializers() throws Exception {
        Network net = Specs.load(Path.of("specs/networks/enet.yaml"));
        GraphProto g = export(net, 1).getGraph();
        NodeProto unpool = g.getNodeList().stream().filter(p -> p.getOpType().equals("MaxUnpool")).findFirst().orElseThrow();
        NodeProto pool = g.getNodeList().stream().filter(p -> p.getOutputCount() == 2 && p.getOutput(1).equals(unpool.getInput(1)))
                .findFirst().orElseThrow();
        assertEquals("MaxPool", pool.getOpType());
        assertTrue(g.getValueInfoList().stream().anyMatch(v -> v.getName().equals(pool.getOutput(1))
                && v.getType().getTensorType().getElemType() == TensorProto.DataType.INT64_VALUE));
        NodeProto widen = g.getNodeList().stream().filter(p -> p.getOpType().equals("Pad")).findFirst().orElseThrow();
        NodeProto pads = g.getNodeList().stream().filter(p -> p.getName().equals(widen.getInput(1))).findFirst().orElseThrow();
        assertEquals("Constant", pads.getOpType());
        assertTrue(g.getInitializerList().stream().noneMatch(t -> t.getName().equals(widen.getInput(1))));
    }

    @Test
    void anOperatorWithoutAMappingIsRefusedInOneLineNamingTheNode() {
        Network net = TestNetworks.withWrongShapeRule();
        ExportException e = assertThrows(ExportException.class, () -> export(net, 1));
        assertEquals("cannot export `bad` (wrong_shape) to ONNX: `wrong_shape` has no ONNX mapping", e.getMessage());
    }

    private static float[] floats(TensorProto t) {
        ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }
}
