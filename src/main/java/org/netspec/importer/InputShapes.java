package org.netspec.importer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netspec.onnx.Onnx;
import org.netspec.ops.OperatorException;
import org.netspec.ops.Shape;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.Overrides;
import org.netspec.spec.SourceLocation;
import org.netspec.spec.SpecException;

/**
 * The shapes a model declares: of its inputs, where a symbolic batch size counts as 1 and other
 * symbolic sizes must be given with {@code --input}; and of its other tensors, which the shapes
 * netspec infers must equal.
 */
final class InputShapes {
    private InputShapes() {
    }

    /** The graph inputs by name, with their shapes. */
    static Map<String, Shape> read(Path file, GraphIndex graph, Overrides overrides, List<Diagnostic> warnings)
            throws SpecException {
        Map<String, String> given = new LinkedHashMap<>(overrides.inputs());
        if (given.containsKey("") && graph.inputs.size() == 1) {
            given.put(graph.inputs.get(0).getName(), given.remove(""));
        }
        Map<String, Shape> shapes = new LinkedHashMap<>();
        for (Onnx.ValueInfoProto in : graph.inputs) {
            String text = given.remove(in.getName());
            if (text == null) {
                text = given.remove(Names.input(in.getName()));
            }
            shapes.put(in.getName(), text != null ? parse(file, in.getName(), text) : declared(file, in, warnings));
        }
        if (!given.isEmpty()) {
            String name = given.keySet().iterator().next();
            throw ModelFile.error(file, "--input " + (name.isEmpty() ? "" : name + "=") + given.get(name) + ": the model has "
                    + (name.isEmpty() ? graph.inputs.size() + " inputs; name one" : "no input `" + name + "`") + " (inputs: "
                    + String.join(", ", graph.inputs.stream().map(Onnx.ValueInfoProto::getName).toList()) + ")");
        }
        return shapes;
    }

    private static Shape parse(Path file, String input, String text) throws SpecException {
        try {
            return Shape.of(Arrays.stream(text.strip().split("[xX]")).mapToLong(p -> Long.parseLong(p.strip())).toArray());
        } catch (NumberFormatException | OperatorException e) {
            throw ModelFile.error(file, "--input " + input + "=" + text + ": expected a shape of positive sizes such as 1x3x224x224");
        }
    }

    private static Shape declared(Path file, Onnx.ValueInfoProto in, List<Diagnostic> warnings) throws SpecException {
        if (!in.getType().hasTensorType() || !in.getType().getTensorType().hasShape()) {
            throw ModelFile.error(file, "the input `" + in.getName() + "` declares no shape; give it with --input "
                    + Names.input(in.getName()) + "=NxCxHxW");
        }
        List<Onnx.TensorShapeProto.Dimension> dims = in.getType().getTensorType().getShape().getDimList();
        long[] sizes = new long[dims.size()];
        for (int d = 0; d < sizes.length; d++) {
            Onnx.TensorShapeProto.Dimension dim = dims.get(d);
            if (dim.hasDimValue() && dim.getDimValue() > 0) {
                sizes[d] = dim.getDimValue();
            } else if (d == 0) {
                sizes[d] = 1;
                warnings.add(Diagnostic.warning(SourceLocation.ofFile(file), "the input `" + in.getName() + "` has a symbolic "
                        + "batch size" + (dim.hasDimParam() ? " `" + dim.getDimParam() + "`" : "") + "; counted for 1 (give "
                        + "another with --input)"));
            } else {
                throw ModelFile.error(file, "the input `" + in.getName() + "` has a symbolic size " + (dim.hasDimParam()
                        ? "`" + dim.getDimParam() + "` " : "") + "on axis " + d + "; give its shape with --input "
                        + Names.input(in.getName()) + "=NxCxHxW");
            }
        }
        try {
            return Shape.of(sizes);
        } catch (OperatorException e) {
            throw ModelFile.error(file, "the input `" + in.getName() + "`: " + e.getMessage());
        }
    }

    /** Tensors whose inferred shape differs from the one the file declares (every size known), as problem lines. */
    static List<String> mismatches(GraphIndex graph, ModelImport reading) {
        List<String> out = new ArrayList<>();
        for (Made m : reading.made()) {
            for (String t : m.anchor < 0 ? List.<String>of() : m.tensors) {
                Onnx.TypeProto type = graph.declared.get(t);
                if (type == null || !type.hasTensorType() || !type.getTensorType().hasShape()) {
                    continue;
                }
                List<Onnx.TensorShapeProto.Dimension> dims = type.getTensorType().getShape().getDimList();
                if (dims.stream().allMatch(d -> d.hasDimValue() && d.getDimValue() > 0)) {
                    List<Long> declared = dims.stream().map(Onnx.TensorShapeProto.Dimension::getDimValue).toList();
                    if (!declared.equals(m.shape.toList())) {
                        out.add(graph.describe(m.anchor) + ": netspec infers " + m.shape + " for `" + t + "`, the model declares "
                                + String.join("x", declared.stream().map(String::valueOf).toList()));
                    }
                }
            }
        }
        return out;
    }
}
