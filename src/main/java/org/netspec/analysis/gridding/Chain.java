package org.netspec.analysis.gridding;

import java.util.List;
import org.netspec.graph.Node;

/**
 * A chain of windows on a path from a block's input to its output.
 *
 * @param layers the nodes whose maps are not the identity, in path order
 * @param contiguousHeight the greedy test along the height (strides included): every layer's
 *     tap spacing times the effective stride is at most the field so far; true proves the
 *     support hole-free along that axis, false proves nothing; null when a layer resamples
 * @param hdc the HDC rule when every layer is a K x K stride-1 window with equal rates on both
 *     axes; null otherwise
 */
public record Chain(List<Node> layers, Boolean contiguousHeight, Boolean contiguousWidth, HdcRule hdc) {
}
