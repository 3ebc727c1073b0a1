package org.netspec.analysis.gridding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.netspec.ops.ChannelFlow;

/**
 * How an operator's {@link ChannelFlow} carries channel groups from its inputs to its output: a
 * dense layer sums its input groups (each counts once, as one representative channel of the
 * group), a grouped or depthwise one keeps them apart, concatenation appends, selection cuts,
 * shuffles interleave, sums and products refine the groups to common boundaries, zero channels
 * read nothing.
 */
final class ChannelSegments {
    private ChannelSegments() {
    }

    /** The output segments of a channel flow over inputs with common periods. */
    static List<Segment> flow(ChannelFlow flow, List<Layout> data, long outChannels, Charges budget) {
        if (flow instanceof ChannelFlow.PerChannel) {
            return data.get(0).segments();
        }
        if (flow instanceof ChannelFlow.Grouped g) {
            return grouped(data.get(0).segments(), g.groups(), outChannels, budget);
        }
        if (flow instanceof ChannelFlow.Concatenated) {
            List<Segment> out = new ArrayList<>();
            data.forEach(l -> out.addAll(l.segments()));
            return out;
        }
        if (flow instanceof ChannelFlow.Selected s) {
            return cut(data.get(0).segments(), s.start(), s.start() + s.count());
        }
        if (flow instanceof ChannelFlow.Interleaved i) {
            return interleaved(data.get(0).segments(), i.groups());
        }
        if (flow instanceof ChannelFlow.ZeroExtended z) {
            if (z.zeros() == 0) {
                return data.get(0).segments();
            }
            List<Segment> out = new ArrayList<>(data.get(0).segments());
            out.add(new Segment(z.zeros(), false, Segment.empty(out.get(0).phases().length)));
            return out;
        }
        return elementwise(data, outChannels, budget);
    }

    /** Adjacent segments with the same footprint are one group. */
    static List<Segment> merged(List<Segment> in) {
        List<Segment> out = new ArrayList<>();
        for (Segment s : in) {
            Segment last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && last.sameFootprint(s)) {
                out.set(out.size() - 1, last.withChannels(last.channels() + s.channels()));
            } else {
                out.add(s);
            }
        }
        return out;
    }

    /** Output group i reads input group i; a run of whole groups inside one segment stays one segment. */
    private static List<Segment> grouped(List<Segment> in, long groups, long outChannels, Charges budget) {
        long inChannels = in.stream().mapToLong(Segment::channels).sum();
        long perIn = inChannels / groups;
        long perOut = outChannels / groups;
        List<Segment> out = new ArrayList<>();
        int si = 0;
        long segStart = 0;
        long group = 0;
        while (group < groups) {
            long lo = group * perIn;
            long hi = lo + perIn;
            while (segStart + in.get(si).channels() <= lo) {
                segStart += in.get(si).channels();
                si++;
            }
            long segEnd = segStart + in.get(si).channels();
            if (segEnd >= hi) {
                long runEnd = Math.min(groups, segEnd / perIn);
                out.add(in.get(si).withChannels((runEnd - group) * perOut));
                group = runEnd;
            } else {
                List<Segment> mixed = new ArrayList<>();
                long start = segStart;
                for (int k = si; k < in.size() && start < hi; k++) {
                    mixed.add(in.get(k));
                    start += in.get(k).channels();
                }
                out.add(added(mixed, perOut, budget));
                group++;
            }
        }
        return out;
    }

    /** Segments summed into one of {@code channels} channels: the union of their footprints. */
    private static Segment added(List<Segment> parts, long channels, Charges budget) {
        int phases = parts.get(0).phases().length;
        Footprint[] out = new Footprint[phases];
        boolean global = false;
        for (int phi = 0; phi < phases; phi++) {
            List<Footprint.Placed> placed = new ArrayList<>();
            for (Segment s : parts) {
                placed.add(new Footprint.Placed(s.phases()[phi], 0, 0));
            }
            out[phi] = parts.size() == 1 ? parts.get(0).phases()[phi] : Footprint.sum(placed, budget);
        }
        for (Segment s : parts) {
            global |= s.global();
        }
        return new Segment(channels, global, out);
    }

    /** Channels [from, to) of a layout. */
    private static List<Segment> cut(List<Segment> in, long from, long to) {
        List<Segment> out = new ArrayList<>();
        long start = 0;
        for (Segment s : in) {
            long lo = Math.max(from, start);
            long hi = Math.min(to, start + s.channels());
            if (lo < hi) {
                out.add(s.withChannels(hi - lo));
            }
            start += s.channels();
        }
        return out;
    }

    /** ShuffleNet's shuffle, channel by channel, joining runs that come from one segment. */
    private static List<Segment> interleaved(List<Segment> in, long groups) {
        long total = in.stream().mapToLong(Segment::channels).sum();
        long per = total / groups;
        long[] ends = new long[in.size()];
        long end = 0;
        for (int i = 0; i < in.size(); i++) {
            end += in.get(i).channels();
            ends[i] = end;
        }
        List<Segment> out = new ArrayList<>();
        int previous = -1;
        long run = 0;
        for (long o = 0; o < total; o++) {
            long c = (o % groups) * per + o / groups;
            int at = Arrays.binarySearch(ends, c + 1);
            int segment = at >= 0 ? at : -at - 1;
            if (segment != previous && run > 0) {
                out.add(in.get(previous).withChannels(run));
                run = 0;
            }
            previous = segment;
            run++;
        }
        out.add(in.get(previous).withChannels(run));
        return out;
    }

    /** Sums and products: every input's layout cut at the boundaries of all, then added piece by piece. */
    private static List<Segment> elementwise(List<Layout> data, long outChannels, Charges budget) {
        List<List<Segment>> inputs = new ArrayList<>();
        Set<Long> bounds = new TreeSet<>(List.of(0L, outChannels));
        for (Layout l : data) {
            // A one-channel input is broadcast to every channel.
            List<Segment> segs = l.channels() == 1 && outChannels > 1
                    ? List.of(l.segments().get(0).withChannels(outChannels)) : l.segments();
            inputs.add(segs);
            long at = 0;
            for (Segment s : segs) {
                at += s.channels();
                bounds.add(at);
            }
        }
        List<Long> cuts = new ArrayList<>(bounds);
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i + 1 < cuts.size(); i++) {
            List<Segment> parts = new ArrayList<>();
            for (List<Segment> segs : inputs) {
                parts.addAll(cut(segs, cuts.get(i), cuts.get(i + 1)));
            }
            out.add(added(parts, cuts.get(i + 1) - cuts.get(i), budget));
        }
        return out;
    }
}
