package org.netspec.safetensors;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One tensor as a safetensors header declares it: its element type, its shape (empty for a
 * scalar) and where its bytes lie, as offsets from the start of the data that follows the header.
 */
public record TensorEntry(String name, DType dtype, List<Long> shape, long begin, long end) {
    public TensorEntry {
        shape = List.copyOf(shape);
    }

    /** Elements in the tensor (the header parser checked the count fits in 64 bits). */
    public long elements() {
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        return count;
    }

    /** The shape as netspec writes shapes, {@code 3x2x3x3}, or {@code []} for a scalar. */
    public String shapeText() {
        return shape.isEmpty() ? "[]" : shape.stream().map(String::valueOf).collect(Collectors.joining("x"));
    }
}
