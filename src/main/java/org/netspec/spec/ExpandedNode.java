package org.netspec.spec;

import java.util.List;
import java.util.Map;
import org.netspec.ops.Attributes;
import org.netspec.ops.Operator;

/**
 * A primitive node produced by expanding a spec: its scoped name, operator, typed attributes,
 * the full names of the nodes it reads, where it was written, where each attribute was written,
 * and the chain of block instances that produced it (outermost first).
 */
public record ExpandedNode(String name, Operator op, Attributes attributes, List<String> inputs,
        SourceLocation location, Map<String, SourceLocation> attributeLocations, List<Frame> chain) {
    public ExpandedNode {
        inputs = List.copyOf(inputs);
        attributeLocations = Map.copyOf(attributeLocations);
        chain = List.copyOf(chain);
    }

    /** Where to point an error about an attribute: its key, or the layer when it was not written. */
    public SourceLocation locationOf(String attribute) {
        return attributeLocations.getOrDefault(attribute, location);
    }
}
