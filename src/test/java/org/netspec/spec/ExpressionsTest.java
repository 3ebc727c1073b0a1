package org.netspec.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ExpressionsTest {
    /**
     * After enough failures HotSpot's JIT throws a preallocated ArithmeticException without a
     * message for an integer division by zero (OmitStackTraceInFastThrow), and CEL then reports only
     * that `divide_int64` failed: the message must stay the same however often it happens in one JVM.
     */
    @Test
    void divisionByZeroIsNamedAsSuchEvenAfterTheJitTakesOver() {
        Expressions expressions = new Expressions(Limits.DEFAULT);
        for (int i = 0; i < 40_000; i++) {
            String text = i % 2 == 0 ? "12 / groups" : "12 % groups";
            Expressions.ExpressionException e = assertThrows(Expressions.ExpressionException.class,
                    () -> expressions.evaluate(text, Map.of("groups", 0L)));
            assertEquals("division by zero in `" + text + "`", e.getMessage(), "attempt " + i);
        }
    }
}
