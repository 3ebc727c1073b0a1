package org.netspec.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Guidelines;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.spec.Frame;
import org.netspec.spec.SourceLocation;

/**
 * The design-review warnings of a network as text, one line each: gridding first, then the
 * ShuffleNet V2 guideline findings that cross their threshold. The analyses give the numbers;
 * the words are here, and so is the grouping of repeated findings into one located line.
 */
public final class ReviewWarnings {
    /** A subject's dot-separated component that is a repeat index: {@code level3.4.reduce}. */
    private static final Pattern INDEX = Pattern.compile("(?<=^|\\.)(\\d+)(?=\\.|$)");
    private static final String SUBJECT = "\u0000";

    private ReviewWarnings() {
    }

    /** A warning with the spec location of the layer or block it concerns. */
    public record Line(SourceLocation location, String text) {
        @Override
        public String toString() {
            return location + ": warning: " + text;
        }
    }

    /** One finding before grouping: its text with the subject cut out, its subject, and what it is. */
    private record Entry(String template, String subject, String kind, SourceLocation location) {
        String text(String shownSubject) {
            return template.replace(SUBJECT, shownSubject);
        }
    }

    /** Every warning, one line per finding, each with its location. */
    public static List<Line> located(Analyses analyses) {
        return entries(analyses).stream().map(e -> new Line(e.location(), e.text("`" + e.subject() + "`"))).toList();
    }

    /**
     * The warnings with repeated findings on one line: findings with the same words and numbers
     * whose subjects are the same thing repeated (blocks of one kind; layers whose names differ
     * only in an index) become {@code G1 x8 `level3.{0..7}.reduce`: ...}, located at the first.
     */
    public static List<Line> grouped(Analyses analyses) {
        Map<List<String>, List<Entry>> groups = new LinkedHashMap<>();
        for (Entry e : entries(analyses)) {
            groups.computeIfAbsent(List.of(e.template(), e.kind()), k -> new ArrayList<>()).add(e);
        }
        List<Line> out = new ArrayList<>();
        for (List<Entry> g : groups.values()) {
            Entry first = g.get(0);
            String subjects = compress(g.stream().map(Entry::subject).toList());
            String count = g.size() == 1 ? "" : " x" + g.size();
            String text = first.text(subjects);
            int space = text.indexOf(' ');
            out.add(new Line(first.location(), text.substring(0, space) + count + text.substring(space)));
        }
        return out;
    }

    private static List<Entry> entries(Analyses analyses) {
        Network net = analyses.network();
        List<Entry> out = new ArrayList<>();
        for (Gridding.Warning w : analyses.gridding().warnings()) {
            String text = gridding(new Gridding.Warning(SUBJECT, w.coverage(), w.rows(), w.cols(), w.lowestGroupCoverage()));
            out.add(blockEntry(net, text.replace("`" + SUBJECT + "`", SUBJECT), w.block()));
        }
        for (Guidelines.Finding f : analyses.guidelineWarnings()) {
            String text = guideline(new Guidelines.Finding(f.guideline(), SUBJECT, f.value(), f.warning(), f.inChannels(),
                    f.outChannels(), f.groups())).replace("`" + SUBJECT + "`", SUBJECT);
            Optional<Node> node = net.node(f.subject());
            if (node.isPresent()) {
                out.add(new Entry(text, f.subject(), "layer " + INDEX.matcher(f.subject()).replaceAll("#"),
                        node.get().location()));
            } else if (f.subject().equals(net.name())) {
                // The network as a whole: located where it begins, at its first input.
                out.add(new Entry(text, f.subject(), "network",
                        net.inputs().isEmpty() ? SourceLocation.ofFile(net.file()) : net.inputs().get(0).location()));
            } else {
                out.add(blockEntry(net, text, f.subject()));
            }
        }
        return out;
    }

    /** A block instance's finding, located where the instance is written, grouped with blocks of its kind. */
    private static Entry blockEntry(Network net, String template, String instance) {
        for (Node n : net.nodes()) {
            for (Frame f : n.chain()) {
                if (f.instance().equals(instance)) {
                    return new Entry(template, instance, "block " + f.block(), f.location());
                }
            }
        }
        return new Entry(template, instance, "instance " + instance, SourceLocation.ofFile(net.file()));
    }

    /**
     * Subjects as few patterns: those differing only in their last index share one, with the
     * indices as ranges ({@code level3.{0..7}}); the patterns in order of first appearance.
     */
    static String compress(List<String> subjects) {
        Map<String, TreeSet<Long>> patterns = new LinkedHashMap<>();
        for (String s : subjects) {
            Matcher m = INDEX.matcher(s);
            int start = -1;
            int end = -1;
            while (m.find()) {
                start = m.start();
                end = m.end();
            }
            if (start < 0) {
                patterns.put(s, null);
                continue;
            }
            String pattern = s.substring(0, start) + SUBJECT + s.substring(end);
            patterns.computeIfAbsent(pattern, k -> new TreeSet<>()).add(Long.parseLong(s.substring(start, end)));
        }
        List<String> shown = new ArrayList<>();
        patterns.forEach((pattern, indices) -> shown.add("`" + (indices == null ? pattern
                : pattern.replace(SUBJECT, indices.size() == 1 ? indices.first().toString() : "{" + ranges(indices) + "}")) + "`"));
        return String.join(", ", shown);
    }

    /** {@code 0..7}, or {@code 0..3,5} when indices are missing. */
    private static String ranges(TreeSet<Long> indices) {
        List<String> parts = new ArrayList<>();
        Long from = null;
        Long last = null;
        for (long i : indices) {
            if (last != null && i == last + 1) {
                last = i;
                continue;
            }
            if (from != null) {
                parts.add(from.equals(last) ? from.toString() : from + ".." + last);
            }
            from = i;
            last = i;
        }
        parts.add(from.equals(last) ? from.toString() : from + ".." + last);
        return String.join(",", parts);
    }

    public static List<String> of(Analyses analyses) {
        List<String> out = new ArrayList<>();
        analyses.gridding().warnings().forEach(w -> out.add(gridding(w)));
        analyses.guidelineWarnings().forEach(f -> out.add(guideline(f)));
        return out;
    }

    /** A block's gridding warning, as a reviewer reads it. */
    public static String gridding(Gridding.Warning w) {
        return "gridding " + GriddingText.warning(w);
    }

    /** A guideline finding with its number, as a reviewer reads it. */
    public static String guideline(Guidelines.Finding f) {
        return switch (f.guideline()) {
            case "G1" -> String.format(Locale.ROOT,
                    "G1 `%s`: 1x1 convolution %d -> %d channels accesses %.2fx the memory of equal widths with the same MACs",
                    f.subject(), f.inChannels(), f.outChannels(), f.value());
            case "G2" -> String.format(Locale.ROOT,
                    "G2 `%s`: %d groups; it accesses %.2fx the memory of a dense convolution with the same MACs",
                    f.subject(), f.groups(), f.value());
            case "G3" -> String.format(Locale.ROOT, "G3 `%s`: %d parallel branches (fragmentation lowers parallelism on GPUs)",
                    f.subject(), (long) f.value());
            case "G4" -> String.format(Locale.ROOT, "G4 `%s`: element-wise operators take %.1f%% of the memory access",
                    f.subject(), 100 * f.value());
            default -> throw new IllegalArgumentException("no message for guideline " + f.guideline());
        };
    }
}
