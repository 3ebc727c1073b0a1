package org.netspec.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.Range;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.netspec.analysis.Analyses;
import org.netspec.graph.Node;
import org.netspec.ops.Conv;

/**
 * The roofline-style scatter chart of a review: every convolution and linear layer by its memory
 * access and MACs on log axes, with the 1, 10 and 100 MACs-per-element diagonals, the layers with
 * the most MACs named on the chart and every layer named on hover.
 */
final class RooflineChart {
    private RooflineChart() {
    }

    /** The kinds of product layer in the roofline, each with its colour. */
    private static final Map<String, Color> PRODUCTS = new LinkedHashMap<>();

    static {
        PRODUCTS.put("dense convolution", new Color(0x0072B2));
        PRODUCTS.put("grouped convolution", new Color(0xE69F00));
        PRODUCTS.put("depthwise convolution", new Color(0x009E73));
        PRODUCTS.put("transposed convolution", new Color(0xCC79A7));
        PRODUCTS.put("linear", new Color(0xD55E00));
    }

    /** The roofline series of a layer with MACs: its operator's category, and a convolution's connectivity. */
    private static String product(Node n) {
        return switch (n.op().category()) {
            case LINEAR -> "linear";
            case TRANSPOSED_CONVOLUTION -> "transposed convolution";
            case CONVOLUTION -> switch (Conv.connectivity(n.attributes(), n.inputs().get(0).shape())) {
                case DENSE -> "dense convolution";
                case GROUPED -> "grouped convolution";
                case DEPTHWISE -> "depthwise convolution";
            };
            default -> throw new IllegalArgumentException("`" + n.name() + "` (" + n.op().name()
                    + ") has MACs but is not a convolution or linear layer");
        };
    }

    /**
     * Per-layer MACs against memory access on log axes, roofline style: layers on the same
     * diagonal do the same work per element moved; the lines mark 1, 10 and 100 MACs per element.
     * Dense, grouped, depthwise and transposed convolutions are told apart: they sit on different
     * diagonals.
     */
    static ChartImage of(Analyses a, String label) {
        XYSeriesCollection points = new XYSeriesCollection();
        Map<String, XYSeries> byKind = new LinkedHashMap<>();
        Map<String, List<Node>> nodesByKind = new LinkedHashMap<>();
        for (String product : PRODUCTS.keySet()) {
            byKind.put(product, new XYSeries(product, false));
            nodesByKind.put(product, new ArrayList<>());
        }
        double minAccess = Double.MAX_VALUE;
        double maxAccess = 1;
        double minMacs = Double.MAX_VALUE;
        double maxMacs = 1;
        for (Node n : a.network().nodes()) {
            long macs = a.costs().of(n).macs();
            long access = a.access().of(n).total();
            if (macs <= 0 || access <= 0) {
                continue;
            }
            byKind.get(product(n)).add(access, macs);
            nodesByKind.get(product(n)).add(n);
            minAccess = Math.min(minAccess, access);
            maxAccess = Math.max(maxAccess, access);
            minMacs = Math.min(minMacs, macs);
            maxMacs = Math.max(maxMacs, macs);
        }
        List<List<Node>> names = new ArrayList<>();
        byKind.forEach((kind, series) -> {
            if (series.getItemCount() > 0) {
                points.addSeries(series);
                names.add(nodesByKind.get(kind));
            }
        });
        JFreeChart chart = ChartFactory.createScatterPlot(label + ": MACs against memory access per layer",
                "memory access (elements)", "multiply-accumulates (MACs)", points, PlotOrientation.VERTICAL, true, true, false);
        Charts.style(chart);
        XYPlot plot = chart.getXYPlot();
        plot.setDomainAxis(logAxis("memory access (elements)"));
        plot.setRangeAxis(logAxis("multiply-accumulates (MACs)"));
        XYLineAndShapeRenderer dots = (XYLineAndShapeRenderer) plot.getRenderer();
        for (int s = 0; s < points.getSeriesCount(); s++) {
            dots.setSeriesPaint(s, PRODUCTS.get((String) points.getSeriesKey(s)));
        }
        Range accessRange = decades(minAccess == Double.MAX_VALUE ? 1 : minAccess / 3, maxAccess * 3);
        Range macsRange = decades(minMacs == Double.MAX_VALUE ? 1 : minMacs / 3, maxMacs * 3);
        plot.getDomainAxis().setRange(accessRange);
        plot.getRangeAxis().setRange(macsRange);
        List<Box> taken = nameLayers(dots, names, a, accessRange, macsRange);
        XYSeriesCollection diagonals = new XYSeriesCollection();
        double lo = Math.min(accessRange.getLowerBound(), macsRange.getLowerBound());
        double hi = Math.max(accessRange.getUpperBound(), macsRange.getUpperBound());
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        int[] ratios = {1, 10, 100};
        for (int i = 0; i < ratios.length; i++) {
            String name = ratios[i] + " MAC" + (ratios[i] == 1 ? "" : "s") + " per element";
            XYSeries line = new XYSeries(name, false);
            line.add(lo, lo * ratios[i]);
            line.add(hi, hi * ratios[i]);
            diagonals.addSeries(line);
            lines.setSeriesPaint(i, DIAGONAL);
            lines.setSeriesStroke(i, new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
                    new float[] {4f, 4f}, 0f));
            // named where it is drawn rather than in the legend, which would need the dash patterns told apart
            lines.setSeriesVisibleInLegend(i, false);
            diagonalLabel(name, ratios[i], accessRange, macsRange, taken).ifPresent(plot::addAnnotation);
        }
        plot.setDataset(1, diagonals);
        plot.setRenderer(1, lines);
        return new ChartImage(Charts.slug(label) + "-roofline", "Each convolution or linear layer by its memory access and "
                + "MACs, log scales; the dashed diagonals mark 1, 10 and 100 MACs per element moved, from bottom right to top left. The "
                + NAMED_POINTS + " layers with the most MACs that sit apart are named (\"and 3 more\": layers at the "
                + "same point); hover over a point to see its layer.", chart, 900, 640);
    }

    private static final Color DIAGONAL = new Color(0x888888);

    /**
     * A log axis range widened to whole powers of ten when it would show fewer than two tick
     * labels (a block whose layers all sit within one decade).
     */
    private static Range decades(double lo, double hi) {
        if (Math.floor(Math.log10(hi)) - Math.ceil(Math.log10(lo)) >= 1) {
            return new Range(lo, hi);
        }
        // a hair beyond the powers of ten, so rounding never drops the end ticks
        return new Range(Math.pow(10, Math.floor(Math.log10(lo))) * 0.999, Math.pow(10, Math.ceil(Math.log10(hi))) * 1.001);
    }

    /**
     * The name of a diagonal, written above it where it is free of the points and their names:
     * the first free place from near where the line leaves the plot back along it; empty when the
     * line barely crosses the plot or has no free place (the caption says which line is which).
     */
    private static Optional<XYTextAnnotation> diagonalLabel(String name, int ratio, Range x, Range y, List<Box> taken) {
        double from = Math.max(x.getLowerBound(), y.getLowerBound() / ratio);
        double to = Math.min(x.getUpperBound(), y.getUpperBound() / ratio);
        if (Math.log10(to / from) < 0.5) {
            return Optional.empty(); // a corner of the plot at most: no room for a name
        }
        for (double along : new double[] {0.8, 0.6, 0.4, 0.2}) {
            double at = Math.pow(10, (1 - along) * Math.log10(from) + along * Math.log10(to));
            double px = pixels(at, x, PLOT_WIDTH);
            double py = pixels(at * ratio, y, PLOT_HEIGHT);
            // anchored at its bottom right corner, on the line
            Box box = new Box(px - CHAR_WIDTH * name.length(), py, px, py + LINE_HEIGHT);
            if (taken.stream().noneMatch(box::overlaps)) {
                XYTextAnnotation text = new XYTextAnnotation(name, at, at * ratio);
                text.setFont(Charts.TICK);
                text.setPaint(new Color(0x666666));
                text.setTextAnchor(TextAnchor.BOTTOM_RIGHT);
                taken.add(box);
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    /** Layers named on a scatter chart: the few with the most MACs whose labels do not collide. */
    static final int NAMED_POINTS = 5;

    /**
     * Names the points of a scatter chart: every point has its layer as tooltip (the SVG's hover
     * text), and up to {@link #NAMED_POINTS} layers with the most MACs carry it as a label. A label
     * that would overprint one already placed is left off; layers drawn at the very same point are
     * named once, with how many more sit there.
     *
     * @return the places of the points and of their names, which the diagonals' names avoid
     */
    private static List<Box> nameLayers(XYLineAndShapeRenderer dots, List<List<Node>> names, Analyses a, Range x, Range y) {
        List<Node> byMacs = names.stream().flatMap(List::stream)
                .sorted(Comparator.comparingLong((Node n) -> a.costs().of(n).macs()).reversed()).toList();
        Map<Node, String> labels = new HashMap<>();
        List<Box> placed = new ArrayList<>();
        Set<Node> seen = new HashSet<>();
        for (Node n : byMacs) {
            if (labels.size() == NAMED_POINTS) {
                break;
            }
            if (!seen.add(n)) {
                continue;
            }
            List<Node> here = byMacs.stream().filter(m -> m != n && a.costs().of(m).macs() == a.costs().of(n).macs()
                    && a.access().of(m).total() == a.access().of(n).total()).toList();
            seen.addAll(here);
            String text = here.isEmpty() ? n.name() : n.name() + " and " + here.size() + " more";
            double px = pixels(a.access().of(n).total(), x, PLOT_WIDTH);
            double py = pixels(a.costs().of(n).macs(), y, PLOT_HEIGHT);
            // centred above the point
            double half = CHAR_WIDTH * text.length() / 2;
            Box box = new Box(px - half, py + 4, px + half, py + 4 + LINE_HEIGHT);
            if (placed.stream().noneMatch(box::overlaps)) {
                labels.put(n, text);
                placed.add(box);
            }
        }
        for (Node n : byMacs) {
            double px = pixels(a.access().of(n).total(), x, PLOT_WIDTH);
            double py = pixels(a.costs().of(n).macs(), y, PLOT_HEIGHT);
            placed.add(new Box(px - 4, py - 4, px + 4, py + 4));
        }
        dots.setDefaultToolTipGenerator((data, series, item) -> {
            Node n = names.get(series).get(item);
            return n.name() + " (" + n.op().name() + "): " + Numbers.compact(a.costs().of(n).macs()) + " MACs, "
                    + Numbers.compact(a.access().of(n).total()) + " elements accessed";
        });
        dots.setDefaultItemLabelGenerator((data, series, item) -> labels.get(names.get(series).get(item)));
        dots.setDefaultItemLabelsVisible(true);
        dots.setDefaultItemLabelFont(Charts.TICK);
        dots.setDefaultItemLabelPaint(new Color(0x333333));
        return placed;
    }

    /** The plot area of the 900 x 640 chart, roughly, in pixels; text of the tick font, roughly. */
    private static final double PLOT_WIDTH = 810;
    private static final double PLOT_HEIGHT = 520;
    private static final double CHAR_WIDTH = 6.5;
    private static final double LINE_HEIGHT = 14;

    /** A rectangle of the plot in pixels, y upwards, to keep names from overprinting. */
    private record Box(double left, double bottom, double right, double top) {
        boolean overlaps(Box o) {
            return left < o.right && o.left < right && bottom < o.top && o.bottom < top;
        }
    }

    /** How far a value sits along a log axis of {@code size} pixels. */
    private static double pixels(double value, Range axis, double size) {
        return size * Math.log10(value / axis.getLowerBound()) / Math.log10(axis.getUpperBound() / axis.getLowerBound());
    }

    private static LogAxis logAxis(String title) {
        LogAxis axis = new LogAxis(title);
        // the chart sets both ranges itself (whole decades); an automatic range around one huge value
        // (a single layer on a 2^31-wide plane) has zero length in doubles, which JFreeChart refuses
        axis.setAutoRange(false);
        axis.setBase(10);
        axis.setTickUnit(new NumberTickUnit(1.0));
        axis.setMinorTickCount(9);
        axis.setMinorTickMarksVisible(true);
        axis.setNumberFormatOverride(new Charts.CompactFormat());
        axis.setLabelFont(Charts.LABEL);
        axis.setTickLabelFont(Charts.TICK);
        return axis;
    }
}
