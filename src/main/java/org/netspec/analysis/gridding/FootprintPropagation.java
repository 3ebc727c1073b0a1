package org.netspec.analysis.gridding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.fraction.BigFraction;
import org.apache.commons.math3.util.ArithmeticUtils;
import org.netspec.analysis.Periodicity;
import org.netspec.graph.Node;
import org.netspec.ops.AxisMap;

/**
 * Section 4.3's forward step over one block: every node's {@link Layout} from its inputs', each
 * input's footprints read through the node's axis maps ({@link Periodicity.Step}), brought to common
 * periods, then combined by the node's channel flow ({@link ChannelSegments}).
 */
final class FootprintPropagation {
    private final AxisMaps maps;

    FootprintPropagation(AxisMaps maps) {
        this.maps = maps;
    }

    /**
     * The footprint over {@code source} of every node of the block that reads it, in node order.
     *
     * @param budget the network's steps, with this block's started
     * @throws Unmeasurable when a limit of {@link Gridding} is reached or paths of different strides meet
     */
    Map<Node, NodeFootprint> footprints(Node source, List<Node> nodes, Charges budget) {
        Map<Node, Layout> layouts = new LinkedHashMap<>();
        Map<Node, Boolean> dilated = new HashMap<>();
        layouts.put(source, Layout.source(channels(source)));
        dilated.put(source, false);
        for (Node n : nodes) {
            Layout l = layout(n, layouts, budget);
            if (l != null) {
                layouts.put(n, l);
                boolean d = maps.skipsPositions(n);
                for (int port : maps.dataPorts(n)) {
                    d |= dilated.getOrDefault(n.inputs().get(port), false);
                }
                dilated.put(n, d);
            }
        }
        Map<Node, NodeFootprint> out = new LinkedHashMap<>();
        for (Node n : nodes) {
            Layout l = layouts.get(n);
            if (l != null) {
                out.put(n, l.footprint(n, dilated.get(n)));
            }
        }
        return out;
    }

    /** Channels of a feature map, features of a flattened tensor. */
    private static long channels(Node n) {
        return n.shape().dim(1);
    }

    /** The layout of a node from its inputs'; null when it reads nothing that depends on the source. */
    private Layout layout(Node n, Map<Node, Layout> layouts, Charges budget) {
        List<Layout> data = new ArrayList<>();
        boolean reached = false;
        for (int port : maps.dataPorts(n)) {
            Node input = n.inputs().get(port);
            Layout in = layouts.get(input);
            reached |= in != null;
            Layout l = in == null ? Layout.unreached(channels(input)) : in;
            data.add(through(l, maps.of(n, port, true), maps.of(n, port, false), budget));
        }
        if (!reached) {
            return null;
        }
        data = commonPeriods(data, budget);
        Layout first = data.get(0);
        for (Layout l : data) {
            if (l.local()) {
                first = l;
                break;
            }
        }
        List<Segment> segments = ChannelSegments.flow(n.op().channelFlow(n.attributes(), n.inputShapes(), n.shape()),
                data, channels(n), budget);
        return new Layout(first.height(), first.width(), ChannelSegments.merged(segments));
    }

    /** Every segment read through the maps of one input port. */
    private static Layout through(Layout in, AxisMap mh, AxisMap mw, Charges budget) {
        if (mh.kind() == AxisMap.Kind.GLOBAL || mw.kind() == AxisMap.Kind.GLOBAL) {
            List<Segment> out = new ArrayList<>();
            for (Segment s : in.segments()) {
                out.add(new Segment(s.channels(), s.reached(), Segment.empty(1)));
            }
            return new Layout(Layout.FLAT, Layout.FLAT, out);
        }
        if (!in.local()) {
            return in.withoutFootprints();
        }
        Periodicity.Step h = in.height().through(mh);
        Periodicity.Step w = in.width().through(mw);
        long ph = h.period();
        long pw = w.period();
        if (ph * pw > Gridding.MAX_PHASES) {
            throw new Unmeasurable(Gridding.Unmeasured.PHASES);
        }
        int inWidthPeriod = in.width().period();
        List<Segment> out = new ArrayList<>();
        for (Segment s : in.segments()) {
            Footprint[] phases = new Footprint[(int) (ph * pw)];
            for (int a = 0; a < ph; a++) {
                for (int b = 0; b < pw; b++) {
                    List<Footprint.Placed> parts = new ArrayList<>();
                    for (long th : h.taps(a)) {
                        Periodicity.Entry row = h.read(a, th);
                        for (long tw : w.taps(b)) {
                            Periodicity.Entry col = w.read(b, tw);
                            parts.add(new Footprint.Placed(s.phases()[row.phase() * inWidthPeriod + col.phase()],
                                    row.offset(), col.offset()));
                        }
                    }
                    phases[a * (int) pw + b] = Footprint.sum(parts, budget);
                }
            }
            out.add(new Segment(s.channels(), s.global(), phases));
        }
        return new Layout(new Periodicity((int) ph, h.shift()), new Periodicity((int) pw, w.shift()), out);
    }

    /** The inputs written with common periods (the lcm); their strides must agree for one table to hold them. */
    private static List<Layout> commonPeriods(List<Layout> data, Charges budget) {
        long ph = 1;
        long pw = 1;
        BigFraction jh = null;
        BigFraction jw = null;
        for (Layout l : data) {
            if (!l.local()) {
                continue;
            }
            if (jh == null) {
                jh = l.height().stride();
                jw = l.width().stride();
            } else if (!jh.equals(l.height().stride()) || !jw.equals(l.width().stride())) {
                throw new Unmeasurable(Gridding.Unmeasured.STRIDES);
            }
            ph = ArithmeticUtils.lcm(ph, l.height().period());
            pw = ArithmeticUtils.lcm(pw, l.width().period());
        }
        if (ph * pw > Gridding.MAX_PHASES) {
            throw new Unmeasurable(Gridding.Unmeasured.PHASES);
        }
        List<Layout> out = new ArrayList<>();
        for (Layout l : data) {
            out.add(expanded(l, (int) ph, (int) pw, jh, jw, budget));
        }
        return out;
    }

    /** The layout written with periods ph and pw (multiples of its own), at strides jh and jw. */
    private static Layout expanded(Layout l, int ph, int pw, BigFraction jh, BigFraction jw, Charges budget) {
        Periodicity height = new Periodicity(ph, jh == null ? 0 : jh.multiply(ph).longValue());
        Periodicity width = new Periodicity(pw, jw == null ? 0 : jw.multiply(pw).longValue());
        boolean samePeriods = l.height().period() == ph && l.width().period() == pw;
        if (!l.local() && !samePeriods) {
            List<Segment> out = new ArrayList<>();
            for (Segment s : l.segments()) {
                out.add(new Segment(s.channels(), s.global(), Segment.empty(ph * pw)));
            }
            return new Layout(height, width, out);
        }
        if (samePeriods) {
            return new Layout(height, width, l.segments());
        }
        int inWidthPeriod = l.width().period();
        List<Segment> out = new ArrayList<>();
        for (Segment s : l.segments()) {
            Footprint[] phases = new Footprint[ph * pw];
            for (int a = 0; a < ph; a++) {
                Periodicity.Entry row = l.height().entry(a);
                for (int b = 0; b < pw; b++) {
                    Periodicity.Entry col = l.width().entry(b);
                    Footprint f = s.phases()[row.phase() * inWidthPeriod + col.phase()];
                    phases[a * pw + b] = Footprint.sum(List.of(new Footprint.Placed(f, row.offset(), col.offset())),
                            budget);
                }
            }
            out.add(new Segment(s.channels(), s.global(), phases));
        }
        return new Layout(height, width, out);
    }
}
