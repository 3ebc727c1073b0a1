package org.netspec.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.netspec.ops.Operator;
import org.netspec.ops.Operators;

/** "Did you mean" names a spelling neighbour of an unknown operator, never a different operation. */
class SuggestionsTest {
    private static final List<String> OPERATORS = Operators.all().stream().map(Operator::name).toList();

    private static Optional<String> suggested(String word) {
        return Suggestions.closest(word, OPERATORS);
    }

    @Test
    void typosOfOperatorsSuggestThem() {
        assertEquals(Optional.of("gelu"), suggested("gelu2"));
        assertEquals(Optional.of("gelu"), suggested("gleu"));
        assertEquals(Optional.of("silu"), suggested("sliu"));
        assertEquals(Optional.of("conv"), suggested("cnov"));
        assertEquals(Optional.of("layernorm"), suggested("layer_norm"));
        assertEquals(Optional.of("pixel_shuffle"), suggested("pixelshuffle"));
        assertEquals(Optional.of("leaky_relu"), suggested("leakyrelu"));
    }

    @Test
    void otherOperationsAreNotSuggested() {
        // two edits from relu, but a word of its own
        assertEquals(Optional.empty(), Suggestions.closest("silu", List.of("relu", "conv")));
        assertEquals(Optional.empty(), suggested("swish"));
        // one edit from elu, relu and gelu alike: no guess among different operations
        assertEquals(Optional.empty(), suggested("selu"));
        assertEquals(Optional.empty(), suggested("softplus"));
    }

    @Test
    void swappedLettersAreOneEdit() {
        assertEquals(1, Suggestions.distance("gleu", "gelu", 3));
        assertEquals(2, Suggestions.distance("silu", "relu", 3));
        assertEquals(Optional.of("dilation"), Suggestions.closest("dilaton", List.of("dilation", "stride")));
    }
}
