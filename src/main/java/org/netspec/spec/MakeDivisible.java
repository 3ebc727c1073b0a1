package org.netspec.spec;

import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelRuntime;
import java.util.List;

/**
 * {@code make_divisible(v, divisor[, min])}: a channel count rounded to a multiple of
 * {@code divisor} as MobileNet's {@code _make_divisible} rounds it (TensorFlow models'
 * slim/nets/mobilenet and torchvision's {@code _make_divisible}): to the nearest multiple, at
 * least {@code min} (default {@code divisor}), and one multiple more when rounding down lost
 * more than 10% of {@code v}. {@code v} is an integer or a decimal (a width times a multiplier).
 */
final class MakeDivisible {
    static final String NAME = "make_divisible";

    private MakeDivisible() {
    }

    /** An argument the function does not take: the message says which and why. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    static CelFunctionDecl declaration() {
        return CelFunctionDecl.newFunctionDeclaration(NAME,
                CelOverloadDecl.newGlobalOverload("make_divisible_int_int", SimpleType.INT, SimpleType.INT, SimpleType.INT),
                CelOverloadDecl.newGlobalOverload("make_divisible_double_int", SimpleType.INT, SimpleType.DOUBLE, SimpleType.INT),
                CelOverloadDecl.newGlobalOverload("make_divisible_int_int_int", SimpleType.INT, SimpleType.INT, SimpleType.INT,
                        SimpleType.INT),
                CelOverloadDecl.newGlobalOverload("make_divisible_double_int_int", SimpleType.INT, SimpleType.DOUBLE,
                        SimpleType.INT, SimpleType.INT));
    }

    static List<CelRuntime.CelFunctionBinding> bindings() {
        return List.of(
                CelRuntime.CelFunctionBinding.from("make_divisible_int_int", Long.class, Long.class,
                        (v, d) -> of(v, d, d)),
                CelRuntime.CelFunctionBinding.from("make_divisible_double_int", Double.class, Long.class,
                        (v, d) -> of(v, d, d)),
                CelRuntime.CelFunctionBinding.from("make_divisible_int_int_int", List.of(Long.class, Long.class, Long.class),
                        args -> of(((Long) args[0]).doubleValue(), (Long) args[1], (Long) args[2])),
                CelRuntime.CelFunctionBinding.from("make_divisible_double_int_int", List.of(Double.class, Long.class, Long.class),
                        args -> of((Double) args[0], (Long) args[1], (Long) args[2])));
    }

    /**
     * {@code new_v = max(min, int(v + d / 2) // d * d)}, plus {@code d} when {@code new_v < 0.9 v}.
     *
     * @throws Refused for a divisor that is not positive
     * @throws ArithmeticException for a value beyond 64 bits
     */
    static long of(double v, long divisor, long min) {
        if (divisor < 1) {
            throw new Refused(NAME + "() takes a positive divisor, got " + divisor);
        }
        double rounded = v + divisor / 2.0;
        if (Double.isNaN(rounded) || Math.abs(rounded) > 9.0e18) {
            throw new ArithmeticException("overflow");
        }
        long multiple = Math.multiplyExact(Math.floorDiv((long) rounded, divisor), divisor);
        long result = Math.max(min, multiple);
        return result < 0.9 * v ? Math.addExact(result, divisor) : result;
    }
}
