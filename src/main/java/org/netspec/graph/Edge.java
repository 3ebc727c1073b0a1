package org.netspec.graph;

import org.netspec.ops.Shape;

/**
 * A tensor flowing from one node into input {@code port} of another. A node may read the same
 * source twice, so the port is part of the edge's identity.
 */
public record Edge(Node source, Node target, int port) {
    /** The shape of the tensor on this edge. */
    public Shape shape() {
        return source.shape();
    }
}
