package org.netspec.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.Profile;

/**
 * Several networks side by side: totals, the work of each operator, and the blocks whose names
 * they share, each with its ratio to the first network. Formats only; the numbers come from
 * {@link Analyses}.
 */
public final class Comparison {
    /** One network under comparison, with the label it is shown by. */
    public record Subject(String label, Analyses analyses) {
    }

    /** A compared quantity: its section, its name and its value per subject. */
    public record Row(String section, String name, List<Long> values) {
        /** The value of subject i over the first subject's. */
        public double ratio(int i) {
            return values.get(0) == 0 ? Double.NaN : (double) values.get(i) / values.get(0);
        }
    }

    private final List<Subject> subjects;
    private final List<Row> rows = new ArrayList<>();

    public Comparison(List<Subject> subjects) {
        if (subjects.size() < 2) {
            throw new IllegalArgumentException("a comparison needs two networks or more");
        }
        this.subjects = List.copyOf(subjects);
        total("params", a -> a.costs().total().params());
        total("buffers", a -> a.costs().total().buffers());
        total("MACs", a -> a.costs().total().macs());
        total("other ops", a -> a.costs().total().ops());
        total("memory access (elements)", a -> a.access().total().total());
        total("peak activations (bytes)", a -> a.memory().best().peakBytes());
        total("weights (bytes)", a -> a.memory().weightBytes());
        total("review warnings", a -> ReviewWarnings.of(a).size());
        subjects.get(0).analyses().latency().ifPresent(l -> total("estimated time (us, estimate on " + l.device().name() + ")",
                a -> Math.round(a.latency().orElseThrow().total() * 1e6)));
        Set<String> ops = new LinkedHashSet<>();
        subjects.forEach(s -> ops.addAll(Grouping.OP.groups(s.analyses().network()).keySet()));
        ops.remove("input");
        for (String op : ops) {
            group("operator", op + " params", Grouping.OP, op, g -> g.count().params());
            group("operator", op + " MACs", Grouping.OP, op, g -> g.count().macs());
        }
        Set<String> shared = new LinkedHashSet<>(Grouping.BLOCK.groups(subjects.get(0).analyses().network()).keySet());
        subjects.forEach(s -> shared.retainAll(Grouping.BLOCK.groups(s.analyses().network()).keySet()));
        for (String block : shared) {
            group("block", block + " params", Grouping.BLOCK, block, g -> g.count().params());
            group("block", block + " MACs", Grouping.BLOCK, block, g -> g.count().macs());
        }
    }

    private void total(String name, ToLongFunction<Analyses> metric) {
        rows.add(new Row("total", name, subjects.stream().map(s -> metric.applyAsLong(s.analyses())).toList()));
    }

    private void group(String section, String name, Grouping grouping, String key, ToLongFunction<Costs.Group> metric) {
        List<Long> values = new ArrayList<>();
        for (Subject s : subjects) {
            values.add(s.analyses().costs().rollup(grouping).stream().filter(g -> g.name().equals(key))
                    .mapToLong(metric).sum());
        }
        if (values.stream().anyMatch(v -> v != 0)) {
            rows.add(new Row(section, name, values));
        }
    }

    public Table table() {
        List<String> headers = new ArrayList<>(List.of("section", "quantity"));
        for (int i = 0; i < subjects.size(); i++) {
            headers.add(">" + subjects.get(i).label());
            if (i > 0) {
                headers.add(">x " + subjects.get(0).label());
            }
        }
        Table t = new Table(headers.toArray(String[]::new));
        for (Row r : rows) {
            List<Object> cells = new ArrayList<>(List.of(r.section(), r.name()));
            for (int i = 0; i < subjects.size(); i++) {
                cells.add(r.values().get(i));
                if (i > 0) {
                    cells.add(ratioText(r.ratio(i)));
                }
            }
            t.row(cells.toArray());
        }
        return t;
    }

    /** 0.14 reads better as "0.14 (1/7.14)": both directions of a reduction at a glance. */
    static String ratioText(double ratio) {
        if (Double.isNaN(ratio)) {
            return "-";
        }
        if (ratio > 0 && ratio < 0.995) {
            return String.format(Locale.ROOT, "%.2f (1/%.2f)", ratio, 1 / ratio);
        }
        return String.format(Locale.ROOT, "%.2f", ratio);
    }

    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Subject s : subjects) {
            sb.append(s.label()).append(": ").append(s.analyses().network().name()).append(" (")
                    .append(s.analyses().network().file().getFileName()).append("), profile ")
                    .append(s.analyses().costs().profile().id()).append('\n');
        }
        return sb.append('\n').append(table().text()).toString();
    }

    /** The table under a line naming the profile of its counts. */
    public String markdown() {
        Profile p = profile();
        return "Profile `" + p.id() + "`: " + p.description() + "\n\n" + table().markdown();
    }

    /** The table with the profile on every row, so the file says which convention its MACs follow. */
    public String csv() {
        return table().withLeadingColumn("profile", profile().id()).csv();
    }

    /** The first subject's profile; a command compares every subject under one profile. */
    private Profile profile() {
        return subjects.get(0).analyses().costs().profile();
    }

    public String json() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ArrayNode subjectsJson = root.putArray("subjects");
        for (Subject s : subjects) {
            ObjectNode o = subjectsJson.addObject();
            o.put("label", s.label());
            o.put("network", s.analyses().network().name());
            o.put("file", s.analyses().network().file().toString());
            o.put("profile", s.analyses().costs().profile().id());
        }
        ArrayNode rowsJson = root.putArray("rows");
        for (Row r : rows) {
            ObjectNode o = rowsJson.addObject();
            o.put("section", r.section());
            o.put("quantity", r.name());
            ArrayNode values = o.putArray("values");
            r.values().forEach(values::add);
            ArrayNode ratios = o.putArray("ratios");
            for (int i = 0; i < subjects.size(); i++) {
                if (Double.isNaN(r.ratio(i))) {
                    ratios.addNull();
                } else {
                    ratios.add(r.ratio(i));
                }
            }
        }
        return Json.text(root);
    }
}
