package org.netspec.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CatalogueTest {
    /** The primitives of the design notes. */
    private static final List<String> PRIMITIVES = List.of("input", "conv", "conv_transpose", "batchnorm", "relu",
            "relu6", "prelu", "sigmoid", "hardswish", "hardsigmoid", "tanh", "maxpool", "max_unpool", "avgpool",
            "adaptive_avgpool", "global_avgpool", "upsample", "concat", "add", "mul", "split", "chunk", "slice",
            "channel_shuffle", "pad", "dropout", "spatial_dropout", "linear", "flatten", "softmax", "identity");
    /** The operators issue 14 adds for current efficient networks. */
    private static final List<String> ADDED = List.of("silu", "gelu", "mish", "hardtanh", "leaky_relu", "elu", "layernorm",
            "groupnorm", "instancenorm", "adaptive_maxpool", "global_maxpool", "pixel_shuffle", "pixel_unshuffle", "sum");

    @Test
    void everyPrimitiveIsRegistered() {
        for (String name : Stream.concat(PRIMITIVES.stream(), ADDED.stream()).toList()) {
            assertTrue(Operators.find(name).isPresent(), name);
            assertEquals(name, Operators.find(name).orElseThrow().name());
        }
        assertEquals(PRIMITIVES.size() + ADDED.size(), Operators.all().size());
    }

    @Test
    void everyOperatorDocumentsItsCost() {
        for (Operator op : Operators.all()) {
            assertFalse(op.costRule().isBlank(), op.name());
            assertFalse(op.summary().isBlank(), op.name());
            assertTrue(op.minInputs() <= op.maxInputs(), op.name());
            for (Attribute<?> a : op.attributes()) {
                assertFalse(a.doc().isBlank(), op.name() + "." + a.name());
            }
        }
    }

    @Test
    void unknownAndMissingAttributesAreErrors() {
        Operator conv = Operators.find("conv").orElseThrow();
        OperatorException unknown = assertThrows(OperatorException.class,
                () -> Attributes.of(conv, Map.of("out", 8L, "kernel", 3L, "strides", 2L)));
        assertEquals("strides", unknown.attribute().orElseThrow());
        assertThrows(OperatorException.class,
                () -> Attributes.of(conv, Map.of("kernel", 3L)));
    }

    @Test
    void onlyGivenValuesAreListedAsGiven() {
        Attributes a = Attributes.of(Operators.find("conv").orElseThrow(), Map.of("out", 8L, "kernel", 3L));
        assertEquals(Map.of("out", 8L, "kernel", Pair.square(3)), a.given());
        assertEquals(Pair.square(1), a.get(Conv.STRIDE));
        assertEquals(Padding.SAME, Attributes.of(Operators.find("conv").orElseThrow(),
                Map.of("out", 8L, "kernel", 3L, "padding", "same")).get(Conv.PADDING));
    }
}
