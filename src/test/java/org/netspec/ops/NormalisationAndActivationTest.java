package org.netspec.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NormalisationAndActivationTest {
    private static final Shape MAP = Shape.nchw(1, 64, 56, 56);

    @Test
    void batchNormHasTwoParamsAndTwoBuffersPerChannel() {
        SpecNode bn = SpecNode.of("batchnorm");
        assertEquals(MAP, bn.shape(MAP));
        Cost c = bn.cost(MAP);
        // scale and shift per channel: 2*64; running mean and variance: 2*64
        assertEquals(2L * 64, c.params());
        assertEquals(2L * 64, c.buffers());
        // a multiply and an add per element: 2*64*56*56
        assertEquals(2L * 64 * 56 * 56, c.ops());
        assertEquals(0, c.macs());
    }

    @Test
    void batchNormWithoutAffineKeepsOnlyItsBuffers() {
        Cost c = SpecNode.of("batchnorm", Map.of("affine", false)).cost(MAP);
        assertEquals(0, c.params());
        assertEquals(2L * 64, c.buffers());
    }

    @Test
    void preluHasOneSlopePerChannelOrOneShared() {
        SpecNode perChannel = SpecNode.of("prelu");
        assertEquals(MAP, perChannel.shape(MAP));
        assertEquals(64, perChannel.cost(MAP).params());
        assertEquals(1, SpecNode.of("prelu", Map.of("shared", true)).cost(MAP).params());
        // compare and multiply per element: 2*64*56*56
        assertEquals(2L * 64 * 56 * 56, perChannel.cost(MAP).ops());
    }

    @Test
    void activationsCountTheirFormulaPerElement() {
        // relu max(x,0): 1; relu6 max then min: 2; sigmoid negate, exp, add, divide: 4;
        // tanh multiply, exp, subtract, add, divide: 5; hardsigmoid add, max, min, multiply: 4;
        // hardswish hardsigmoid then multiply: 5
        Map<String, Long> opsPerElement = Map.of("relu", 1L, "relu6", 2L, "sigmoid", 4L, "tanh", 5L,
                "hardsigmoid", 4L, "hardswish", 5L);
        opsPerElement.forEach((name, ops) -> {
            SpecNode act = SpecNode.of(name);
            assertEquals(MAP, act.shape(MAP), name);
            Cost c = act.cost(MAP);
            assertEquals(ops * 64 * 56 * 56, c.ops(), name);
            assertEquals(0, c.params(), name);
            assertEquals(0, c.macs(), name);
        });
    }
}
