package org.netspec.spec;

import java.util.Optional;
import org.netspec.ops.Shape;

/**
 * Receives the nodes of an expansion in order and answers for their shapes. Blocks read their
 * input shapes ({@code input.c}) while they expand, so expansion and shape inference interleave;
 * this interface lets the spec layer ask without knowing how shapes are inferred.
 */
public interface NodeSink {
    /** Adds a node whose inputs were all added before; empty when its shape could not be inferred. */
    Optional<Shape> add(ExpandedNode node);

    /** The shape of a node added before, if it has one. */
    Optional<Shape> shape(String node);
}
