package org.netspec.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Costs;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.LayerCount;
import org.netspec.analysis.Profile;
import org.netspec.analysis.field.ReceptiveField;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.analysis.gridding.NodeFootprint;
import org.netspec.graph.Node;

/**
 * Networks side by side: their input and output shapes, totals, receptive field, gridding and
 * warnings, the work of each operator and of each form of convolution, and the blocks they share
 * (matched by kind and position), each with its ratio to the first network. Picks the numbers from
 * {@link Analyses} and formats them; {@link Verdict} puts them into words.
 */
public final class Comparison {
    /** One network under comparison, with the label it is shown by. */
    public record Subject(String label, Analyses analyses) {
        /** Its input shapes, named when there are several: {@code 1x3x512x1024}, or {@code a 1x3x8x8, b 1x1x8x8}. */
        public String inputs() {
            return shapes(analyses.network().inputs());
        }

        public String outputs() {
            return shapes(analyses.network().outputs());
        }

        private static String shapes(List<Node> nodes) {
            return nodes.size() == 1 ? nodes.get(0).shape().toString()
                    : nodes.stream().map(n -> n.name() + " " + n.shape()).collect(Collectors.joining(", "));
        }
    }

    /** What a row's values are: counts, or shares between 0 and 1 (coverage). */
    public enum Unit {
        COUNT, SHARE
    }

    /**
     * A compared quantity: its section, its name and its value per subject (a {@code Long} count or a
     * {@code Double} share; null where the subject has none).
     */
    public record Row(String section, String name, Unit unit, List<Number> values) {
        public Row {
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }

        /** The value of subject i over the first subject's; NaN when either is missing or the first is 0. */
        public double ratio(int i) {
            Number first = values.get(0);
            Number mine = values.get(i);
            return first == null || mine == null || first.doubleValue() == 0 ? Double.NaN
                    : mine.doubleValue() / first.doubleValue();
        }

        String shown(int i) {
            Number v = values.get(i);
            if (v == null) {
                return "-";
            }
            return unit == Unit.SHARE ? String.format(Locale.ROOT, "%.1f %%", 100 * v.doubleValue()) : Numbers.grouped(v.longValue());
        }
    }

    public static final String TOTAL = "total";
    public static final String PARAMS = "params";
    public static final String MACS = "MACs";
    public static final String ACCESS = "memory access (elements)";
    public static final String PEAK = "peak activations (bytes)";
    public static final String FIELD_HEIGHT = "receptive field height (output)";
    public static final String FIELD_WIDTH = "receptive field width (output)";
    public static final String UNION = "gridding coverage, union (lowest block)";
    public static final String SPARSEST = "gridding coverage, sparsest group";
    public static final String WARNINGS = "review warnings";
    public static final String DESIGN = "design";
    public static final String OPERATOR = "operator";
    public static final String FORM = "conv form";
    public static final String BLOCK = "block";

    private final List<Subject> subjects;
    private final List<Row> rows = new ArrayList<>();

    public Comparison(List<Subject> subjects) {
        if (subjects.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs a network");
        }
        this.subjects = List.copyOf(subjects);
        total(PARAMS, a -> a.costs().total().params());
        total("buffers", a -> a.costs().total().buffers());
        total(MACS, a -> a.costs().total().macs());
        total("other ops", a -> a.costs().total().ops());
        total(ACCESS, a -> a.access().total().total());
        total(PEAK, a -> a.memory().best().peakBytes());
        total("weights (bytes)", a -> a.memory().weightBytes());
        design(FIELD_HEIGHT, Unit.COUNT, a -> outputField(a).map(f -> (Number) f.height().size()).orElse(null));
        design(FIELD_WIDTH, Unit.COUNT, a -> outputField(a).map(f -> (Number) f.width().size()).orElse(null));
        design(UNION, Unit.SHARE, Comparison::lowestUnionCoverage);
        design(SPARSEST, Unit.SHARE, Comparison::sparsestGroupCoverage);
        design(WARNINGS, Unit.COUNT, a -> (long) ReviewWarnings.of(a).size());
        subjects.get(0).analyses().latency().ifPresent(l -> total("estimated time (us, estimate on " + l.device().name() + ")",
                a -> Math.round(a.latency().orElseThrow().total() * 1e6)));
        Set<String> ops = new LinkedHashSet<>();
        subjects.forEach(s -> ops.addAll(Grouping.OP.groups(s.analyses().network()).keySet()));
        ops.remove("input");
        for (String op : ops) {
            grouped(OPERATOR, op + " params", a -> ofGroup(a, op, LayerCount::params));
            grouped(OPERATOR, op + " MACs", a -> ofGroup(a, op, LayerCount::macs));
        }
        Set<String> forms = new LinkedHashSet<>();
        subjects.forEach(s -> s.analyses().network().nodes().forEach(n -> ConvForm.of(n).ifPresent(forms::add)));
        for (String form : forms) {
            Predicate<Node> isForm = n -> ConvForm.of(n).filter(form::equals).isPresent();
            grouped(FORM, form + " params", a -> ofForm(a, isForm, LayerCount::params));
            grouped(FORM, form + " MACs", a -> ofForm(a, isForm, LayerCount::macs));
        }
        List<List<BlockUnit>> units = subjects.stream().map(s -> BlockUnit.of(s.analyses())).toList();
        for (BlockUnit first : units.get(0)) {
            List<Costs.Group> matched = new ArrayList<>();
            for (List<BlockUnit> theirs : units) {
                theirs.stream().filter(u -> u.key().equals(first.key())).findFirst().ifPresent(u -> matched.add(u.group()));
            }
            if (matched.size() == subjects.size()) {
                String name = BlockUnit.name(first, matched);
                addIfAnyNonZero(new Row(BLOCK, name + " params", Unit.COUNT, matched.stream().map(g -> (Number) g.count().params()).toList()));
                addIfAnyNonZero(new Row(BLOCK, name + " MACs", Unit.COUNT, matched.stream().map(g -> (Number) g.count().macs()).toList()));
            }
        }
    }

    private void total(String name, ToLongFunction<Analyses> metric) {
        rows.add(new Row(TOTAL, name, Unit.COUNT, subjects.stream().map(s -> (Number) metric.applyAsLong(s.analyses())).toList()));
    }

    private void design(String name, Unit unit, Function<Analyses, Number> metric) {
        List<Number> values = new ArrayList<>();
        subjects.forEach(s -> values.add(metric.apply(s.analyses())));
        if (values.stream().anyMatch(v -> v != null)) {
            rows.add(new Row(DESIGN, name, unit, values));
        }
    }

    private void grouped(String section, String name, ToLongFunction<Analyses> metric) {
        addIfAnyNonZero(new Row(section, name, Unit.COUNT, subjects.stream().map(s -> (Number) metric.applyAsLong(s.analyses())).toList()));
    }

    private void addIfAnyNonZero(Row row) {
        if (row.values().stream().anyMatch(v -> v.longValue() != 0)) {
            rows.add(row);
        }
    }

    private static long ofGroup(Analyses a, String op, ToLongFunction<LayerCount> metric) {
        return a.costs().rollup(Grouping.OP).stream().filter(g -> g.name().equals(op)).mapToLong(g -> metric.applyAsLong(g.count()))
                .sum();
    }

    /** The counts of the convolutions of one form; forms are a report's grouping, so the nodes' counts are summed here. */
    private static long ofForm(Analyses a, Predicate<Node> isForm, ToLongFunction<LayerCount> metric) {
        return a.network().nodes().stream().filter(isForm).mapToLong(n -> metric.applyAsLong(a.costs().of(n))).sum();
    }

    private static Optional<ReceptiveField.Field> outputField(Analyses a) {
        return a.receptiveField().field(a.network().outputs().get(0));
    }

    /** The lowest union coverage over the measured blocks (the block most prone to gridding); null when none. */
    private static Number lowestUnionCoverage(Analyses a) {
        return a.gridding().blocks().stream().map(Gridding.Block::coverage).filter(c -> c != null)
                .min(Comparable::compareTo).map(c -> (Number) c.doubleValue()).orElse(null);
    }

    /** The lowest coverage of a single channel group over the measured blocks; null when none. */
    private static Number sparsestGroupCoverage(Analyses a) {
        return a.gridding().blocks().stream().filter(b -> b.footprint() != null)
                .flatMap(b -> b.footprint().groups().stream()).map(NodeFootprint.Group::coverage).filter(c -> c != null)
                .min(Comparable::compareTo).map(c -> (Number) c.doubleValue()).orElse(null);
    }

    public List<Subject> subjects() {
        return subjects;
    }

    public List<Row> rows() {
        return Collections.unmodifiableList(rows);
    }

    /** The row of a section by name, if present. */
    public Optional<Row> row(String section, String name) {
        return rows.stream().filter(r -> r.section().equals(section) && r.name().equals(name)).findFirst();
    }

    /** Whether every subject runs on the same input shapes. */
    public boolean sameInputs() {
        return subjects.stream().map(Subject::inputs).distinct().count() == 1;
    }

    /** The caveat every format shows when the subjects run on different inputs. */
    public Optional<String> inputCaveat() {
        if (sameInputs()) {
            return Optional.empty();
        }
        return Optional.of("the subjects run on different inputs (" + subjects.stream().map(s -> s.label() + " " + s.inputs())
                .collect(Collectors.joining("; ")) + "): MACs, memory and receptive fields are not on equal terms; "
                + "give one input (--input) to compare them");
    }

    public Table table() {
        return table(false);
    }

    private Table table(boolean withWarningRow) {
        List<String> headers = new ArrayList<>(List.of("section", "quantity"));
        for (int i = 0; i < subjects.size(); i++) {
            headers.add(">" + subjects.get(i).label());
            if (i > 0) {
                headers.add(">x " + subjects.get(0).label());
            }
        }
        Table t = new Table(headers.toArray(String[]::new));
        if (withWarningRow) {
            inputCaveat().ifPresent(c -> {
                List<Object> cells = new ArrayList<>(List.of("warning", c));
                while (cells.size() < headers.size()) {
                    cells.add("");
                }
                t.row(cells.toArray());
            });
        }
        shapeRow(t, "input", Subject::inputs);
        shapeRow(t, "output", Subject::outputs);
        for (Row r : rows) {
            List<Object> cells = new ArrayList<>(List.of(r.section(), r.name()));
            for (int i = 0; i < subjects.size(); i++) {
                cells.add(r.unit() == Unit.COUNT && r.values().get(i) != null ? (Object) r.values().get(i).longValue() : r.shown(i));
                if (i > 0) {
                    cells.add(ratioText(r.ratio(i)));
                }
            }
            t.row(cells.toArray());
        }
        return t;
    }

    /** A row of shapes; its ratio cells say whether each subject's shape differs from the first's. */
    private void shapeRow(Table t, String name, Function<Subject, String> shape) {
        List<Object> cells = new ArrayList<>(List.of("shape", name));
        for (int i = 0; i < subjects.size(); i++) {
            cells.add(shape.apply(subjects.get(i)));
            if (i > 0) {
                cells.add(shape.apply(subjects.get(i)).equals(shape.apply(subjects.get(0))) ? "same" : "differs");
            }
        }
        t.row(cells.toArray());
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

    /** Subjects with their files and shapes, the caveat when inputs differ, the verdict, then the table. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Subject s : subjects) {
            sb.append(s.label()).append(": ").append(s.analyses().network().name()).append(" (")
                    .append(s.analyses().network().file().getFileName()).append("), input ").append(s.inputs())
                    .append(", output ").append(s.outputs()).append(", profile ")
                    .append(s.analyses().costs().profile().id()).append('\n');
        }
        inputCaveat().ifPresent(c -> sb.append("\nWARNING: ").append(c).append('\n'));
        return sb.append('\n').append(new Verdict(this).text()).append('\n').append(table().text()).toString();
    }

    /** The profile line, the caveat, the verdict and the table. */
    public String markdown() {
        Profile p = profile();
        StringBuilder sb = new StringBuilder("Profile `").append(p.id()).append("`: ").append(p.description()).append("\n\n");
        inputCaveat().ifPresent(c -> sb.append("> **Warning:** ").append(c).append("\n\n"));
        return sb.append(new Verdict(this).markdown()).append('\n').append(table().markdown()).toString();
    }

    /**
     * The table with the profile on every row, so the file says which convention its MACs follow;
     * the caveat, when inputs differ, is a first row of section "warning".
     */
    public String csv() {
        return table(true).withLeadingColumn("profile", profile().id()).csv();
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
            shapes(o.putArray("inputs"), s.analyses().network().inputs());
            shapes(o.putArray("outputs"), s.analyses().network().outputs());
        }
        root.put("sameInputs", sameInputs());
        inputCaveat().ifPresentOrElse(c -> root.put("warning", c), () -> root.putNull("warning"));
        root.set("verdict", new Verdict(this).json());
        ArrayNode rowsJson = root.putArray("rows");
        for (Row r : rows) {
            ObjectNode o = rowsJson.addObject();
            o.put("section", r.section());
            o.put("quantity", r.name());
            ArrayNode values = o.putArray("values");
            for (Number v : r.values()) {
                if (v == null) {
                    values.addNull();
                } else if (r.unit() == Unit.SHARE) {
                    values.add(v.doubleValue());
                } else {
                    values.add(v.longValue());
                }
            }
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

    private static void shapes(ArrayNode array, List<Node> nodes) {
        for (Node n : nodes) {
            ObjectNode o = array.addObject();
            o.put("name", n.name());
            ArrayNode dims = o.putArray("shape");
            n.shape().toList().forEach(dims::add);
        }
    }
}
