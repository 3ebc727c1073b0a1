package org.netspec.ops;

import java.util.List;
import java.util.Map;

/** Passes its input on unchanged: a named point in a block, or a branch that does nothing. */
public final class Identity extends Pointwise {
    Identity() {
        super("identity", "identity");
    }

    @Override
    public Category category() {
        return Category.PASS_THROUGH;
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.FREE;
    }

    /** ONNX Identity (netspec's export writes dropout as one too). */
    @Override
    public Map<String, OnnxImporter> onnxImporters() {
        return Map.of("Identity", node -> {
            node.inputShape(0);
            return List.of(OnnxImport.of(this, List.of(node.inputs().get(0))));
        });
    }

    @Override
    public String costRule() {
        return "0 ops: returns its input";
    }

    @Override
    public void toOnnx(Attributes a, List<Shape> inputs, Shape output, OnnxWriter onnx) {
        onnx.node("Identity", List.of(onnx.input(0)), onnx.output());
    }

    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        return inputs.get(0);
    }

    @Override
    public boolean isView() {
        return true;
    }

    /** The input itself, under the node's name. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.expression("{0}", PyTorchWriter.input(0));
    }
}
