package org.netspec.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.graph.Node;

/**
 * A block instance written in a network file (or a layer outside blocks), keyed by what it is:
 * its block kind (or operator) and its position among the units of that kind. Two networks share
 * a block when they hold the same kind at the same position, whatever each calls its instance.
 *
 * @param key the kind and the 1-based position among the units of that kind ({@code esp #3})
 */
record BlockUnit(String kind, String key, Costs.Group group) {
    /** The units of a network in order, inputs left out. */
    static List<BlockUnit> of(Analyses a) {
        List<BlockUnit> units = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Costs.Group g : a.costs().rollup(Grouping.BLOCK)) {
            Node first = g.nodes().get(0);
            if (first.op().name().equals("input")) {
                continue;
            }
            String kind = first.chain().isEmpty() ? first.op().name() : first.chain().get(0).block();
            int position = seen.merge(kind, 1, Integer::sum);
            units.add(new BlockUnit(kind, kind + " #" + position, g));
        }
        return units;
    }

    /**
     * The row name of matched units: the instance name when every subject calls it the same
     * ({@code level2.0 (esp)}), else the kind and position with each subject's name.
     */
    static String name(BlockUnit first, List<Costs.Group> matched) {
        List<String> names = matched.stream().map(Costs.Group::name).distinct().toList();
        if (names.size() == 1) {
            return names.get(0) + (names.get(0).equals(first.kind()) ? "" : " (" + first.kind() + ")");
        }
        return first.key() + " (" + String.join(" / ", matched.stream().map(Costs.Group::name).toList()) + ")";
    }
}
