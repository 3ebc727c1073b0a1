package org.netspec.ops;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schema of one primitive operator, in the manner of an ONNX operator schema: its attributes,
 * how many inputs it takes, its shape rule and its cost. Subclasses are stateless singletons held
 * by {@link Operators}.
 */
public abstract class Operator {
    /** Another node read by this one, as operators that check their sources see it. */
    public record Source(Operator op, Attributes attributes) {
    }

    private final String name;
    private final String summary;
    private final int minInputs;
    private final int maxInputs;
    private final Map<String, Attribute<?>> attributes = new LinkedHashMap<>();

    protected Operator(String name, String summary, int minInputs, int maxInputs, Attribute<?>... attributes) {
        this.name = name;
        this.summary = summary;
        this.minInputs = minInputs;
        this.maxInputs = maxInputs;
        for (Attribute<?> a : attributes) {
            this.attributes.put(a.name(), a);
        }
    }

    /** The name used in specs and reports (`conv`, `batchnorm`, ...). */
    public final String name() {
        return name;
    }

    public final String summary() {
        return summary;
    }

    public final int minInputs() {
        return minInputs;
    }

    /** {@link Integer#MAX_VALUE} when any number of inputs is accepted. */
    public final int maxInputs() {
        return maxInputs;
    }

    public final List<Attribute<?>> attributes() {
        return List.copyOf(attributes.values());
    }

    public final Optional<Attribute<?>> attribute(String attributeName) {
        return Optional.ofNullable(attributes.get(attributeName));
    }

    /** What kind of work the operator does, for design reviews and reports. */
    public abstract Category category();

    /**
     * The output shape for these inputs.
     *
     * @throws OperatorException when the inputs or attributes break the operator's rules
     */
    public abstract Shape outputShape(Attributes a, List<Shape> inputs);

    /** Parameters, buffers and work of one execution; the shapes are the checked ones. */
    public abstract Cost cost(Attributes a, List<Shape> inputs, Shape output);

    /**
     * How ONNX nodes become this operator, by ONNX operator type: each importer reads one node (and
     * may take in the earlier nodes of a pattern it ends) or says why it does not. Empty when no
     * ONNX node is read as this operator.
     */
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of();
    }

    /** One line saying what {@link #cost} counts, for the documented table of operators. */
    public abstract String costRule();

    /**
     * Writes the node as standard ONNX (opset 17): the nodes, constants and weights that compute
     * its output from its inputs, the last node writing {@link OnnxWriter#output()}. The shapes are
     * the checked ones. An operator without a mapping refuses to be exported.
     */
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        throw onnx.unsupported("`" + name + "` has no ONNX mapping");
    }

    /**
     * The reference kernel: the output for these inputs and weights, written as plain loops that
     * follow PyTorch's definition of the operator. Each kernel derives its output size from its own
     * loops (how many windows fit, how far a scatter reaches), so an executor can check the shape
     * rule against it. Slow and direct; fast kernels are tested against these.
     *
     * @param weights the values of {@link #weights}, in that order
     * @throws OperatorException when the input values break the operator's rules (an arg-max
     *     index outside the unpooled plane)
     */
    public abstract Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights);

    /** The weight tensors a node owns, in PyTorch's order; their sizes add up to the cost's params and buffers. */
    public List<Weight> weights(Attributes a, List<Shape> inputs) {
        return List.of();
    }

    /**
     * How input {@code port} is read along the height ({@code heightAxis}) or width axis: which
     * input positions each output position depends on, for receptive fields and footprints. The
     * shapes are the checked ones.
     */
    public abstract AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis);

    /** Which input channels each output channel reads, for per-channel-group footprints. */
    public abstract ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output);

    /**
     * Whether the output is the first input itself, not a new tensor: the identity, dropout at
     * inference and flatten move no data and allocate nothing.
     */
    public boolean isView() {
        return false;
    }

    /**
     * Whether the operator works element by element (activations, batch norm, element-wise sums
     * and products): ShuffleNet V2's guideline G4 counts their memory traffic.
     */
    public boolean isElementWise() {
        return false;
    }

    /** Whether input {@code port} is read as data; false when only its shape is used. */
    public boolean readsInput(int port) {
        return true;
    }

    /** Elements read from the inputs in one execution (views read nothing). */
    public long elementsRead(Attributes a, List<Shape> inputs, Shape output) {
        if (isView()) {
            return 0;
        }
        long read = 0;
        for (int port = 0; port < inputs.size(); port++) {
            if (readsInput(port)) {
                read = Math.addExact(read, inputs.get(port).elements());
            }
        }
        return read;
    }

    /** Elements written in one execution: the output, plus {@link #indexElements} (views write nothing). */
    public long elementsWritten(Attributes a, List<Shape> inputs, Shape output) {
        return isView() ? 0 : Math.addExact(output.elements(), indexElements(a, output));
    }

    /** 64-bit indices produced beside the output (max-pool arg-max positions for max-unpooling). */
    public long indexElements(Attributes a, Shape output) {
        return 0;
    }

    /**
     * Checks the operators of the source nodes, for operators that need a particular producer
     * (max-unpooling reads the indices of a max-pool). Most operators accept any source.
     */
    public void checkSources(Attributes a, List<Source> sources) {
    }

    @Override
    public final String toString() {
        return name;
    }

    /**
     * Writes the node as PyTorch code: a submodule, an expression of its inputs or a network input
     * (see {@link PyTorchWriter}). The shapes are the checked ones. Every operator of the catalogue
     * overrides it.
     */
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        throw py.unsupported("`" + name + "` has no PyTorch mapping");
    }
}
