package org.netspec.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.fraction.BigFraction;
import org.netspec.analysis.field.ReceptiveField;

/**
 * A node's {@code receptive_field} in the JSON output, [h, w] each: {@code size}, {@code stride}
 * and {@code offset} as decimals (null entries where undefined), {@code min_size},
 * {@code min_path_size}, {@code global}, {@code aligned}, {@code exact}.
 */
public final class FieldJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private FieldJson() {
    }

    public static ObjectNode of(ReceptiveField.Field f) {
        ReceptiveField.Axis h = f.height();
        ReceptiveField.Axis w = f.width();
        ObjectNode o = JSON.createObjectNode();
        o.set("size", JSON.valueToTree(List.of(h.size(), w.size())));
        o.set("stride", JSON.valueToTree(decimals(h.stride(), w.stride())));
        o.set("offset", JSON.valueToTree(decimals(h.offset(), w.offset())));
        o.set("min_size", JSON.valueToTree(List.of(h.minSize(), w.minSize())));
        o.set("min_path_size", JSON.valueToTree(Arrays.asList(h.minPathSize(), w.minPathSize())));
        o.put("global", f.global());
        o.put("aligned", f.aligned());
        o.put("exact", f.exact());
        return o;
    }

    private static List<Double> decimals(BigFraction h, BigFraction w) {
        return Arrays.asList(h == null ? null : h.doubleValue(), w == null ? null : w.doubleValue());
    }
}
