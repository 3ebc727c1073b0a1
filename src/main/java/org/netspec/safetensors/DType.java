package org.netspec.safetensors;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The element types of the safetensors format that take whole bytes, with their sizes. The
 * floating-point ones (F32, and F16, BF16, F64 as PyTorch users often save them) read as float32;
 * the others are known only so that a file holding them can be checked.
 */
public enum DType {
    BOOL(1), U8(1), I8(1), F8_E5M2(1), F8_E4M3(1), I16(2), U16(2), F16(2), BF16(2), I32(4), U32(4), F32(4), F64(8),
    I64(8), U64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per element. */
    public int bytes() {
        return bytes;
    }

    /** Whether netspec reads this type (as float32). */
    public boolean isReadable() {
        return this == F32 || this == F16 || this == BF16 || this == F64;
    }

    public static Optional<DType> named(String name) {
        return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst();
    }

    /** The names of all types, for messages. */
    static String known() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    /** The names of the readable types, for messages. */
    static String readable() {
        return Arrays.stream(values()).filter(DType::isReadable).map(Enum::name).collect(Collectors.joining(", "));
    }

    /**
     * Decodes {@code count} elements from a little-endian buffer, advancing its position, into
     * {@code out} from {@code at}.
     *
     * @throws IllegalStateException for a type that is not {@link #isReadable readable}
     */
    void decode(ByteBuffer in, float[] out, int at, int count) {
        switch (this) {
            case F32 -> {
                in.asFloatBuffer().get(out, at, count);
                in.position(in.position() + count * Float.BYTES);
            }
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    out[at + i] = (float) in.getDouble();
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out[at + i] = Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[at + i] = halfToFloat(in.getShort());
                }
            }
            default -> throw new IllegalStateException(this + " does not read as float32");
        }
    }

    /** IEEE 754 binary16 to float32, exactly (every half value is a float value). */
    static float halfToFloat(short half) {
        int bits = half & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | mantissa << 13);
        }
        if (exponent == 0) {
            // zero or subnormal: mantissa x 2^-24
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | (exponent + 127 - 15) << 23 | mantissa << 13);
    }
}
