package org.netspec.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netspec.ops.SpecNode.failsOn;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OtherOpsTest {
    private static final Shape MAP = Shape.nchw(1, 19, 64, 64);

    @Test
    void inputGivesItsDeclaredShape() {
        SpecNode input = SpecNode.of("input", Map.of("shape", List.of(1L, 3L, 512L, 1024L)));
        assertEquals(Shape.nchw(1, 3, 512, 1024), input.shape());
        assertEquals(Cost.FREE, input.cost());
        failsOn("shape", () -> SpecNode.of("input", Map.of("shape", List.of(1L, 0L, 8L, 8L))));
    }

    @Test
    void dropoutIsTheIdentityAtInference() {
        for (String name : List.of("dropout", "spatial_dropout")) {
            SpecNode drop = SpecNode.of(name, Map.of("p", 0.1));
            assertEquals(MAP, drop.shape(MAP), name);
            assertEquals(Cost.FREE, drop.cost(MAP), name);
            assertEquals(MAP, SpecNode.of(name, Map.of("p", 0.0)).shape(MAP), name);
            assertEquals(0.5, (double) SpecNode.of(name).attributes.get(Dropout.P), name);
            failsOn("p", () -> SpecNode.of(name, Map.of("p", 1.0)).shape(MAP));
            failsOn("p", () -> SpecNode.of(name, Map.of("p", -0.1)).shape(MAP));
        }
    }

    @Test
    void linearCountsItsProduct() {
        SpecNode fc = SpecNode.of("linear", Map.of("out", 1000L));
        Shape in = Shape.of(2, 1024);
        assertEquals(Shape.of(2, 1000), fc.shape(in));
        Cost c = fc.cost(in);
        // N*F*out = 2*1024*1000
        assertEquals(2L * 1024 * 1000, c.macs());
        assertEquals(Cost.MacKind.LINEAR, c.macKind());
        // F*out weights + out biases; N*out bias adds
        assertEquals(1024L * 1000 + 1000, c.params());
        assertEquals(2L * 1000, c.biasAdds());

        Cost noBias = SpecNode.of("linear", Map.of("out", 1000L, "bias", false)).cost(in);
        assertEquals(1024L * 1000, noBias.params());
        assertEquals(0, noBias.biasAdds());
    }

    @Test
    void linearOnAFeatureMapAsksForAFlatten() {
        OperatorException e = assertThrows(OperatorException.class,
                () -> SpecNode.of("linear", Map.of("out", 10L)).shape(MAP));
        assertTrue(e.getMessage().contains("op: flatten"), e.getMessage());
    }

    @Test
    void flattenKeepsTheBatch() {
        SpecNode flatten = SpecNode.of("flatten");
        // 64*7*7
        assertEquals(Shape.of(2, 64 * 7 * 7), flatten.shape(Shape.nchw(2, 64, 7, 7)));
        assertEquals(Shape.of(2, 10), flatten.shape(Shape.of(2, 10)));
        assertEquals(Cost.FREE, flatten.cost(Shape.nchw(2, 64, 7, 7)));
    }

    @Test
    void softmaxCostsFiveOpsPerElement() {
        SpecNode softmax = SpecNode.of("softmax");
        assertEquals(MAP, softmax.shape(MAP));
        // max compare, subtract, exp, sum add, divide: 5*19*64*64
        assertEquals(5L * 19 * 64 * 64, softmax.cost(MAP).ops());
    }

    @Test
    void identityIsFree() {
        SpecNode identity = SpecNode.of("identity");
        assertEquals(MAP, identity.shape(MAP));
        assertEquals(Cost.FREE, identity.cost(MAP));
    }
}
