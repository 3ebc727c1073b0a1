package org.netspec.importer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.netspec.analysis.Costs;
import org.netspec.analysis.LayerCount;
import org.netspec.analysis.Profile;
import org.netspec.exec.Weights;
import org.netspec.export.OnnxExport;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.ops.Weight;
import org.netspec.spec.Overrides;

/**
 * spec -> ONNX (netspec's export, seeded weights) -> import gives the same network: every node
 * under its name with the same output shape, parameters, buffers and MACs (standard profile), the
 * same outputs, and the weights that were exported; for every library network, every block's
 * sample, and the operator variants of the export tests (nearest resizing, ceil_mode, renumbered
 * unpooling indices, ...). Patterns of several ONNX nodes (channel shuffle, per-bin adaptive
 * pooling, unpooling fed by renumbered indices, sums of several tensors) come back as one node.
 */
class RoundTripTest {
    @TempDir
    static Path dir;

    static Stream<Path> specs() throws IOException {
        return Stream.of("specs/networks", "specs/blocks", "src/test/resources/specs/onnx").flatMap(d -> {
            try (Stream<Path> files = Files.list(Path.of(d))) {
                return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void specToOnnxToNetworkKeepsEveryCount(Path spec) throws Exception {
        Network net = Specs.load(spec);
        Weights seeded = Weights.seeded(11);
        Path file = dir.resolve(net.name() + ".onnx");
        Files.write(file, OnnxExport.bytes(net, seeded));
        OnnxModel model = OnnxModel.load(file, Overrides.NONE, new ImportLimits(ImportLimits.DEFAULT_MAX_MODEL_BYTES, 100_000));
        Network back = model.result().network().orElseThrow(() -> new AssertionError(model.result().diagnostics()));

        Costs before = Costs.of(net, Profile.STANDARD);
        Costs after = Costs.of(back, Profile.STANDARD);
        assertEquals(names(net), names(back), "nodes");
        for (Node n : net.nodes()) {
            Node m = back.node(n.name()).orElseThrow();
            assertEquals(n.shape(), m.shape(), n.name());
            LayerCount a = before.of(n);
            LayerCount b = after.of(m);
            assertEquals(List.of(a.params(), a.buffers(), a.macs()), List.of(b.params(), b.buffers(), b.macs()), n.name());
        }
        LayerCount a = before.total();
        LayerCount b = after.total();
        assertEquals(List.of(a.params(), a.buffers(), a.macs()), List.of(b.params(), b.buffers(), b.macs()), "totals");
        assertEquals(names(net.outputs()), names(back.outputs()), "outputs");
        assertEquals(net.outputs().stream().map(Node::shape).toList(), back.outputs().stream().map(Node::shape).toList());

        Map<String, float[]> weights = model.weights();
        int count = 0;
        for (Node n : net.nodes()) {
            List<Weight> declared = n.op().weights(n.attributes(), n.inputShapes());
            List<float[]> values = seeded.of(n);
            for (int k = 0; k < declared.size(); k++) {
                String name = n.name() + "." + declared.get(k).name();
                assertArrayEquals(values.get(k), weights.get(name), name);
                count++;
            }
        }
        assertEquals(count, weights.size(), "weights");
    }

    private static List<String> names(Network net) {
        return names(net.nodes());
    }

    private static List<String> names(List<Node> nodes) {
        return nodes.stream().map(Node::name).sorted().toList();
    }
}
