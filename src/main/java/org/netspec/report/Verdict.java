package org.netspec.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.analysis.latency.Latency;
import org.netspec.device.KernelClass;

/**
 * The written summary at the top of a review, from a {@link Comparison}'s numbers: for each subject
 * against the first ("from the first to it", values in that order), what is smaller or larger and by how much (parameters, MACs, memory access,
 * peak activations), the operators, forms of convolution and shared blocks that account for most
 * of the difference, and what the receptive field and gridding coverage become. With one subject,
 * the same facts about it alone. Words only: every number is a row of the comparison.
 */
public final class Verdict {
    /** Ratios within this of 1 read as "the same". */
    private static final double SAME = 0.005;
    /** Contributors named for a difference: enough to explain most of it, few enough to read. */
    private static final int CONTRIBUTORS = 3;
    private static final int FORMS = 4;

    /**
     * One paragraph: a subject, measured against the first (null for the first of a single-subject
     * review), with its sentences and the totals they state.
     */
    public record Paragraph(String subject, String against, String heading, List<String> sentences, List<Change> changes) {
    }

    /** A total of the subject against the first's: {@code value / reference = ratio}. */
    public record Change(String quantity, Number reference, Number value, double ratio) {
    }

    private final Comparison comparison;
    private final List<Paragraph> paragraphs = new ArrayList<>();

    public Verdict(Comparison comparison) {
        this.comparison = comparison;
        List<Comparison.Subject> subjects = comparison.subjects();
        if (subjects.size() == 1) {
            paragraphs.add(alone());
        }
        for (int i = 1; i < subjects.size(); i++) {
            paragraphs.add(against(i));
        }
    }

    public List<Paragraph> paragraphs() {
        return List.copyOf(paragraphs);
    }

    private Paragraph against(int i) {
        Comparison.Subject first = comparison.subjects().get(0);
        Comparison.Subject subject = comparison.subjects().get(i);
        String heading = "From " + first.label() + " to " + subject.label() + (first.inputs().equals(subject.inputs())
                ? " (both on input " + first.inputs() + ")"
                : " (on different inputs: " + first.inputs() + " vs " + subject.inputs() + ")");
        List<String> sentences = new ArrayList<>();
        List<Change> changes = new ArrayList<>();
        List<String> totals = new ArrayList<>();
        totalChange(Comparison.PARAMS, "parameters", "fewer", "more", Numbers::grouped, i, totals, changes);
        totalChange(Comparison.MACS, "MACs", "fewer", "more", Numbers::grouped, i, totals, changes);
        totalChange(Comparison.ACCESS, "memory access", "less", "more", v -> Numbers.compact(v) + " elements", i, totals, changes);
        totalChange(Comparison.PEAK, "peak activations", "smaller", "larger", Numbers::bytes, i, totals, changes);
        sentences.add(capitalised(joined(totals)) + ".");
        where("params", "Parameters", "weights", i).ifPresent(sentences::add);
        where("MACs", "MACs", "MACs", i).ifPresent(sentences::add);
        blocks(i).ifPresent(sentences::add);
        field(i).ifPresent(sentences::add);
        gridding(i).ifPresent(sentences::add);
        comparison.row(Comparison.DESIGN, Comparison.WARNINGS).ifPresent(r -> sentences.add("Review warnings: "
                + r.shown(0) + " vs " + r.shown(i) + "."));
        latency(first, subject).ifPresent(sentences::add);
        return new Paragraph(subject.label(), first.label(), heading, sentences, changes);
    }

    /**
     * "Estimated time on PROFILE (1 thread; an estimate from the device profile, not a measurement):
     * 1.250 ms vs 500.0 us, 2.50x less; most of the difference is in dense_conv (1.000 ms vs 100.0 us)."
     */
    private static Optional<String> latency(Comparison.Subject first, Comparison.Subject subject) {
        Optional<Latency> a = first.analyses().latency();
        Optional<Latency> b = subject.analyses().latency();
        if (a.isEmpty() || b.isEmpty()) {
            return Optional.empty();
        }
        double from = a.get().total();
        double to = b.get().total();
        StringBuilder sb = new StringBuilder(estimatedOn(a.get())).append(": ").append(ms(from)).append(" vs ").append(ms(to));
        if (from > 0 && Math.abs(to / from - 1) >= SAME) {
            sb.append(", ").append(factor(to / from)).append(to < from ? " less" : " more");
        }
        Map<KernelClass, Double> before = a.get().byClass();
        Map<KernelClass, Double> after = b.get().byClass();
        KernelClass most = Collections.max(List.of(KernelClass.values()), Comparator.comparingDouble(
                k -> Math.abs(after.get(k) - before.get(k))));
        if (after.get(most) != before.get(most).doubleValue()) {
            sb.append("; most of the difference is in ").append(most.key()).append(" (").append(ms(before.get(most)))
                    .append(" vs ").append(ms(after.get(most))).append(')');
        }
        return Optional.of(sb.append('.').toString());
    }

    /** "Estimated time on PROFILE (an estimate ...): 1.250 ms; most of it in dense_conv (80.0 %)." */
    private static Optional<String> latency(Comparison.Subject s) {
        return s.analyses().latency().map(l -> {
            Map<KernelClass, Double> byClass = l.byClass();
            KernelClass most = Collections.max(List.of(KernelClass.values()), Comparator.comparingDouble(byClass::get));
            return estimatedOn(l) + ": " + ms(l.total()) + (l.total() == 0 ? "" : "; most of it in " + most.key()
                    + " (" + percent(byClass.get(most) / l.total()) + ")") + ".";
        });
    }

    private static String estimatedOn(Latency l) {
        return "Estimated time on " + l.device().name() + " (" + l.device().threads() + " thread"
                + (l.device().threads() == 1 ? "" : "s") + "; an estimate from the device profile, not a measurement)";
    }

    /** "12.5 us" below a millisecond, "1.250 ms" from one. */
    private static String ms(double seconds) {
        return seconds < 1e-3 ? String.format(Locale.ROOT, "%.1f us", seconds * 1e6)
                : String.format(Locale.ROOT, "%.3f ms", seconds * 1e3);
    }

    /** "6.64x fewer parameters (144,720 vs 21,780)", or "the same MACs (4.92 M)". */
    private void totalChange(String row, String noun, String fewer, String more, LongFunction<String> shown, int i,
            List<String> phrases, List<Change> changes) {
        Comparison.Row r = comparison.row(Comparison.TOTAL, row).orElseThrow();
        long reference = r.values().get(0).longValue();
        long value = r.values().get(i).longValue();
        double ratio = r.ratio(i);
        changes.add(new Change(row, reference, value, ratio));
        String both = " (" + shown.apply(reference) + " vs " + shown.apply(value) + ")";
        if (Double.isNaN(ratio)) {
            phrases.add(noun + both);
        } else if (Math.abs(ratio - 1) < SAME) {
            phrases.add("the same " + noun + " (" + shown.apply(value) + ")");
        } else {
            phrases.add(factor(ratio) + " " + (ratio < 1 ? fewer : more) + " " + noun + both);
        }
    }

    /**
     * The operators that account for most of a total's difference, and for convolutions their
     * forms: "Parameters: most of the difference is in conv (144,000 vs 20,160 conv weights, 7.14x
     * fewer): dense 3x3 conv 129,600 vs 0, ...".
     */
    private Optional<String> where(String suffix, String title, String unit, int i) {
        List<Comparison.Row> ops = contributors(Comparison.OPERATOR, " " + suffix, i, CONTRIBUTORS);
        if (ops.isEmpty()) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        for (Comparison.Row r : ops) {
            String op = r.name().substring(0, r.name().length() - suffix.length() - 1);
            StringBuilder part = new StringBuilder(op).append(" (").append(r.shown(0)).append(" vs ").append(r.shown(i))
                    .append(' ').append(op).append(' ').append(unit);
            double ratio = r.ratio(i);
            if (!Double.isNaN(ratio) && ratio != 0 && Math.abs(ratio - 1) >= SAME) {
                part.append(", ").append(factor(ratio)).append(ratio < 1 ? " fewer" : " more");
            }
            part.append(')');
            List<Comparison.Row> forms = contributors(Comparison.FORM, " " + op + " " + suffix, i, FORMS);
            if (!forms.isEmpty()) {
                part.append(", by form: ").append(String.join(", ", forms.stream().map(f -> f.name()
                        .substring(0, f.name().length() - suffix.length() - 1) + " " + f.shown(0) + " vs " + f.shown(i)).toList()));
            }
            parts.add(part.toString());
        }
        return Optional.of(title + ": most of the difference is in " + String.join("; then ", parts) + ".");
    }

    /** The rows of a section whose names end so, whose values differ most, largest difference first. */
    private List<Comparison.Row> contributors(String section, String ending, int i, int limit) {
        return comparison.rows().stream().filter(r -> r.section().equals(section) && r.name().endsWith(ending))
                .filter(r -> difference(r, i) != 0)
                .sorted(Comparator.comparingLong((Comparison.Row r) -> Math.abs(difference(r, i))).reversed())
                .limit(limit).toList();
    }

    private static long difference(Comparison.Row r, int i) {
        return r.values().get(i).longValue() - r.values().get(0).longValue();
    }

    /** The shared blocks whose MACs differ most, or that the subjects share none. */
    private Optional<String> blocks(int i) {
        boolean anyShared = comparison.rows().stream().anyMatch(r -> r.section().equals(Comparison.BLOCK));
        if (!anyShared) {
            return Optional.of("They share no block (blocks are matched by kind and position).");
        }
        List<Comparison.Row> top = contributors(Comparison.BLOCK, " MACs", i, CONTRIBUTORS);
        if (top.isEmpty()) {
            top = contributors(Comparison.BLOCK, " params", i, CONTRIBUTORS);
        }
        if (top.isEmpty()) {
            return Optional.of("Their shared blocks cost the same.");
        }
        return Optional.of("Among shared blocks, the largest differences: " + String.join(", ", top.stream()
                .map(r -> r.name() + " " + r.shown(0) + " vs " + r.shown(i)).toList()) + ".");
    }

    /** The output's receptive field of both, and what the change means. */
    private Optional<String> field(int i) {
        Optional<Comparison.Row> h = comparison.row(Comparison.DESIGN, Comparison.FIELD_HEIGHT);
        Optional<Comparison.Row> w = comparison.row(Comparison.DESIGN, Comparison.FIELD_WIDTH);
        if (h.isEmpty() || w.isEmpty() || h.get().values().get(0) == null || h.get().values().get(i) == null) {
            return Optional.empty();
        }
        long area0 = h.get().values().get(0).longValue() * w.get().values().get(0).longValue();
        long area = h.get().values().get(i).longValue() * w.get().values().get(i).longValue();
        String consequence = area == area0 ? "the same context"
                : area < area0 ? "a smaller field: each output sees less context" : "a larger field: each output sees more context";
        return Optional.of("Receptive field at the output: " + fieldText(h.get(), w.get(), 0) + " vs "
                + fieldText(h.get(), w.get(), i) + " (" + consequence + ").");
    }

    private static String fieldText(Comparison.Row h, Comparison.Row w, int i) {
        return h.values().get(i).longValue() + "x" + w.values().get(i).longValue();
    }

    /** The lowest union and sparsest-group coverage of both, and which falls below the gridding threshold. */
    private Optional<String> gridding(int i) {
        Optional<Comparison.Row> union = comparison.row(Comparison.DESIGN, Comparison.UNION);
        if (union.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder sb = new StringBuilder("Gridding: lowest union coverage ").append(union.get().shown(0)).append(" vs ")
                .append(union.get().shown(i));
        comparison.row(Comparison.DESIGN, Comparison.SPARSEST).ifPresent(s -> sb.append(", sparsest channel group ")
                .append(s.shown(0)).append(" vs ").append(s.shown(i)));
        List<String> below = new ArrayList<>();
        for (int s : new int[] {0, i}) {
            Number v = union.get().values().get(s);
            if (v != null && v.doubleValue() < Gridding.WARNING_COVERAGE.doubleValue()) {
                below.add(comparison.subjects().get(s).label());
            }
        }
        if (!below.isEmpty()) {
            sb.append(" (").append(String.join(" and ", below)).append(below.size() == 1 ? " falls" : " fall")
                    .append(" below the ").append(percent(Gridding.WARNING_COVERAGE.doubleValue()))
                    .append(" gridding threshold: dilated branches leave holes in what the output sees)");
        }
        return Optional.of(sb.append('.').toString());
    }

    /** A single subject: its totals and where its parameters and MACs go. */
    private Paragraph alone() {
        Comparison.Subject s = comparison.subjects().get(0);
        List<String> sentences = new ArrayList<>();
        long params = value(Comparison.PARAMS);
        long macs = value(Comparison.MACS);
        long access = value(Comparison.ACCESS);
        sentences.add(s.label() + " on input " + s.inputs() + " (output " + s.outputs() + "): " + Numbers.grouped(params)
                + " parameters, " + Numbers.grouped(macs) + " MACs, " + Numbers.compact(access) + " elements of memory access"
                + (macs == 0 ? "" : String.format(Locale.ROOT, " (%.3f per MAC)", (double) access / macs))
                + ", peak activations " + Numbers.bytes(value(Comparison.PEAK)) + ".");
        share("params", "Parameters", params).ifPresent(sentences::add);
        share("MACs", "MACs", macs).ifPresent(sentences::add);
        Optional<Comparison.Row> h = comparison.row(Comparison.DESIGN, Comparison.FIELD_HEIGHT);
        Optional<Comparison.Row> w = comparison.row(Comparison.DESIGN, Comparison.FIELD_WIDTH);
        if (h.isPresent() && w.isPresent() && h.get().values().get(0) != null) {
            sentences.add("Receptive field at the output: " + fieldText(h.get(), w.get(), 0) + ".");
        }
        comparison.row(Comparison.DESIGN, Comparison.UNION).filter(r -> r.values().get(0) != null).ifPresent(u -> {
            String sparsest = comparison.row(Comparison.DESIGN, Comparison.SPARSEST).map(r -> ", sparsest channel group " + r.shown(0))
                    .orElse("");
            boolean below = u.values().get(0).doubleValue() < Gridding.WARNING_COVERAGE.doubleValue();
            sentences.add("Gridding: lowest union coverage " + u.shown(0) + sparsest + (below ? " (below the "
                    + percent(Gridding.WARNING_COVERAGE.doubleValue()) + " gridding threshold)" : "") + ".");
        });
        comparison.row(Comparison.DESIGN, Comparison.WARNINGS).ifPresent(r -> sentences.add("Review warnings: " + r.shown(0) + "."));
        latency(s).ifPresent(sentences::add);
        return new Paragraph(s.label(), null, s.label(), sentences, List.of());
    }

    private long value(String total) {
        return comparison.row(Comparison.TOTAL, total).orElseThrow().values().get(0).longValue();
    }

    /** The operators holding most of a single subject's total, with their shares. */
    private Optional<String> share(String suffix, String title, long whole) {
        if (whole == 0) {
            return Optional.empty();
        }
        List<Comparison.Row> top = comparison.rows().stream()
                .filter(r -> r.section().equals(Comparison.OPERATOR) && r.name().endsWith(" " + suffix))
                .sorted(Comparator.comparingLong((Comparison.Row r) -> r.values().get(0).longValue()).reversed())
                .limit(CONTRIBUTORS).filter(r -> r.values().get(0).longValue() != 0).toList();
        return Optional.of(title + ": " + String.join(", ", top.stream().map(r -> r.name().substring(0, r.name().length()
                - suffix.length() - 1) + " " + r.shown(0) + " ("
                + percent((double) r.values().get(0).longValue() / whole) + ")").toList()) + ".");
    }

    /** 0.14 -> "7.14x", 2.25 -> "2.25x": the factor by which a value differs, read either way. */
    private static String factor(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio < 1 ? 1 / ratio : ratio);
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * share);
    }

    private static String joined(List<String> phrases) {
        if (phrases.size() < 2) {
            return String.join("", phrases);
        }
        return String.join(", ", phrases.subList(0, phrases.size() - 1)) + " and " + phrases.get(phrases.size() - 1);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    public String text() {
        StringBuilder sb = new StringBuilder("Verdict\n");
        for (Paragraph p : paragraphs) {
            sb.append('\n').append(p.heading()).append(":\n");
            p.sentences().forEach(s -> sb.append("  - ").append(s).append('\n'));
        }
        return sb.toString();
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder("## Verdict\n");
        for (Paragraph p : paragraphs) {
            sb.append("\n**").append(p.heading()).append("**\n\n");
            p.sentences().forEach(s -> sb.append("- ").append(s).append('\n'));
        }
        return sb.toString();
    }

    public String html() {
        StringBuilder sb = new StringBuilder("<div class=\"verdict\">\n");
        for (Paragraph p : paragraphs) {
            sb.append("<h3>").append(Html.escape(p.heading())).append("</h3>\n<ul>\n");
            p.sentences().forEach(s -> sb.append("<li>").append(Html.escape(s)).append("</li>\n"));
            sb.append("</ul>\n");
        }
        return sb.append("</div>\n").toString();
    }

    /** The paragraphs as data: subject, reference, sentences and the totals with their ratios. */
    public ArrayNode json() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Paragraph p : paragraphs) {
            ObjectNode o = array.addObject();
            o.put("subject", p.subject());
            if (p.against() == null) {
                o.putNull("against");
            } else {
                o.put("against", p.against());
            }
            o.put("heading", p.heading());
            ArrayNode sentences = o.putArray("sentences");
            p.sentences().forEach(sentences::add);
            ArrayNode changes = o.putArray("changes");
            for (Change c : p.changes()) {
                ObjectNode change = changes.addObject();
                change.put("quantity", c.quantity());
                change.put("reference", c.reference().longValue());
                change.put("value", c.value().longValue());
                if (Double.isNaN(c.ratio())) {
                    change.putNull("ratio");
                } else {
                    change.put("ratio", c.ratio());
                }
            }
        }
        return array;
    }
}
