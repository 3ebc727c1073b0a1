package org.netspec.exec;

import java.util.List;
import org.netspec.graph.Node;
import org.netspec.ops.Weight;

/**
 * The values a run gives each node's weights: one array per {@link Weight} the node's operator
 * declares, in that order, each holding the weight's elements in row-major order.
 */
@FunctionalInterface
public interface Weights {
    List<float[]> of(Node node);

    /**
     * Deterministic random weights in each weight's declared range. A node's values depend only on
     * the seed and its name, so asking twice gives the same bits: saving them and running with
     * them use the same values.
     */
    static Weights seeded(long seed) {
        return new RandomWeights(seed)::of;
    }

    /**
     * The node's values, checked to match its declared weights in number and size.
     *
     * @throws IllegalArgumentException when they do not (a caller bound them wrongly)
     */
    default List<float[]> checkedOf(Node node) {
        List<float[]> values = of(node);
        List<Weight> declared = node.op().weights(node.attributes(), node.inputShapes());
        if (values.size() != declared.size()) {
            throw new IllegalArgumentException(values.size() + " weights for `" + node.name() + "`, which has "
                    + declared.size());
        }
        for (int i = 0; i < values.size(); i++) {
            if (values.get(i).length != declared.get(i).shape().elements()) {
                throw new IllegalArgumentException(values.get(i).length + " values for `" + node.name() + "."
                        + declared.get(i).name() + "` of shape " + declared.get(i).shape());
            }
        }
        return values;
    }
}
