package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Profile;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;

/** MobileNetV2 as torchvision v0.21.0 builds it: shufflenet-mobilenet-blocks.md section 3.2. */
class MobileNetV2Test {
    @Test
    void reproducesTorchvisionParameters() throws Exception {
        Network net = Specs.load(Path.of("specs/networks/mobilenet-v2.yaml"));
        Costs costs = Costs.of(net, Profile.STANDARD);
        // torchvision MobileNet_V2_Weights num_params 3,504,872 (published 3.5 M).
        assertEquals(3_504_872, costs.total().params());
        // 3.2: classifier Linear(1280, 1000) with bias.
        assertEquals(1280 * 1000 + 1000, ShuffleNetV2Test.opParams(costs, "linear"));
        // 3.2: spatial 7 at the last 1x1 conv (1280 channels).
        assertEquals(7, net.node("last.act").orElseThrow().shape().h());
        assertEquals(1280, net.node("last.act").orElseThrow().shape().c());
    }
}
