package org.netspec.ops;

import java.util.Arrays;

/** The shape an ONNX Reshape node gives its input: 0 keeps the input's size on that axis, -1 takes what is left. */
final class Reshapes {
    private Reshapes() {
    }

    static long[] target(OnnxReader reshape, Shape in) {
        long[] shape = reshape.constantInts(1).clone();
        boolean allowZero = reshape.integer("allowzero", 0) != 0;
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == 0 && !allowZero) {
                if (i >= in.rank()) {
                    throw new OperatorException("the Reshape keeps axis " + i + ", which " + in + " does not have");
                }
                shape[i] = in.dim(i);
            }
            if (shape[i] == -1 && inferred < 0) {
                inferred = i;
            } else if (shape[i] <= 0) {
                throw new OperatorException("the Reshape target " + Arrays.toString(reshape.constantInts(1)) + " is not a shape");
            } else {
                known = Math.multiplyExact(known, shape[i]);
            }
        }
        if (inferred >= 0) {
            shape[inferred] = in.elements() / known;
        }
        if (inferred >= 0 && in.elements() % known != 0 || Arrays.stream(shape).reduce(1, Math::multiplyExact) != in.elements()) {
            throw new OperatorException("the Reshape target " + Arrays.toString(reshape.constantInts(1)) + " does not hold the "
                    + in.elements() + " elements of " + in);
        }
        return shape;
    }
}
