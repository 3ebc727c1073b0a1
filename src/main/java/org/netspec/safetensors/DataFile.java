package org.netspec.safetensors;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netspec.exec.Inputs;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.Tensor;

/**
 * A network's input or output tensors as a safetensors file: one float32 tensor per input node
 * (or output node), named after the node, with the node's shape. An input file holds exactly the
 * network's inputs.
 */
public final class DataFile {
    private DataFile() {
    }

    /**
     * Reads the tensor of every input node, after checking the whole file and binding its tensors
     * by name, shape and type without reading any data.
     *
     * @throws SafeTensorsException when the file is unusable (one line), or with a line for every
     *     missing, unexpected, wrongly shaped or wrongly typed tensor
     */
    public static Inputs readInputs(Path path, Network network, SafeTensorsFile.Limits limits) {
        List<Node> inputs = network.inputs();
        List<TensorBinding.Expected> expected = inputs.stream()
                .map(n -> new TensorBinding.Expected(n.name(), n.shape())).toList();
        Map<String, Tensor> values = new HashMap<>();
        try (SafeTensorsFile file = SafeTensorsFile.open(path, limits)) {
            List<TensorEntry> bound = TensorBinding.bind(file, expected, Set.of(), "input",
                    "the inputs of network `" + network.name() + "`");
            for (int i = 0; i < inputs.size(); i++) {
                values.put(inputs.get(i).name(), Tensor.of(inputs.get(i).shape(), file.floats(bound.get(i))));
            }
        }
        return node -> {
            Tensor t = values.get(node.name());
            if (t == null) {
                throw new IllegalArgumentException("`" + node.name() + "` is not an input of network `"
                        + network.name() + "`");
            }
            return t;
        };
    }

    /** Writes the output tensors, each named after its node. */
    public static void writeOutputs(OutputStream out, Network network, Map<Node, Tensor> outputs) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Node o : network.outputs()) {
            tensors.put(o.name(), outputs.get(o));
        }
        SafeTensorsWriter.write(out, tensors, metadata(network));
    }

    /** What netspec records in the files it writes: the layout convention and the network. */
    static Map<String, String> metadata(Network network) {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        metadata.put("network", network.name());
        return metadata;
    }
}
