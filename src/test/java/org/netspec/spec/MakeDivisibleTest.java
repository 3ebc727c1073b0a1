package org.netspec.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * make_divisible as MobileNet defines it: new_v = max(min, int(v + d/2) // d * d), plus d when
 * that is below 0.9 v. Expected values are worked by hand from that formula.
 */
class MakeDivisibleTest {
    private final Expressions expressions = new Expressions(Limits.DEFAULT);

    private Object eval(String text) throws Expressions.ExpressionException {
        return expressions.evaluate(text, Map.of("alpha", 0.35, "c", 32L));
    }

    @Test
    void mobileNetWidthsAtMultipliers() throws Exception {
        // 32 * 0.75 = 24.0: int(28.0) // 8 * 8 = 24, not below 21.6.
        assertEquals(24L, eval("make_divisible(32.0 * 0.75, 8)"));
        // 32 * 0.35 = 11.2: int(15.2) // 8 * 8 = 8, below 0.9 * 11.2 = 10.08, so 16 (MobileNetV2-0.35's stem).
        assertEquals(16L, eval("make_divisible(double(c) * alpha, 8)"));
        // 16 * 0.35 = 5.6: int(9.6) = 9 -> 8, at least the minimum 8.
        assertEquals(8L, eval("make_divisible(16.0 * alpha, 8)"));
        // 24 * 0.35 = 8.4 -> int(12.4) = 12 -> 8, 8 >= 7.56.
        assertEquals(8L, eval("make_divisible(24.0 * alpha, 8)"));
        // 64 * 0.35 = 22.4 -> int(26.4) = 26 -> 24; 96 * 0.35 = 33.6 -> 37 -> 32; 320 * 0.35 = 112 -> 116 -> 112.
        assertEquals(24L, eval("make_divisible(64.0 * alpha, 8)"));
        assertEquals(32L, eval("make_divisible(96.0 * alpha, 8)"));
        assertEquals(112L, eval("make_divisible(320.0 * alpha, 8)"));
        // Integers: 1280 stays; 100 -> int(104) // 8 * 8 = 104.
        assertEquals(1280L, eval("make_divisible(1280, 8)"));
        assertEquals(104L, eval("make_divisible(100, 8)"));
    }

    @Test
    void theMinimumAndTheTenPercentRule() throws Exception {
        // 3 -> int(7.0) // 8 * 8 = 0, raised to the minimum 16.
        assertEquals(16L, eval("make_divisible(3, 8, 16)"));
        // 10 with divisor 16: int(18.0) // 16 * 16 = 16; min 4 keeps 16.
        assertEquals(16L, eval("make_divisible(10, 16, 4)"));
        // 23 with divisor 16: int(31.0) // 16 * 16 = 16 < 20.7, so 32.
        assertEquals(32L, eval("make_divisible(23.0, 16, 1)"));
    }

    @Test
    void aDivisorThatIsNotPositiveIsAnError() {
        Expressions.ExpressionException e = assertThrows(Expressions.ExpressionException.class,
                () -> eval("make_divisible(32, 0)"));
        assertEquals("make_divisible() takes a positive divisor, got 0 in `make_divisible(32, 0)`", e.getMessage());
    }
}
