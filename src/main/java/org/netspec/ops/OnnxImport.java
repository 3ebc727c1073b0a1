package org.netspec.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One netspec node read from ONNX: its operator, the attribute values a spec would give it, the
 * tensors it reads and the initializers that hold its weights, the tensors it stands for, and the
 * earlier nodes of a pattern it takes in (a channel shuffle's Reshape and Transpose, read back
 * from its last Reshape).
 */
public final class OnnxImport {
    /**
     * The tensor holding one of the node's weights, in the order {@link Operator#weights} declares
     * them; {@code transposed} when it is stored as the transpose of netspec's layout (Gemm with transB = 0).
     */
    public record WeightTensor(String tensor, boolean transposed) {
    }

    private final Operator op;
    private final List<String> inputs;
    private final Map<String, Object> attributes = new LinkedHashMap<>();
    private final List<WeightTensor> weights = new ArrayList<>();
    private final List<String> outputs = new ArrayList<>();
    private final List<OnnxReader> claimed = new ArrayList<>();
    private String part = "";
    private String note;

    private OnnxImport(Operator op, List<String> inputs) {
        this.op = op;
        this.inputs = List.copyOf(inputs);
    }

    /** A node of {@code op} reading these tensors, in netspec's input order. */
    public static OnnxImport of(Operator op, List<String> inputs) {
        return new OnnxImport(op, inputs);
    }

    /** Sets an attribute as a spec writes it: Long, Double, Boolean, String, a list of Longs, or "same". */
    public OnnxImport set(String attribute, Object value) {
        attributes.put(attribute, value);
        return this;
    }

    /** The next weight, stored in netspec's layout. */
    public OnnxImport weight(String tensor) {
        weights.add(new WeightTensor(tensor, false));
        return this;
    }

    /** The next weight, stored as the transpose of netspec's two-dimensional layout. */
    public OnnxImport transposedWeight(String tensor) {
        weights.add(new WeightTensor(tensor, true));
        return this;
    }

    /** A tensor this node computes; without any, every output of the ONNX node. */
    public OnnxImport output(String tensor) {
        outputs.add(tensor);
        return this;
    }

    /** An earlier node of the pattern this node reads, computed by this node in netspec. */
    public OnnxImport claim(OnnxReader node) {
        claimed.add(node);
        return this;
    }

    /** Names one of several netspec nodes read from one ONNX node: its name is the ONNX node's, then `.part`. */
    public OnnxImport part(String name) {
        part = name;
        return this;
    }

    /** Something a designer should know about the node (a batch norm folded into it), reported as a warning. */
    public OnnxImport note(String text) {
        note = text;
        return this;
    }

    public Operator op() {
        return op;
    }

    public List<String> inputs() {
        return inputs;
    }

    public Map<String, Object> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    public List<WeightTensor> weights() {
        return Collections.unmodifiableList(weights);
    }

    public List<String> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    public List<OnnxReader> claimed() {
        return Collections.unmodifiableList(claimed);
    }

    public String part() {
        return part;
    }

    public Optional<String> note() {
        return Optional.ofNullable(note);
    }
}
