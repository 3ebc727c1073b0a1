package org.netspec.analysis.gridding;

import java.util.List;
import java.util.Set;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.util.ArithmeticUtils;
import org.netspec.graph.Node;
import org.netspec.ops.AxisMap;

/**
 * Section 4.2's common factor: in a stride-1 block every tap offset is a multiple of g per axis,
 * so the support lies on the lattice g_h Z x g_w Z and coverage cannot exceed the lattice's share
 * of the box.
 */
final class Lattice {
    private Lattice() {
    }

    /**
     * The gcd of every tap offset per axis, when every map on the block's measured paths has period
     * 1 and stride 1; global and unread inputs are left out, as coverage leaves them out. Null
     * otherwise.
     */
    static List<Long> commonFactor(AxisMaps maps, List<Node> nodes, Set<Node> measured) {
        long[] g = {0, 0};
        for (Node n : nodes) {
            if (!measured.contains(n)) {
                continue;
            }
            for (int port : maps.dataPorts(n)) {
                if (!measured.contains(n.inputs().get(port))) {
                    continue;
                }
                for (int axis = 0; axis < 2; axis++) {
                    AxisMap m = maps.of(n, port, axis == 0);
                    if (m.kind() == AxisMap.Kind.GLOBAL) {
                        continue;
                    }
                    if (m.period() != 1 || m.advance() != 1) {
                        return null;
                    }
                    for (long t : m.taps(0)) {
                        g[axis] = ArithmeticUtils.gcd(g[axis], t);
                    }
                }
            }
        }
        return List.of(g[0], g[1]);
    }

    /** The share of the box's cells on the lattice g_h Z x g_w Z. */
    static BigFraction bound(Footprint box, List<Long> factor) {
        long rows = multiples(box.top(), box.top() + box.rows() - 1, factor.get(0));
        long cols = multiples(box.left(), box.left() + box.cols() - 1, factor.get(1));
        return new BigFraction(rows * cols, box.area());
    }

    /** Multiples of g in [from, to]; for g = 0 (every tap 0) only position 0 counts. */
    private static long multiples(long from, long to, long g) {
        if (g == 0) {
            return from <= 0 && 0 <= to ? 1 : 0;
        }
        return Math.floorDiv(to, g) - Math.floorDiv(from - 1, g);
    }
}
