package org.netspec.ops;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ONNX importers of the catalogue's operators, by ONNX operator type. Several operators may
 * read one type (a Reshape is a flatten, or the last step of a channel shuffle); they are tried in
 * catalogue order and the first that reads the node wins.
 */
public final class OnnxImporters {
    private static final Map<String, List<OnnxImporter>> BY_TYPE = new TreeMap<>();

    static {
        for (Operator op : Operators.all()) {
            op.onnxImporters().forEach((type, importer) -> BY_TYPE.computeIfAbsent(type, t -> new ArrayList<>()).add(importer));
        }
    }

    private OnnxImporters() {
    }

    /** The importers of an ONNX operator type, in the order they are tried; empty when none reads it. */
    public static List<OnnxImporter> of(String opType) {
        return BY_TYPE.getOrDefault(opType, List.of());
    }

    /** Every ONNX operator type some operator reads, in alphabetical order. */
    public static Set<String> opTypes() {
        return Collections.unmodifiableSet(BY_TYPE.keySet());
    }
}
