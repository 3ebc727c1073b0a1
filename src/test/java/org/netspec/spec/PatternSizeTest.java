package org.netspec.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PatternSizeTest {
    @Test
    void charactersClassesAndEscapesAreOneEach() {
        assertEquals(3, PatternSize.of("abc"));
        assertEquals(2, PatternSize.of("[a-z0-9]\\d"));
        // a group adds one, an alternative one: (a|bc) = 1 + (1 + 2 + 1)
        assertEquals(5, PatternSize.of("(a|bc)"));
        // a quantifier adds one
        assertEquals(4, PatternSize.of("a*b+"));
    }

    @Test
    void countedRepetitionsMultiply() {
        // (1 + 1) * (100 + 1)
        assertEquals(202, PatternSize.of("a{1,100}"));
        // inner group: 202 + 1 = 203; repeated: (203 + 1) * 101
        assertEquals(204 * 101, PatternSize.of("(a{1,100}){1,100}"));
        assertTrue(PatternSize.of("((((a{1,1000}){1,1000}){1,1000}){1,1000}){1,1000}") > 1_000_000_000_000L);
        assertEquals(Long.MAX_VALUE, PatternSize.of("((((((((a{1000}){1000}){1000}){1000}){1000}){1000}){1000}){1000})"));
    }

    @Test
    void aBraceThatIsNotACountIsACharacter() {
        assertEquals(4, PatternSize.of("a{x}"));
        assertEquals(3, PatternSize.of("(?i)a{,"));
    }

    @Test
    void anExplodingPatternIsRefusedBeforeItCompiles() {
        Expressions expressions = new Expressions(Limits.DEFAULT);
        Expressions.ExpressionException e = assertThrows(Expressions.ExpressionException.class,
                () -> expressions.evaluate("'aaaa'.matches('((a{1,100}){1,100}){1,100}')", Map.of()));
        assertTrue(e.getMessage().contains("the pattern of matches() compiles to about 2081206 instructions, more than the limit of 10000"),
                e.getMessage());
    }

    @Test
    void aComputedPatternIsRefused() {
        Expressions expressions = new Expressions(Limits.DEFAULT);
        Expressions.ExpressionException e = assertThrows(Expressions.ExpressionException.class,
                () -> expressions.evaluate("matches('aaaa', p + p)", Map.of("p", "a+")));
        assertTrue(e.getMessage().contains("matches() takes its pattern as literal text"), e.getMessage());
    }

    @Test
    void aSmallPatternWorksAndEachCallCostsItsSize() throws Exception {
        assertEquals(true, new Expressions(Limits.DEFAULT).evaluate("'esp_3'.matches('^[a-z]+_[0-9]$')", Map.of()));
        // Compiling costs 5000 plus the text's length; each call of a{1000} costs (1 + 1) * 1001 = 2002 more:
        // two calls fit in 15000, seven do not.
        Limits small = new Limits(1 << 20, 64, 10_000, 100_000, 10_000, 32, 2_000, 64, 15_000,
            Limits.DEFAULT.maxNameChars(), Limits.DEFAULT.maxAnalysisSteps());
        assertEquals(true, new Expressions(small).evaluate("range(2).all(i, 'a'.matches('a{1000}') || true)", Map.of()));
        Expressions expressions = new Expressions(small);
        Expressions.ExpressionException e = assertThrows(Expressions.ExpressionException.class,
                () -> expressions.evaluate("range(7).all(i, 'a'.matches('a{1000}') || true)", Map.of()));
        assertTrue(e.costExhausted(), e.getMessage());
    }
}
