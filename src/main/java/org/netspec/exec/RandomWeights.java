package org.netspec.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.netspec.graph.Node;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;
import org.netspec.ops.Weight;

/**
 * Deterministic random values for weights and inputs. Each node and input draws from a stream
 * seeded by the run's seed and its own name, so a node's weights do not change when other nodes
 * are added or removed.
 */
public final class RandomWeights {
    private final long seed;

    public RandomWeights(long seed) {
        this.seed = seed;
    }

    private SplittableRandom stream(String purpose, String name) {
        long h = seed;
        for (char c : (purpose + ':' + name).toCharArray()) {
            h = h * 0x100000001B3L ^ c;
        }
        return new SplittableRandom(h);
    }

    /** The node's weights, drawn uniformly from each declared range, in declaration order. */
    public List<float[]> of(Node node) {
        SplittableRandom random = stream("weights", node.name());
        List<float[]> values = new ArrayList<>();
        for (Weight w : node.op().weights(node.attributes(), node.inputShapes())) {
            float[] v = new float[Tensor.checkedSize(w.shape())];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (w.low() + (w.high() - w.low()) * random.nextDouble());
            }
            values.add(v);
        }
        return values;
    }

    /** An input tensor with values uniform in [-1, 1). */
    public Tensor input(String name, Shape shape) {
        SplittableRandom random = stream("input", name);
        float[] v = new float[Tensor.checkedSize(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (2 * random.nextDouble() - 1);
        }
        return Tensor.of(shape, v);
    }
}
