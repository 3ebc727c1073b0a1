package org.netspec.ops;

/**
 * A float32 tensor as kernels read and write it: a shape and its elements in row-major (NCHW)
 * order. A max-pool with {@code indices: true} also records, per output element, the arg-max
 * position as PyTorch does: the flat index {@code y * W + x} within its input plane.
 *
 * @param data the elements, or null for an input whose values an operator does not read (the
 *     tensor that lends upsample its size): only its shape is passed
 * @param indices the arg-max positions, or null
 */
public record Tensor(Shape shape, float[] data, long[] indices) {
    /** Java arrays hold at most this many elements. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    public Tensor {
        if (data != null && data.length != shape.elements()) {
            throw new IllegalArgumentException(data.length + " values for a tensor of shape " + shape);
        }
        if (indices != null && indices.length != data.length) {
            throw new IllegalArgumentException(indices.length + " indices for a tensor of shape " + shape);
        }
    }

    public static Tensor of(Shape shape, float[] data) {
        return new Tensor(shape, data, null);
    }

    /** A tensor known by its shape only, for an input whose values are not read. */
    public static Tensor shapeOnly(Shape shape) {
        return new Tensor(shape, null, null);
    }

    /** A tensor of zeros. */
    public static Tensor zeros(Shape shape) {
        return of(shape, new float[checkedSize(shape)]);
    }

    /**
     * The element count as an array length.
     *
     * @throws OperatorException when the tensor is larger than a Java array can hold
     */
    public static int checkedSize(Shape shape) {
        if (shape.elements() > MAX_ELEMENTS) {
            throw new OperatorException("a tensor of " + shape + " has " + shape.elements()
                    + " elements, more than a Java array holds (" + MAX_ELEMENTS + ")");
        }
        return (int) shape.elements();
    }

    /** The same elements under another shape of the same size (a view: nothing is copied). */
    public Tensor reshaped(Shape other) {
        return new Tensor(other, data, indices);
    }

    /** Dimension {@code i} as an int (every dimension of a tensor that exists fits one). */
    public int dim(int i) {
        return (int) shape.dim(i);
    }
}
