package org.netspec.report;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.netspec.analysis.ActivationMemory;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.gridding.Footprint;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.LayerCount;

/**
 * The design-review page: a summary of every network, the comparison when there are several,
 * per-stage tables, every chart and every warning, in one self-contained HTML file (charts
 * inline as SVG, so points name themselves on hover; styles inline: it opens from disk with no
 * network). The charts are also returned as files (PNG and SVG) for slides.
 */
public final class DesignReview {
    /** One network of the review: its label, its analyses and the spec's own warnings. */
    public record Entry(String label, Analyses analyses, List<String> specWarnings) {
    }

    /** A top-level section of the page: its anchor, its heading (also its line in the contents) and its body. */
    private record Part(String id, String title, String html) {
    }

    private final List<Entry> entries;
    private final String command;

    /**
     * @param command the command line that produced the review, shown at the bottom of the page
     */
    public DesignReview(List<Entry> entries, String command) {
        this.entries = List.copyOf(entries);
        this.command = command;
    }

    /** Gridding heatmaps per network: the first blocks with a distinct footprint, enough to see the pattern. */
    private static final int GRIDDING_CHARTS = 3;

    private static List<ChartImage> chartsOf(Entry e) {
        Analyses a = e.analyses();
        String label = e.label();
        List<ChartImage> charts = new ArrayList<>(List.of(Charts.blockBars(a, Charts.Metric.PARAMS, label),
                Charts.blockBars(a, Charts.Metric.MACS, label), Charts.blockBars(a, Charts.Metric.MEMORY_ACCESS, label),
                Charts.roofline(a, label), Charts.receptiveFieldGrowth(a, label)));
        Set<Footprint> seen = new HashSet<>();
        for (Gridding.Block b : a.gridding().blocks()) {
            if (charts.size() >= 5 + GRIDDING_CHARTS) {
                break;
            }
            if (b.footprint() != null && !b.footprint().union(0, 0).isEmpty() && seen.add(b.footprint().union(0, 0))) {
                charts.add(Charts.gridding(label, b));
            }
        }
        if (a.latency().isPresent()) {
            charts.add(Charts.blockBars(a, Charts.Metric.LATENCY, label));
        }
        return charts;
    }

    /**
     * The files of the review: index.html and charts/NAME.png and .svg, by relative path. Each
     * chart is built and rendered once; the page embeds the same SVG the file holds.
     */
    public Map<String, byte[]> files() {
        Optional<ChartImage> comparison = entries.size() > 1 ? Optional.of(Charts.comparison(
                entries.stream().map(Entry::analyses).toList(), entries.stream().map(Entry::label).toList()))
                : Optional.empty();
        List<List<ChartImage>> perEntry = entries.stream().map(DesignReview::chartsOf).toList();
        Map<String, byte[]> files = new LinkedHashMap<>();
        Map<String, String> svgs = new LinkedHashMap<>();
        List<ChartImage> all = new ArrayList<>();
        comparison.ifPresent(all::add);
        perEntry.forEach(all::addAll);
        for (ChartImage chart : all) {
            String svg = chart.svg();
            svgs.put(chart.name(), svg);
            files.put("charts/" + chart.name() + ".svg", svg.getBytes(StandardCharsets.UTF_8));
            files.put("charts/" + chart.name() + ".png", chart.png());
        }
        files.put("index.html", html(comparison, perEntry, svgs).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private String html(Optional<ChartImage> comparisonChart, List<List<ChartImage>> perEntry, Map<String, String> svgs) {
        StringBuilder sb = new StringBuilder();
        String title = "Design review: " + entries.stream().map(Entry::label).collect(Collectors.joining(" vs "));
        sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\n").append(STYLE).append("</style>\n</head>\n<body>\n");
        sb.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        sb.append("<p class=\"lede\">Exact counts and design analyses by netspec, from the specs alone. MACs are ")
                .append("multiply-accumulates under the <code>").append(Html.escape(entries.get(0).analyses().costs().profile().id()))
                .append("</code> profile (").append(Html.escape(entries.get(0).analyses().costs().profile().description()))
                .append("); memory access counts elements read, written and ")
                .append("weights (ShuffleNet V2's definition); memory sizes are at ")
                .append(entries.get(0).analyses().memory().elementBytes()).append(" bytes per element.</p>\n");
        Comparison comparison = new Comparison(entries.stream().map(e -> new Comparison.Subject(e.label(), e.analyses())).toList());
        comparison.inputCaveat().ifPresent(c -> sb.append("<p class=\"caveat\"><strong>Caveat:</strong> ").append(Html.escape(c))
                .append(".</p>\n"));
        List<Part> parts = new ArrayList<>();
        parts.add(new Part("verdict", "Verdict", new Verdict(comparison).html()));
        parts.add(new Part("summary", "Summary", summary().html("summary")));
        if (entries.size() > 1) {
            parts.add(new Part("comparison", "Comparison", figure(comparisonChart.orElseThrow(), svgs) + comparison.table().html("comparison")));
        }
        for (int i = 0; i < entries.size(); i++) {
            parts.add(new Part(Charts.slug(entries.get(i).label()), entries.get(i).label(), section(entries.get(i), perEntry.get(i), svgs)));
        }
        sb.append("<nav class=\"toc\">\n<h2 id=\"contents\">Contents</h2>\n<ol>\n");
        parts.forEach(p -> sb.append("<li><a href=\"#").append(Html.escape(p.id())).append("\">").append(Html.escape(p.title()))
                .append("</a></li>\n"));
        sb.append("</ol>\n</nav>\n");
        for (Part p : parts) {
            sb.append("<section>\n<h2 id=\"").append(Html.escape(p.id())).append("\">").append(Html.escape(p.title()))
                    .append("</h2>\n").append(p.html()).append("</section>\n");
        }
        sb.append("<footer>Generated by <code>").append(Html.escape(command)).append("</code></footer>\n</body>\n</html>\n");
        return sb.toString();
    }

    private Table summary() {
        Table t = new Table("network", "input", "output", ">params", ">MACs", ">memory access", ">access per MAC",
                ">peak activations", ">weights", ">review warnings");
        for (Entry e : entries) {
            Analyses a = e.analyses();
            LayerCount c = a.costs().total();
            long access = a.access().total().total();
            t.row(e.label(), a.network().inputs().stream().map(n -> n.shape().toString()).collect(Collectors.joining(", ")),
                    a.network().outputs().stream().map(n -> n.shape().toString()).collect(Collectors.joining(", ")),
                    Numbers.grouped(c.params()), Numbers.compact(c.macs()), Numbers.compact(access),
                    c.macs() == 0 ? "-" : String.format(Locale.ROOT, "%.3f", (double) access / c.macs()),
                    Numbers.bytes(a.memory().best().peakBytes()), Numbers.bytes(a.memory().weightBytes()),
                    Integer.toString(ReviewWarnings.of(a).size()));
        }
        return t;
    }

    private static List<String> warnings(Entry e) {
        List<String> all = new ArrayList<>(e.specWarnings());
        ReviewWarnings.grouped(e.analyses()).forEach(line -> all.add(line.toString()));
        return all;
    }

    private String section(Entry e, List<ChartImage> charts, Map<String, String> svgs) {
        Analyses a = e.analyses();
        ActivationMemory memory = a.memory();
        StringBuilder sb = new StringBuilder();
        sb.append("<p>").append(Html.escape(a.network().file().getFileName().toString())).append(": input ")
                .append(Html.escape(a.network().inputs().stream().map(n -> n.name() + " " + n.shape())
                        .collect(Collectors.joining(", "))))
                .append("; ").append(a.network().nodes().size()).append(" nodes. Peak activation memory ")
                .append(Numbers.bytes(memory.declared().peakBytes())).append(" at <code>")
                .append(Html.escape(memory.declared().peakNode().name())).append("</code> in declaration order");
        if (memory.best() != memory.declared()) {
            sb.append(", ").append(Numbers.bytes(memory.best().peakBytes())).append(" in ").append(Html.escape(memory.best().name()))
                    .append(" order");
        }
        sb.append(".</p>\n");
        for (ChartImage chart : charts) {
            sb.append(figure(chart, svgs));
        }
        // The block graph, drawn by Graphviz when it is installed; inline, so it is no chart file.
        // A deep network's graph is taller than a screen: it scrolls in its own box, the caption stays in view.
        GraphExport.blockGraphSvg(a).ifPresent(svg -> sb.append("<h3>Blocks</h3>\n<figure class=\"graph\">")
                .append("<div class=\"scroll\">")
                .append(InlineSvg.of(svg, "graph-" + Charts.slug(e.label()), "graph")).append("</div>")
                .append("<figcaption>Every block of the network file as one node, with its output shape and summed "
                        + "cost (<code>analyzer graph --depth 0</code>).</figcaption></figure>\n"));
        NetworkReport report = new NetworkReport(a, e.specWarnings());
        sb.append("<h3>By stage</h3>\n").append(report.table(Grouping.STAGE).html("stages"));
        List<String> warnings = warnings(e);
        sb.append("<h3>Warnings</h3>\n");
        if (warnings.isEmpty()) {
            sb.append("<p>None.</p>\n");
        } else {
            sb.append("<ul class=\"warnings\">\n");
            warnings.forEach(w -> sb.append("<li>").append(Html.escape(w)).append("</li>\n"));
            sb.append("</ul>\n");
        }
        return sb.toString();
    }

    /** A chart inline, so its points' hover names show, with ids prefixed by its (unique) file name. */
    private static String figure(ChartImage chart, Map<String, String> svgs) {
        return "<figure>" + InlineSvg.of(svgs.get(chart.name()), chart.name(), "chart") + "<figcaption>"
                + Html.escape(chart.caption()) + "</figcaption></figure>\n";
    }

    private static final String STYLE = """
            body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; margin: 2em auto; max-width: 1100px;
                   color: #222; line-height: 1.45; padding: 0 1em; }
            h1 { font-size: 1.7em; margin-bottom: 0.2em; }
            h2 { border-bottom: 2px solid #0072B2; padding-bottom: 0.2em; margin-top: 2em; }
            .lede { color: #555; }
            table { border-collapse: collapse; margin: 1em 0; font-size: 0.88em; display: block; overflow-x: auto; }
            th, td { padding: 0.3em 0.7em; border-bottom: 1px solid #ddd; text-align: left; }
            th { background: #f2f5f8; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
            td.num { white-space: nowrap; }
            th { vertical-align: bottom; }
            td:first-child { white-space: nowrap; }
            tr.total td { font-weight: bold; border-top: 2px solid #999; }
            figure { margin: 1.5em 0; }
            svg.chart { max-width: 100%; height: auto; border: 1px solid #eee; }
            svg.graph { max-width: 100%; height: auto; }
            figure.graph div.scroll { max-height: 85vh; overflow: auto; border: 1px solid #eee; }
            figcaption { color: #555; font-size: 0.9em; }
            p.caveat { border: 2px solid #D55E00; background: #fdf0e6; padding: 0.6em 0.9em; font-size: 1.05em; }
            nav.toc ol { columns: 2; }
            .verdict li { margin: 0.3em 0; }
            ul.warnings li { margin: 0.2em 0; font-size: 0.9em; }
            code { background: #f4f4f4; padding: 0 0.2em; }
            footer { margin-top: 3em; color: #777; font-size: 0.85em; }
            """;
}
