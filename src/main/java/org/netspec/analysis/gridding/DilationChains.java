package org.netspec.analysis.gridding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netspec.graph.Node;
import org.netspec.ops.AxisMap;

/**
 * The chains of windows on a block's paths from its input to its output that hold a dilated
 * layer, each with the contiguity test of section 4.2 and, where it applies, the HDC rule.
 */
final class DilationChains {
    /** Distinct window sequences kept per node when the block's paths are enumerated. */
    private static final int MAX_CHAINS = 64;

    private final AxisMaps maps;

    DilationChains(AxisMaps maps) {
        this.maps = maps;
    }

    List<Chain> of(Node source, Node output, List<Node> nodes) {
        Map<Node, Set<List<Node>>> paths = new HashMap<>();
        paths.put(source, Set.of(List.of()));
        for (Node n : nodes) {
            Set<List<Node>> here = new LinkedHashSet<>();
            for (int port : maps.dataPorts(n)) {
                for (List<Node> p : paths.getOrDefault(n.inputs().get(port), Set.of())) {
                    if (here.size() == MAX_CHAINS) {
                        break;
                    }
                    List<Node> extended = new ArrayList<>(p);
                    if (isChainLayer(n)) {
                        extended.add(n);
                    }
                    here.add(List.copyOf(extended));
                }
            }
            if (!here.isEmpty()) {
                paths.put(n, here);
            }
        }
        List<Chain> out = new ArrayList<>();
        for (List<Node> layers : paths.getOrDefault(output, Set.of())) {
            if (layers.stream().anyMatch(maps::skipsPositions)) {
                out.add(new Chain(layers, contiguous(layers, true), contiguous(layers, false), hdc(layers)));
            }
        }
        return out;
    }

    /** Whether the node is a layer of a chain: a map other than the identity on its data input. */
    private boolean isChainLayer(Node n) {
        List<Integer> ports = maps.dataPorts(n);
        return ports.size() == 1
                && !(maps.of(n, ports.get(0), true).isIdentity() && maps.of(n, ports.get(0), false).isIdentity());
    }

    /**
     * Section 4.2's greedy test along one axis: a layer keeps the support contiguous iff its tap
     * spacing times the effective stride is at most the field so far. Stride-1 windows commute
     * (the support is a Minkowski sum), so they are taken densest first; with strides, in path order.
     */
    private Boolean contiguous(List<Node> layers, boolean heightAxis) {
        List<long[]> taps = new ArrayList<>();
        List<Long> strides = new ArrayList<>();
        for (Node n : layers) {
            AxisMap m = maps.of(n, maps.dataPorts(n).get(0), heightAxis);
            if (!m.isLocal() || m.period() != 1) {
                return null;
            }
            taps.add(m.taps(0));
            strides.add(m.advance());
        }
        if (strides.stream().allMatch(s -> s == 1)) {
            taps.sort(Comparator.comparingLong(DilationChains::largestGap));
        }
        long r = 1;
        long j = 1;
        boolean ok = true;
        for (int i = 0; i < taps.size(); i++) {
            long[] t = taps.get(i);
            ok &= largestGap(t) * j <= r;
            r += (t[t.length - 1] - t[0]) * j;
            j *= strides.get(i);
        }
        return ok;
    }

    private static long largestGap(long[] taps) {
        long gap = 0;
        for (int i = 1; i < taps.length; i++) {
            gap = Math.max(gap, taps[i] - taps[i - 1]);
        }
        return gap;
    }

    /** HDC when every layer is a K x K stride-1 window, evenly spaced, with the same rate on both axes. */
    private HdcRule hdc(List<Node> layers) {
        List<Long> rates = new ArrayList<>();
        long kernel = -1;
        for (Node n : layers) {
            int port = maps.dataPorts(n).get(0);
            AxisMap mh = maps.of(n, port, true);
            AxisMap mw = maps.of(n, port, false);
            long[] h = mh.taps(0);
            if (!mh.isLocal() || !mw.isLocal() || mh.period() != 1 || mw.period() != 1 || mh.advance() != 1
                    || mw.advance() != 1 || h.length < 2 || !Arrays.equals(mw.taps(0), h)) {
                return null;
            }
            long rate = h[1] - h[0];
            for (int i = 2; i < h.length; i++) {
                if (h[i] - h[i - 1] != rate) {
                    return null;
                }
            }
            if (kernel != -1 && kernel != h.length) {
                return null;
            }
            kernel = h.length;
            rates.add(rate);
        }
        return HdcRule.of(rates, kernel);
    }
}
