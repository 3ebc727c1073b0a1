package org.netspec.importer;

import java.util.Arrays;
import java.util.function.Supplier;
import org.netspec.ops.OperatorException;

/**
 * A constant tensor: its dimensions, whether its elements are floating-point, and the elements
 * in row-major order as doubles (exact for float32 and for integers up to 2^53, which shape
 * arithmetic never leaves), read only when asked for: a stored weight's dimensions are known
 * without reading its elements.
 */
final class Value {
    /** The most elements a constant computed at import may hold: shape arithmetic is small. */
    static final long MAX_ELEMENTS = 1 << 20;

    private final long[] dims;
    private final boolean floating;
    private final Supplier<double[]> reader;
    private double[] data;

    private Value(long[] dims, boolean floating, double[] data, Supplier<double[]> reader) {
        this.dims = dims;
        this.floating = floating;
        this.data = data;
        this.reader = reader;
    }

    /** A computed value; its element count must be within {@link #MAX_ELEMENTS}. */
    static Value of(long[] dims, boolean floating, double[] data) {
        long n = TensorData.elements(dims, "");
        if (n != data.length) {
            throw new IllegalArgumentException(Arrays.toString(dims) + " does not hold " + data.length + " elements");
        }
        return new Value(dims.clone(), floating, data, null);
    }

    /** A stored value whose elements are read on first use. */
    static Value stored(long[] dims, boolean floating, Supplier<double[]> reader) {
        return new Value(dims.clone(), floating, null, reader);
    }

    static Value vector(long... values) {
        return of(new long[] {values.length}, false, Arrays.stream(values).asDoubleStream().toArray());
    }

    /** Checks that a value to be computed holds at most {@link #MAX_ELEMENTS}. */
    static long checkedCount(long[] dims) {
        long n = TensorData.elements(dims, "");
        if (n > MAX_ELEMENTS) {
            throw new OperatorException("would hold " + n + " elements, more than the " + MAX_ELEMENTS
                    + " netspec computes at import");
        }
        return n;
    }

    /** A problem computing a constant, said of the tensor (once, however deep the computation went). */
    static OperatorException about(String tensor, OperatorException e) {
        String m = e.getMessage();
        if (m.startsWith("the constant `") || m.startsWith("the tensor `")) {
            return e;
        }
        return new OperatorException("the constant `" + tensor + "`" + (m.startsWith("would hold") ? " " : ": ") + m);
    }

    /** The same elements under other dimensions of as many elements (a reshape), still read only when asked for. */
    Value withDims(long[] newDims) {
        return new Value(newDims.clone(), floating, data, data != null ? null : reader);
    }

    long[] dims() {
        return dims.clone();
    }

    int rank() {
        return dims.length;
    }

    boolean floating() {
        return floating;
    }

    long count() {
        return TensorData.elements(dims, "");
    }

    double[] data() {
        if (data == null) {
            data = reader.get();
        }
        return data;
    }

    long[] longs() {
        double[] d = data();
        long[] out = new long[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (long) d[i];
        }
        return out;
    }

    float[] floats() {
        double[] d = data();
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            out[i] = (float) d[i];
        }
        return out;
    }
}
