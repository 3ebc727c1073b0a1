package org.netspec.importer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import org.netspec.onnx.Onnx;
import org.netspec.onnx.Onnx.TensorProto;
import org.netspec.ops.OperatorException;

/**
 * The elements of stored tensors (initializers and Constant values), inline or in an external
 * file beside the model, read with bounds: the element count is checked against the data, and an
 * external file must lie inside the model's directory (links resolved), hold the range it is said
 * to hold, and fit with the other external files in the model size limit.
 */
final class TensorData {
    private final Path directory;
    private final ImportLimits limits;
    private long externalBytes;

    TensorData(Path modelFile, ImportLimits limits) {
        this.directory = modelFile.toAbsolutePath().normalize().getParent();
        this.limits = limits;
    }

    /** The dimensions, each checked to be non-negative. */
    static long[] dims(TensorProto t) {
        long[] dims = new long[t.getDimsCount()];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = t.getDims(i);
            if (dims[i] < 0) {
                throw new OperatorException("the tensor `" + t.getName() + "` has a negative dimension " + dims[i]);
            }
        }
        return dims;
    }

    /** The element count of a shape, checked not to overflow. */
    static long elements(long[] dims, String name) {
        long n = 1;
        for (long d : dims) {
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                throw new OperatorException("the tensor `" + name + "` claims more elements than fit in 64 bits");
            }
        }
        return n;
    }

    /** Bytes per element of the numeric types read; 0 for the others (strings, complex numbers). */
    static int elementBytes(int dataType) {
        return switch (dataType) {
            case TensorProto.DataType.FLOAT_VALUE, TensorProto.DataType.INT32_VALUE, TensorProto.DataType.UINT32_VALUE -> 4;
            case TensorProto.DataType.INT64_VALUE, TensorProto.DataType.UINT64_VALUE, TensorProto.DataType.DOUBLE_VALUE -> 8;
            case TensorProto.DataType.INT16_VALUE, TensorProto.DataType.UINT16_VALUE, TensorProto.DataType.FLOAT16_VALUE,
                    TensorProto.DataType.BFLOAT16_VALUE -> 2;
            case TensorProto.DataType.INT8_VALUE, TensorProto.DataType.UINT8_VALUE, TensorProto.DataType.BOOL_VALUE -> 1;
            default -> 0;
        };
    }

    static boolean isFloat(int dataType) {
        return dataType == TensorProto.DataType.FLOAT_VALUE || dataType == TensorProto.DataType.DOUBLE_VALUE
                || dataType == TensorProto.DataType.FLOAT16_VALUE || dataType == TensorProto.DataType.BFLOAT16_VALUE;
    }

    static boolean isExternal(TensorProto t) {
        return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
    }

    /** The elements as doubles (exact for every float type and for integers up to 2^53). */
    double[] values(TensorProto t) {
        long count = elements(dims(t), t.getName());
        int type = t.getDataType();
        if (elementBytes(type) == 0) {
            throw new OperatorException("the tensor `" + t.getName() + "` has element type " + type + ", not a number type");
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new OperatorException("the tensor `" + t.getName() + "` holds " + count + " elements, more than netspec reads");
        }
        // the stored elements are counted before anything is allocated for them
        if (isExternal(t) || t.hasRawData()) {
            ByteBuffer raw = (isExternal(t) ? external(t, count * elementBytes(type)) : t.getRawData().asReadOnlyByteBuffer())
                    .order(ByteOrder.LITTLE_ENDIAN);
            if (raw.remaining() != count * elementBytes(type)) {
                throw mismatch(t, count, raw.remaining() / elementBytes(type));
            }
            double[] out = new double[(int) count];
            for (int i = 0; i < out.length; i++) {
                out[i] = element(raw, type);
            }
            return out;
        }
        long stored = typedCount(t);
        if (stored != count) {
            throw mismatch(t, count, stored);
        }
        double[] out = new double[(int) count];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (type) {
                case TensorProto.DataType.FLOAT_VALUE -> t.getFloatData(i);
                case TensorProto.DataType.INT64_VALUE -> t.getInt64Data(i);
                case TensorProto.DataType.DOUBLE_VALUE -> t.getDoubleData(i);
                case TensorProto.DataType.UINT32_VALUE, TensorProto.DataType.UINT64_VALUE -> t.getUint64Data(i);
                case TensorProto.DataType.FLOAT16_VALUE -> half(t.getInt32Data(i));
                case TensorProto.DataType.BFLOAT16_VALUE -> Float.intBitsToFloat(t.getInt32Data(i) << 16);
                default -> t.getInt32Data(i);
            };
        }
        return out;
    }

    /**
     * Checks, without reading them, that a tensor stores as many elements as its dimensions say:
     * inline in raw_data or a typed field, or in a range of an external file inside the model's directory.
     */
    void check(TensorProto t) {
        long count = elements(dims(t), t.getName());
        int bytes = elementBytes(t.getDataType());
        if (isExternal(t)) {
            locate(t);
        } else if (t.hasRawData() && bytes > 0 && t.getRawData().size() != count * bytes) {
            throw mismatch(t, count, t.getRawData().size() / bytes);
        } else if (!t.hasRawData() && bytes > 0 && typedCount(t) != count) {
            throw mismatch(t, count, typedCount(t));
        }
    }

    /** Elements stored in the typed field of the tensor's element type. */
    private static long typedCount(TensorProto t) {
        return switch (t.getDataType()) {
            case TensorProto.DataType.FLOAT_VALUE -> t.getFloatDataCount();
            case TensorProto.DataType.INT64_VALUE -> t.getInt64DataCount();
            case TensorProto.DataType.DOUBLE_VALUE -> t.getDoubleDataCount();
            case TensorProto.DataType.UINT32_VALUE, TensorProto.DataType.UINT64_VALUE -> t.getUint64DataCount();
            default -> t.getInt32DataCount();
        };
    }

    private static OperatorException mismatch(TensorProto t, long count, long stored) {
        return new OperatorException("the tensor `" + t.getName() + "` holds " + stored + " elements but its dimensions say "
                + count);
    }

    private static double element(ByteBuffer b, int type) {
        return switch (type) {
            case TensorProto.DataType.FLOAT_VALUE -> b.getFloat();
            case TensorProto.DataType.DOUBLE_VALUE -> b.getDouble();
            case TensorProto.DataType.INT64_VALUE -> b.getLong();
            case TensorProto.DataType.UINT64_VALUE -> b.getLong();
            case TensorProto.DataType.INT32_VALUE -> b.getInt();
            case TensorProto.DataType.UINT32_VALUE -> Integer.toUnsignedLong(b.getInt());
            case TensorProto.DataType.INT16_VALUE -> b.getShort();
            case TensorProto.DataType.UINT16_VALUE -> Short.toUnsignedInt(b.getShort());
            case TensorProto.DataType.FLOAT16_VALUE -> half(b.getShort());
            case TensorProto.DataType.BFLOAT16_VALUE -> Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
            case TensorProto.DataType.INT8_VALUE -> b.get();
            default -> Byte.toUnsignedInt(b.get());
        };
    }

    /** An IEEE half-precision value from its 16 bits. */
    private static float half(int bits) {
        int sign = (bits >> 15) & 1;
        int exponent = (bits >> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        float magnitude;
        if (exponent == 0) {
            magnitude = mantissa * 0x1p-24f;
        } else if (exponent == 31) {
            magnitude = mantissa == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            magnitude = (1 + mantissa / 1024f) * (float) Math.pow(2, exponent - 15);
        }
        return sign == 1 ? -magnitude : magnitude;
    }

    /** Where an external tensor's bytes are: a file inside the model's directory, an offset and a length. */
    record ExternalRange(Path file, long offset, long length) {
    }

    /**
     * Checks an external reference without reading it: a relative location inside the model's
     * directory (after resolving links), an offset and length inside that file, the length the
     * tensor's dimensions and type need.
     */
    ExternalRange locate(TensorProto t) {
        Map<String, String> keys = new HashMap<>();
        for (Onnx.StringStringEntryProto e : t.getExternalDataList()) {
            keys.put(e.getKey(), e.getValue());
        }
        String location = keys.get("location");
        if (location == null || location.isEmpty()) {
            throw new OperatorException("the tensor `" + t.getName() + "` is stored externally but names no location");
        }
        Path relative;
        try {
            relative = Path.of(location);
        } catch (RuntimeException e) {
            throw new OperatorException("the tensor `" + t.getName() + "` names the external file `" + location
                    + "`, which is not a path");
        }
        Path file = directory.resolve(relative).normalize();
        if (relative.isAbsolute() || !file.startsWith(directory)) {
            throw new OperatorException("the tensor `" + t.getName() + "` names the external file `" + location
                    + "`, outside the model's directory; netspec reads external data only beside the model");
        }
        long size;
        try {
            if (!file.toRealPath().startsWith(directory.toRealPath())) {
                throw new OperatorException("the tensor `" + t.getName() + "` names the external file `" + location
                        + "`, a link to outside the model's directory");
            }
            if (!Files.isRegularFile(file)) {
                throw new OperatorException("the tensor `" + t.getName() + "` names the external file `" + location
                        + "`, which is not a file");
            }
            size = Files.size(file);
        } catch (IOException e) {
            throw new OperatorException("the tensor `" + t.getName() + "` names the external file `" + location
                    + "`, which cannot be read (" + e.getMessage() + ")");
        }
        long needed = Math.multiplyExact(elements(dims(t), t.getName()), Math.max(1, elementBytes(t.getDataType())));
        long offset = number(keys, "offset", 0, t);
        long length = number(keys, "length", needed, t);
        if (length != needed) {
            throw new OperatorException("the tensor `" + t.getName() + "` needs " + needed + " bytes but its external data "
                    + "is said to be " + length);
        }
        if (offset > size || length > size - offset) {
            throw new OperatorException("the tensor `" + t.getName() + "` reads bytes " + offset + " to " + (offset + length)
                    + " of `" + location + "`, which holds " + size);
        }
        return new ExternalRange(file, offset, length);
    }

    private static long number(Map<String, String> keys, String key, long absent, TensorProto t) {
        String v = keys.get(key);
        if (v == null) {
            return absent;
        }
        try {
            long n = Long.parseLong(v.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new OperatorException("the tensor `" + t.getName() + "` has the external data " + key + " `" + v
                + "`, not a byte count");
    }

    private ByteBuffer external(TensorProto t, long bytes) {
        ExternalRange range = locate(t);
        if (bytes > limits.maxModelBytes() - externalBytes) {
            throw new OperatorException("the external data of `" + t.getName() + "` would take the bytes read past the limit of "
                    + limits.maxModelBytes() + " (raise it with --max-model-bytes)");
        }
        externalBytes += bytes;
        ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(range.length()));
        try (FileChannel channel = FileChannel.open(range.file(), StandardOpenOption.READ)) {
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, range.offset() + buffer.position()) < 0) {
                    throw new OperatorException("the external file of `" + t.getName() + "` ended early");
                }
            }
        } catch (IOException e) {
            throw new OperatorException("cannot read the external data of `" + t.getName() + "`: " + e.getMessage());
        }
        return buffer.flip();
    }
}
