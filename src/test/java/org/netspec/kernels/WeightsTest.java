package org.netspec.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.ops.Weight;
import org.netspec.spec.SpecException;

/** The weights each operator declares for its kernel are exactly the parameters and buffers its cost counts. */
class WeightsTest {
    static Stream<Path> networks() throws IOException {
        return Files.list(Path.of("specs/networks")).filter(p -> p.toString().endsWith(".yaml")).sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("networks")
    void declaredWeightsAddUpToParamsAndBuffers(Path spec) throws SpecException {
        Network net = Specs.load(spec);
        for (Node n : net.nodes()) {
            long params = 0;
            long buffers = 0;
            for (Weight w : n.op().weights(n.attributes(), n.inputShapes())) {
                if (w.trainable()) {
                    params += w.shape().elements();
                } else {
                    buffers += w.shape().elements();
                }
            }
            assertEquals(n.cost().params(), params, n.name() + " params");
            assertEquals(n.cost().buffers(), buffers, n.name() + " buffers");
        }
    }
}
