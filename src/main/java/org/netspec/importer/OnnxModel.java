package org.netspec.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.netspec.graph.NetworkBuilder;
import org.netspec.onnx.Onnx;
import org.netspec.ops.OnnxImport;
import org.netspec.ops.OperatorException;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.ExpandedNode;
import org.netspec.spec.Overrides;
import org.netspec.spec.SourceLocation;
import org.netspec.spec.SpecException;

/**
 * An ONNX model (opset 11 and newer) read as a netspec network: each ONNX node, or pattern of
 * nodes, becomes the catalogue operator that computes the same thing, with the primitive node list
 * a spec expands to, so shape inference, diagnostics and every analysis run unchanged; initializers
 * become the nodes' parameters and buffers. The Java entry point beside {@code Specs.load}.
 */
public final class OnnxModel {
    private final Path file;
    private final NetworkBuilder.Result result;
    private final Map<String, String> notes;
    private final List<Made> nodes;
    private final Constants constants;

    private OnnxModel(Path file, NetworkBuilder.Result result, Map<String, String> notes, List<Made> nodes, Constants constants) {
        this.file = file;
        this.result = result;
        this.notes = notes;
        this.nodes = nodes;
        this.constants = constants;
    }

    /** Whether a file is read as an ONNX model rather than a spec: by its extension, `.onnx`. */
    public static boolean isOnnx(Path file) {
        Path name = file.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    /**
     * Reads a model; {@code overrides} may give input shapes ({@code --input}), which a model
     * with symbolic sizes needs.
     *
     * @throws SpecException with one line naming the file (and the node, where there is one) when
     *     the file cannot be read or a node cannot be imported
     */
    public static OnnxModel load(Path file, Overrides overrides, ImportLimits limits) throws SpecException {
        if (!overrides.params().isEmpty()) {
            throw ModelFile.error(file, "--set " + overrides.params().keySet().iterator().next() + ": an ONNX model has no "
                    + "parameters to set");
        }
        Onnx.ModelProto model = ModelFile.read(file, limits);
        GraphIndex graph = new GraphIndex(file, model);
        TensorData data = new TensorData(file, limits);
        for (Onnx.TensorProto t : graph.initializers.values()) {
            try {
                data.check(t);
            } catch (OperatorException e) {
                throw ModelFile.error(file, e.getMessage());
            }
        }
        List<Diagnostic> warnings = new ArrayList<>();
        ModelImport reading = new ModelImport(graph, data);
        InputShapes.read(file, graph, overrides, warnings).forEach(reading::input);
        reading.readNodes();
        List<String> problems = new ArrayList<>(reading.problems());
        List<String> outputs = new ArrayList<>();
        for (Onnx.ValueInfoProto out : graph.graph.getOutputList()) {
            Optional<Made> m = reading.producer(out.getName());
            if (m.isPresent()) {
                outputs.add(out.getName());
            } else if (problems.isEmpty()) {
                problems.add("the graph output `" + out.getName() + "` is a constant; netspec's outputs are computed tensors");
            }
        }
        if (problems.isEmpty() && overrides.inputs().isEmpty()) {
            problems.addAll(InputShapes.mismatches(graph, reading));
        }
        if (!problems.isEmpty()) {
            throw ModelFile.error(file, problems.get(0) + (problems.size() == 1 ? ""
                    : " (and " + (problems.size() - 1) + " more problem" + (problems.size() == 2 ? "" : "s") + ")"));
        }
        Names.assign(reading.made());
        SourceLocation at = SourceLocation.ofFile(file);
        List<ExpandedNode> nodes = new ArrayList<>();
        Map<String, String> notes = new LinkedHashMap<>();
        for (Made m : reading.made()) {
            nodes.add(new ExpandedNode(m.name, m.op, m.attributes, m.inputs.stream().map(i -> i.name).toList(), at, Map.of(),
                    List.of()));
            if (m.reading != null) {
                m.reading.note().ifPresent(n -> {
                    notes.put(m.name, n);
                    warnings.add(Diagnostic.warning(at, "`" + m.name + "` (" + m.op.name() + "): " + n));
                });
            }
        }
        for (int i : reading.leftOut()) {
            warnings.add(Diagnostic.warning(at, graph.describe(i) + " computes nothing the outputs read; it is left out"));
        }
        List<String> outputNames = outputs.stream().map(t -> reading.producer(t).orElseThrow().name).distinct().toList();
        NetworkBuilder.Result built = NetworkBuilder.build(networkName(file), file, nodes, outputNames);
        List<Diagnostic> diagnostics = new ArrayList<>(warnings);
        diagnostics.addAll(built.diagnostics());
        return new OnnxModel(file, new NetworkBuilder.Result(built.network(), List.copyOf(diagnostics)), Collections.unmodifiableMap(notes),
                List.copyOf(reading.made()), reading.constants());
    }

    /** The file's name without `.onnx`, made a spec network name. */
    static String networkName(Path file) {
        String stem = file.getFileName().toString().replaceFirst("(?i)\\.onnx$", "").replaceAll("[^A-Za-z0-9_.-]", "_");
        return stem.matches("[A-Za-z_].*") ? stem : "model_" + stem;
    }

    /** The network, or the problems its build found, with the import's warnings (batch norms folded, nodes left out). */
    public NetworkBuilder.Result result() {
        return result;
    }

    /** What a designer should know about particular nodes (a batch norm folded into a convolution), by node name. */
    public Map<String, String> notes() {
        return notes;
    }

    /**
     * The model's weights under netspec's names ({@code <node>.<weight>}, in PyTorch's layouts),
     * read now from the file and its external data.
     *
     * @throws SpecException when stored data is malformed or cannot be read
     */
    public Map<String, float[]> weights() throws SpecException {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Made m : nodes) {
            for (int k = 0; k < m.weights.size(); k++) {
                OnnxImport.WeightTensor w = m.reading.weights().get(k);
                try {
                    Value v = constants.value(w.tensor()).orElseThrow();
                    float[] values = v.floats();
                    out.put(m.name + "." + m.weights.get(k).name(), w.transposed() ? transpose(values, v.dims()) : values);
                } catch (OperatorException e) {
                    throw ModelFile.error(file, e.getMessage());
                }
            }
        }
        return out;
    }

    private static float[] transpose(float[] values, long[] dims) {
        int rows = (int) dims[0];
        int cols = (int) dims[1];
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                out[c * rows + r] = values[r * cols + c];
            }
        }
        return out;
    }
}
