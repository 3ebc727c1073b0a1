package org.netspec.safetensors;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netspec.exec.Weights;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.Tensor;
import org.netspec.ops.Weight;

/**
 * A network's weights as a safetensors file: one float32 tensor per weight of every node, named
 * {@code <node name>.<weight name>} ({@code level2.0.reduce.weight}, {@code b1.bn.running_var}),
 * the keys of the exported PyTorch module's {@code state_dict}. Like a strict
 * {@code load_state_dict}, a file must hold every node's weights, those of nodes that reach no
 * output included (they are part of the model and of its state_dict), and nothing else; the one
 * exception is PyTorch's batch-norm counter {@code <node>.num_batches_tracked}, which inference
 * does not use and which is accepted and ignored.
 */
public final class WeightFile {
    private static final String BATCHNORM_COUNTER = "num_batches_tracked";
    private static final String BATCHNORM_STATISTIC = "running_var";

    private WeightFile() {
    }

    /** The tensor name of a node's weight: {@code <node name>.<weight name>}. */
    public static String tensorName(Node node, Weight weight) {
        return node.name() + "." + weight.name();
    }

    /**
     * Reads the weights of {@code network} from a file, after checking the whole file and binding
     * every tensor by name, shape and type without reading any data. The weights returned are
     * found by node name, so they serve any network built from the same spec.
     *
     * @throws SafeTensorsException when the file is unusable (one line), or with a line for every
     *     missing, unexpected, wrongly shaped or wrongly typed tensor
     */
    public static Weights read(Path path, Network network, SafeTensorsFile.Limits limits) {
        List<TensorBinding.Expected> expected = new ArrayList<>();
        Set<String> ignored = new HashSet<>();
        for (Node n : network.nodes()) {
            for (Weight w : declared(n)) {
                expected.add(new TensorBinding.Expected(tensorName(n, w), w.shape()));
                if (w.name().equals(BATCHNORM_STATISTIC)) {
                    ignored.add(n.name() + "." + BATCHNORM_COUNTER);
                }
            }
        }
        Map<String, List<float[]>> values = new HashMap<>();
        try (SafeTensorsFile file = SafeTensorsFile.open(path, limits)) {
            List<TensorEntry> bound = TensorBinding.bind(file, expected, ignored, "weight",
                    "the weights of network `" + network.name() + "`");
            int next = 0;
            for (Node n : network.nodes()) {
                List<float[]> own = new ArrayList<>();
                for (int i = 0; i < declared(n).size(); i++) {
                    own.add(file.floats(bound.get(next++)));
                }
                values.put(n.name(), List.copyOf(own));
            }
        }
        return node -> values.getOrDefault(node.name(), List.of());
    }

    /** Writes every node's weights, as {@code weights} gives them, in the reference layout. */
    public static void write(OutputStream out, Network network, Weights weights) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Node n : network.nodes()) {
            List<Weight> declared = declared(n);
            List<float[]> values = weights.checkedOf(n);
            for (int i = 0; i < declared.size(); i++) {
                tensors.put(tensorName(n, declared.get(i)), Tensor.of(declared.get(i).shape(), values.get(i)));
            }
        }
        SafeTensorsWriter.write(out, tensors, DataFile.metadata(network));
    }

    private static List<Weight> declared(Node n) {
        return n.op().weights(n.attributes(), n.inputShapes());
    }
}
