package org.netspec.exec;

import org.netspec.graph.Node;
import org.netspec.ops.Tensor;

/** The tensor a run feeds each input node. */
@FunctionalInterface
public interface Inputs {
    Tensor of(Node input);

    /** Deterministic random values uniform in [-1, 1), depending only on the seed and the input's name. */
    static Inputs seeded(long seed) {
        RandomWeights random = new RandomWeights(seed);
        return input -> random.input(input.name(), input.shape());
    }

    /**
     * The input's tensor, checked to have the node's shape.
     *
     * @throws IllegalArgumentException when it does not (a caller bound it wrongly)
     */
    default Tensor checkedOf(Node input) {
        Tensor t = of(input);
        if (!t.shape().equals(input.shape()) || t.data() == null) {
            throw new IllegalArgumentException("a tensor of " + t.shape() + " for input `" + input.name()
                    + "` of shape " + input.shape());
        }
        return t;
    }
}
