package org.netspec.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.SeriesRenderingOrder;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.netspec.sweep.Objective;
import org.netspec.sweep.Outcome;
import org.netspec.sweep.ResultCodec;
import org.netspec.sweep.SweepResult;

/**
 * The HTML page of a sweep: the Pareto front over each pair of objectives with the rejected
 * variants shaded, the empirical distribution (CDF) of each objective over the passing variants,
 * as pycls reads design spaces, and the front as a table. Every chart also as PNG and SVG.
 */
public final class SweepReport {
    private static final Color REJECTED = new Color(0xBBBBBB);
    private static final Color PASSED = new Color(0x56B4E9);
    private static final Color FRONT = new Color(0xD55E00);

    private final SweepResult result;
    private final String command;

    public SweepReport(SweepResult result, String command) {
        this.result = result;
        this.command = command;
    }

    /** index.html and charts/NAME.png and .svg, by relative path. */
    public Map<String, byte[]> files() {
        List<Objective> objectives = result.manifest().objectives();
        List<ChartImage> charts = new ArrayList<>();
        for (int i = 0; i < objectives.size(); i++) {
            for (int j = i + 1; j < objectives.size(); j++) {
                charts.add(front(objectives.get(i), objectives.get(j)));
            }
        }
        objectives.forEach(o -> charts.add(distribution(o)));
        Map<String, byte[]> files = new LinkedHashMap<>();
        StringBuilder figures = new StringBuilder();
        for (ChartImage c : charts) {
            String svg = c.svg();
            files.put("charts/" + c.name() + ".svg", svg.getBytes(StandardCharsets.UTF_8));
            files.put("charts/" + c.name() + ".png", c.png());
            figures.append("<figure>\n").append(InlineSvg.of(svg, c.name(), "chart")).append("<figcaption>")
                    .append(Html.escape(c.caption())).append("</figcaption>\n</figure>\n");
        }
        files.put("index.html", html(figures.toString()).getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private ChartImage front(Objective x, Objective y) {
        XYSeries rejected = new XYSeries("rejected", false, true);
        XYSeries passed = new XYSeries("passed", false, true);
        XYSeries front = new XYSeries("Pareto front", true, true);
        for (Outcome o : result.outcomes()) {
            Double a = o.figures().get(x.figure().label());
            Double b = o.figures().get(y.figure().label());
            if (a != null && b != null) {
                (o.passed() ? passed : rejected).add(a, b);
            }
        }
        List<Outcome> best = result.front();
        best.forEach(o -> front.add(o.figures().get(x.figure().label()), o.figures().get(y.figure().label())));
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(rejected);
        data.addSeries(passed);
        data.addSeries(front);
        JFreeChart chart = ChartFactory.createScatterPlot(result.manifest().name() + ": " + x.figure().label() + " vs "
                + y.figure().label(), x.label(), y.label(), data, PlotOrientation.VERTICAL, true, false, false);
        Charts.style(chart);
        XYPlot plot = chart.getXYPlot();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(false, true);
        Ellipse2D dot = new Ellipse2D.Double(-3, -3, 6, 6);
        Color[] colours = {REJECTED, PASSED, FRONT};
        for (int s = 0; s < 3; s++) {
            r.setSeriesPaint(s, colours[s]);
            r.setSeriesShape(s, dot);
        }
        r.setSeriesShape(2, new Ellipse2D.Double(-4.5, -4.5, 9, 9));
        r.setSeriesLinesVisible(2, true);
        r.setSeriesStroke(2, new BasicStroke(1.5f));
        plot.setRenderer(r);
        // XYPlot draws the last series first by default, which hid the front under the passed points
        plot.setSeriesRenderingOrder(SeriesRenderingOrder.FORWARD);
        plot.setBackgroundPaint(Color.WHITE);
        chart.setBackgroundPaint(Color.WHITE);
        return new ChartImage("front-" + Charts.slug(x.figure().label() + "-" + y.figure().label()),
                "Every variant that built, by " + x.figure().label() + " and " + y.figure().label() + ": grey were rejected by a "
                        + "constraint, blue passed, orange (joined) is the Pareto front of all the objectives ("
                        + best.size() + " variants).", chart, 760, 480);
    }

    private ChartImage distribution(Objective o) {
        double[] values = result.distribution(o.figure().label());
        XYSeries cdf = new XYSeries(o.figure().label(), true, true);
        for (int i = 0; i < values.length; i++) {
            cdf.add(values[i], (i + 1.0) / values.length);
        }
        JFreeChart chart = ChartFactory.createXYStepChart(result.manifest().name() + ": distribution of " + o.figure().label(),
                o.figure().label(), "cumulative share of passing variants", new XYSeriesCollection(cdf), PlotOrientation.VERTICAL,
                false, false, false);
        // the factory's step chart reads x as dates; a figure's distribution needs a number axis
        NumberAxis axis = new NumberAxis(o.figure().label());
        axis.setAutoRangeIncludesZero(false);
        chart.getXYPlot().setDomainAxis(axis);
        Charts.style(chart);
        chart.getXYPlot().getRenderer().setSeriesPaint(0, PASSED);
        chart.getXYPlot().setBackgroundPaint(Color.WHITE);
        chart.setBackgroundPaint(Color.WHITE);
        return new ChartImage("cdf-" + Charts.slug(o.figure().label()), "Empirical distribution of " + o.figure().label()
                + " over the " + values.length + " variants that passed every constraint: the share at or below each value "
                + "(pycls-style; a curve further " + (o.maximise() ? "right" : "left") + " is a better design space).",
                chart, 760, 400);
    }

    /** A figure for a reader: whole numbers grouped, others to four significant digits (the JSON keeps every digit). */
    public static String shown(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Numbers.grouped((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    private String html(String figures) {
        SweepResult.Manifest m = result.manifest();
        String title = "Sweep " + m.name();
        StringBuilder b = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Html.escape(title)).append("</title>\n<style>\nbody { font-family: \"DejaVu Sans\", Arial, sans-serif; "
                        + "margin: 2em auto; max-width: 1100px; padding: 0 1em; color: #222; }\n"
                        + "table { border-collapse: collapse; } td, th { padding: 2px 8px; border-bottom: 1px solid #ddd; "
                        + "text-align: right; }\nfigure { margin: 1em 0; }\n</style>\n</head>\n<body>\n<h1>")
                .append(Html.escape(title)).append("</h1>\n<section class=\"sweep-summary\">\n<p>")
                .append(result.outcomes().size()).append(" of ").append(m.variants()).append(" variants evaluated, ")
                .append(result.passed()).append(" passed every constraint, ").append(result.errors()).append(" did not build.</p>\n");
        if (!result.rejected().isEmpty()) {
            b.append("<table>\n<tr><th>constraint (in check order)</th><th>rejected first</th></tr>\n");
            result.rejected().forEach((c, n) -> b.append("<tr><td>").append(Html.escape(c)).append("</td><td>").append(n)
                    .append("</td></tr>\n"));
            b.append("</table>\n");
        }
        b.append("</section>\n<section class=\"sweep-front\">\n<h2>Pareto front</h2>\n<table>\n<tr><th>variant</th>");
        m.params().forEach(p -> b.append("<th>").append(Html.escape(p)).append("</th>"));
        m.objectives().forEach(o -> b.append("<th>").append(Html.escape(o.label())).append("</th>"));
        b.append("</tr>\n");
        for (Outcome o : result.front()) {
            b.append("<tr><td>").append(o.index()).append("</td>");
            m.params().forEach(p -> b.append("<td>").append(Html.escape(ResultCodec.value(o.values().get(p)))).append("</td>"));
            m.objectives().forEach(ob -> b.append("<td>").append(shown(o.figures().get(ob.figure().label())))
                    .append("</td>"));
            b.append("</tr>\n");
        }
        b.append("</table>\n</section>\n<section class=\"sweep-charts\">\n<h2>Charts</h2>\n").append(figures)
                .append("</section>\n<footer>Generated by <code>").append(Html.escape(command)).append("</code></footer>\n</body>\n</html>\n");
        return b.toString();
    }
}
