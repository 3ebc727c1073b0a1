package org.netspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.netspec.ops.Category;
import org.netspec.ops.Operator;
import org.netspec.ops.Operators;

/** Every operator declares a category, every category has a report kind, and no operator is "other" by accident. */
class OperatorKindTest {
    /**
     * The kind each operator is charted as, written out by hand: a new operator fails here until
     * someone decides where it belongs, instead of silently becoming "other".
     */
    private static final Map<String, OperatorKind> CHARTED_AS = Map.ofEntries(
            Map.entry("conv", OperatorKind.PRODUCT), Map.entry("conv_transpose", OperatorKind.PRODUCT),
            Map.entry("linear", OperatorKind.PRODUCT),
            Map.entry("batchnorm", OperatorKind.NORMALISATION),
            Map.entry("relu", OperatorKind.ACTIVATION), Map.entry("relu6", OperatorKind.ACTIVATION),
            Map.entry("prelu", OperatorKind.ACTIVATION), Map.entry("sigmoid", OperatorKind.ACTIVATION),
            Map.entry("tanh", OperatorKind.ACTIVATION), Map.entry("hardswish", OperatorKind.ACTIVATION),
            Map.entry("hardsigmoid", OperatorKind.ACTIVATION), Map.entry("softmax", OperatorKind.ACTIVATION),
            Map.entry("add", OperatorKind.ELEMENT_WISE), Map.entry("mul", OperatorKind.ELEMENT_WISE),
            Map.entry("maxpool", OperatorKind.POOLING), Map.entry("avgpool", OperatorKind.POOLING),
            Map.entry("adaptive_avgpool", OperatorKind.POOLING), Map.entry("global_avgpool", OperatorKind.POOLING),
            Map.entry("upsample", OperatorKind.POOLING), Map.entry("max_unpool", OperatorKind.POOLING),
            Map.entry("concat", OperatorKind.DATA_MOVEMENT), Map.entry("split", OperatorKind.DATA_MOVEMENT),
            Map.entry("chunk", OperatorKind.DATA_MOVEMENT), Map.entry("slice", OperatorKind.DATA_MOVEMENT),
            Map.entry("channel_shuffle", OperatorKind.DATA_MOVEMENT), Map.entry("pad", OperatorKind.DATA_MOVEMENT),
            Map.entry("input", OperatorKind.OTHER), Map.entry("dropout", OperatorKind.OTHER),
            Map.entry("spatial_dropout", OperatorKind.OTHER), Map.entry("flatten", OperatorKind.OTHER),
            Map.entry("identity", OperatorKind.OTHER),
            Map.entry("layernorm", OperatorKind.NORMALISATION), Map.entry("groupnorm", OperatorKind.NORMALISATION),
            Map.entry("instancenorm", OperatorKind.NORMALISATION),
            Map.entry("silu", OperatorKind.ACTIVATION), Map.entry("gelu", OperatorKind.ACTIVATION),
            Map.entry("mish", OperatorKind.ACTIVATION), Map.entry("hardtanh", OperatorKind.ACTIVATION),
            Map.entry("leaky_relu", OperatorKind.ACTIVATION), Map.entry("elu", OperatorKind.ACTIVATION),
            Map.entry("adaptive_maxpool", OperatorKind.POOLING), Map.entry("global_maxpool", OperatorKind.POOLING),
            Map.entry("pixel_shuffle", OperatorKind.DATA_MOVEMENT), Map.entry("pixel_unshuffle", OperatorKind.DATA_MOVEMENT),
            Map.entry("sum", OperatorKind.ELEMENT_WISE));

    @Test
    void everyRegisteredOperatorHasACategoryAndTheKindWrittenOutForIt() {
        Set<String> registered = Operators.all().stream().map(Operator::name).collect(Collectors.toSet());
        assertEquals(CHARTED_AS.keySet(), registered, "every operator is listed here with the kind it is charted as");
        for (Operator op : Operators.all()) {
            assertNotNull(op.category(), op.name());
            assertEquals(CHARTED_AS.get(op.name()), OperatorKind.of(op), op.name());
        }
    }

    @Test
    void everyCategoryHasAKindAndSomeOperator() {
        Set<Category> used = Operators.all().stream().map(Operator::category)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Category.class)));
        assertEquals(EnumSet.allOf(Category.class), used, "no category without an operator");
        for (Category c : Category.values()) {
            assertNotNull(OperatorKind.of(c), c.name());
        }
        for (OperatorKind kind : OperatorKind.values()) {
            assertTrue(used.stream().anyMatch(c -> OperatorKind.of(c) == kind), kind + " gathers some category");
        }
    }
}
