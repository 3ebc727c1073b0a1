package org.netspec.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.netspec.sweep.Objective;
import org.netspec.sweep.Outcome;
import org.netspec.sweep.ResultCodec;
import org.netspec.sweep.SweepResult;

/** The text a sweep prints: how many variants passed, what rejected the others, and the front. */
final class SweepSummary {
    private SweepSummary() {
    }

    static void print(SweepResult result, List<Outcome> front, PrintWriter out) {
        SweepResult.Manifest m = result.manifest();
        out.println("sweep " + m.name() + ": " + result.outcomes().size() + " of " + m.variants() + " variants evaluated, "
                + result.passed() + " passed every constraint" + (result.errors() > 0 ? ", " + result.errors()
                + " did not build" : ""));
        Map<String, Long> rejected = result.rejected();
        if (!rejected.isEmpty()) {
            out.println("rejected first by (checked in this order):");
            rejected.forEach((c, n) -> out.println("  " + c + ": " + n));
        }
        if (m.objectives().isEmpty()) {
            return;
        }
        out.println("Pareto front (" + String.join(", ", m.objectives().stream().map(Objective::label).toList()) + "): "
                + front.size() + " variant" + (front.size() == 1 ? "" : "s"));
        List<String> header = new ArrayList<>(List.of("index"));
        header.addAll(m.params());
        m.objectives().forEach(o -> header.add(o.figure().label()));
        List<List<String>> rows = new ArrayList<>();
        rows.add(header);
        for (Outcome o : front) {
            List<String> row = new ArrayList<>(List.of(Long.toString(o.index())));
            m.params().forEach(p -> row.add(ResultCodec.value(o.values().get(p))));
            m.objectives().forEach(ob -> row.add(ResultCodec.number(o.figures().get(ob.figure().label()))));
            rows.add(row);
        }
        int[] widths = new int[header.size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) {
                widths[i] = Math.max(widths[i], r.get(i).length());
            }
        });
        for (List<String> r : rows) {
            StringBuilder b = new StringBuilder(" ");
            for (int i = 0; i < r.size(); i++) {
                b.append(' ').append(String.format("%" + widths[i] + "s", r.get(i)));
            }
            out.println(b);
        }
    }
}
