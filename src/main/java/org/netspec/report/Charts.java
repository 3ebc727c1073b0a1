package org.netspec.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.graph.Node;

/**
 * The charts of a design review, built from analyses with one theme and one palette: readable
 * labels, units in every axis title, and the operator kinds always in the same colours.
 */
public final class Charts {
    static final Font TITLE = new Font("DejaVu Sans", Font.BOLD, 16);
    static final Font LABEL = new Font("DejaVu Sans", Font.PLAIN, 13);
    static final Font TICK = new Font("DejaVu Sans", Font.PLAIN, 11);
    private static final Color GRID = new Color(0xDDDDDD);
    /** Colours of compared specs, in order (Okabe-Ito). */
    private static final Color[] SERIES = {new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73),
        new Color(0xCC79A7), new Color(0x56B4E9), new Color(0xD55E00)};

    private Charts() {
    }

    /** A metric of a node, named with its unit for the axis title. */
    public enum Metric {
        PARAMS("parameters (count)", "params",
                "Parameters of each block instance (layers outside blocks stand alone), split by operator kind."),
        MACS("multiply-accumulates (MACs)", "macs", "Multiply-accumulates of each block instance, split by operator kind."),
        MEMORY_ACCESS("memory access (elements read + written + weights)", "memory-access",
                "Memory access of each block instance, split by operator kind."),
        LATENCY("estimated time (ns, an estimate from the device profile)", "latency",
                "Estimated time of each block instance on the --device profile, split by operator kind.");

        private final String axisTitle;
        private final String fileStem;
        private final String caption;

        Metric(String axisTitle, String fileStem, String caption) {
            this.axisTitle = axisTitle;
            this.fileStem = fileStem;
            this.caption = caption;
        }

        public String axisTitle() {
            return axisTitle;
        }

        long of(Analyses a, Node n) {
            return switch (this) {
                case PARAMS -> a.costs().of(n).params();
                case MACS -> a.costs().of(n).macs();
                case MEMORY_ACCESS -> a.access().of(n).total();
                case LATENCY -> a.latency().map(l -> Math.round(l.of(n).seconds() * 1e9)).orElse(0L);
            };
        }
    }

    /**
     * Horizontal stacked bars of a metric per block instance (layers outside blocks stand alone),
     * each bar split by operator kind: where a network keeps its parameters, spends its MACs and
     * moves its memory.
     */
    public static ChartImage blockBars(Analyses a, Metric metric, String label) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Map<String, List<Node>> stages = Grouping.BLOCK.groups(a.network());
        for (OperatorKind kind : OperatorKind.values()) {
            for (Map.Entry<String, List<Node>> stage : stages.entrySet()) {
                long sum = stage.getValue().stream().filter(n -> OperatorKind.of(n.op()) == kind)
                        .mapToLong(n -> metric.of(a, n)).sum();
                data.addValue(sum, kind.label(), stage.getKey());
            }
        }
        removeEmptyRows(data);
        JFreeChart chart = ChartFactory.createStackedBarChart(label + ": " + metric.axisTitle().replaceAll(" \\(.*", "") + " by block",
                "block", metric.axisTitle(), data, PlotOrientation.HORIZONTAL, true, false, false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer r = (BarRenderer) plot.getRenderer();
        for (int row = 0; row < data.getRowCount(); row++) {
            r.setSeriesPaint(row, kind((String) data.getRowKey(row)).colour());
        }
        // a block file has two rows (its input and the block): bars as thick as a row would be slabs
        r.setMaximumBarWidth(0.1);
        NumberAxis values = (NumberAxis) plot.getRangeAxis();
        values.setNumberFormatOverride(new CompactFormat());
        values.setUpperMargin(0.08);
        plot.setRangeAxisLocation(org.jfree.chart.axis.AxisLocation.BOTTOM_OR_RIGHT);
        int height = Math.max(360, 110 + 20 * stages.size());
        return new ChartImage(slug(label) + "-" + metric.fileStem + "-by-block", metric.caption, chart, 900, height);
    }

    /**
     * Per-layer MACs against memory access on log axes, roofline style ({@link RooflineChart}).
     */
    public static ChartImage roofline(Analyses a, String label) {
        return RooflineChart.of(a, label);
    }

    /**
     * Grouped bars of each metric relative to the first network: ratios above 1 cost more than
     * the baseline.
     */
    public static ChartImage comparison(List<Analyses> networks, List<String> labels) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        Analyses base = networks.get(0);
        for (int i = 0; i < networks.size(); i++) {
            Analyses a = networks.get(i);
            data.addValue(ratio(a, base, x -> x.costs().total().params()), labels.get(i), "parameters");
            data.addValue(ratio(a, base, x -> x.costs().total().macs()), labels.get(i), "MACs");
            data.addValue(ratio(a, base, x -> x.access().total().total()), labels.get(i), "memory access");
            data.addValue(ratio(a, base, x -> x.memory().best().peakBytes()), labels.get(i), "peak activations");
        }
        JFreeChart chart = ChartFactory.createBarChart("Relative to " + labels.get(0), null,
                "ratio to " + labels.get(0) + " (x)", data, PlotOrientation.VERTICAL, true, false, false);
        style(chart);
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer r = (BarRenderer) plot.getRenderer();
        for (int i = 0; i < networks.size(); i++) {
            r.setSeriesPaint(i, SERIES[i % SERIES.length]);
        }
        // each bar says its ratio, so a small one (0.14x) reads as exactly as a tall one
        r.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}x",
                new DecimalFormat("0.00", DecimalFormatSymbols.getInstance(Locale.ROOT))));
        r.setDefaultItemLabelsVisible(true);
        r.setDefaultItemLabelFont(TICK);
        plot.getRangeAxis().setUpperMargin(0.12);
        ValueMarker same = new ValueMarker(1, new Color(0x555555), new BasicStroke(1f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f));
        plot.addRangeMarker(same);
        return new ChartImage("comparison", "Totals relative to " + labels.get(0) + " (the dashed line at 1): above "
                + "1 costs more, below 1 less.", chart, 900, 480);
    }

    /**
     * Receptive-field size through the network, node by node in execution order: the largest
     * field over all paths and the field of the shortest path (identity shortcuts keep it small).
     */
    public static ChartImage receptiveFieldGrowth(Analyses a, String label) {
        XYSeries largest = new XYSeries("largest over paths (height)", false);
        XYSeries shortest = new XYSeries("shortest path (height)", false);
        XYSeries global = new XYSeries("largest, with a global-pooling path too (height)", false);
        int index = 0;
        for (Node n : a.network().nodes()) {
            index++;
            var field = a.receptiveField().field(n);
            if (field.isEmpty() || !n.shape().isFeatureMap()) {
                continue;
            }
            // nodes behind a global pooling see the whole input; drawn apart, at their largest local field,
            // so the chart does not stop short of the output
            (field.get().global() ? global : largest).add(index, field.get().height().size());
            if (field.get().height().minPathSize() != null) {
                shortest.add(index, field.get().height().minPathSize());
            }
        }
        XYSeriesCollection data = new XYSeriesCollection();
        data.addSeries(largest);
        data.addSeries(shortest);
        if (global.getItemCount() > 0) {
            data.addSeries(global);
        }
        JFreeChart chart = ChartFactory.createScatterPlot(label + ": receptive field through the network",
                "node (execution order)", "receptive field (pixels of the input)", data, PlotOrientation.VERTICAL, true,
                false, false);
        style(chart);
        // One mark per node and no line: consecutive nodes in execution order often sit on different
        // branches (an ESP module's dilated convolutions), so a line would draw one path that is not there.
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) chart.getXYPlot().getRenderer();
        r.setDefaultLinesVisible(false);
        r.setSeriesPaint(0, SERIES[0]);
        r.setSeriesPaint(1, SERIES[1]);
        r.setSeriesShape(0, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        r.setSeriesShape(1, new java.awt.geom.Rectangle2D.Double(-2, -2, 4, 4));
        r.setSeriesPaint(2, SERIES[2]);
        r.setSeriesShape(2, new java.awt.geom.Ellipse2D.Double(-2.5, -2.5, 5, 5));
        String input = "";
        if (!a.network().inputs().isEmpty() && a.network().inputs().get(0).shape().isFeatureMap()) {
            long height = a.network().inputs().get(0).shape().h();
            ValueMarker marker = new ValueMarker(height, new Color(0xD55E00), new BasicStroke(1.5f, BasicStroke.CAP_BUTT,
                    BasicStroke.JOIN_MITER, 1f, new float[] {6f, 4f}, 0f));
            marker.setLabel("input height " + height + " px");
            marker.setLabelFont(TICK);
            marker.setLabelBackgroundColor(new Color(255, 255, 255, 0));
            marker.setLabelPaint(new Color(0xD55E00));
            marker.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_LEFT);
            marker.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_LEFT);
            chart.getXYPlot().addRangeMarker(marker);
            // the axis reaches the marker even when every field is smaller than the input
            NumberAxis fields = (NumberAxis) chart.getXYPlot().getRangeAxis();
            double top = Math.max(largest.getItemCount() == 0 ? 0 : largest.getMaxY(),
                    global.getItemCount() == 0 ? 0 : global.getMaxY());
            fields.setRange(0, Math.max(height, top) * 1.08);
            input = " The dashed line is the input height (" + height + " px): a field above it reaches past the image.";
        }
        ((NumberAxis) chart.getXYPlot().getRangeAxis()).setNumberFormatOverride(new CompactFormat());
        // nodes are counted: no tick at node 1.5
        ((NumberAxis) chart.getXYPlot().getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        return new ChartImage(slug(label) + "-receptive-field", "Receptive field of each node over the input, in "
                + "execution order, one mark per node (nodes of parallel branches are not joined by a line): the "
                + "largest over all paths and that of the shortest path." + input + (global.getItemCount() == 0 ? ""
                : " Green marks: " + global.getItemCount() + " nodes with a global-pooling path, which sees the whole input; "
                + "drawn at their largest field over the other paths."), chart, 900, 480);
    }

    /**
     * Gridding of one block: path counts from the block's input to its output, the union and then
     * each channel group side by side ({@link GriddingChart}).
     */
    public static ChartImage gridding(String label, Gridding.Block block) {
        return GriddingChart.of(label, block);
    }

    private static double ratio(Analyses a, Analyses base, ToLongFunction<Analyses> metric) {
        long b = metric.applyAsLong(base);
        return b == 0 ? 0 : (double) metric.applyAsLong(a) / b;
    }

    private static OperatorKind kind(String label) {
        for (OperatorKind k : OperatorKind.values()) {
            if (k.label().equals(label)) {
                return k;
            }
        }
        return OperatorKind.OTHER;
    }

    private static void removeEmptyRows(DefaultCategoryDataset data) {
        for (int row = data.getRowCount() - 1; row >= 0; row--) {
            double sum = 0;
            for (int col = 0; col < data.getColumnCount(); col++) {
                Number v = data.getValue(row, col);
                sum += v == null ? 0 : v.doubleValue();
            }
            if (sum == 0) {
                data.removeRow(row);
            }
        }
    }

    /** A file-name-safe form of a label: "espnet q=3" -> "espnet-q-3". */
    static String slug(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "-").replaceAll("^-|-$", "");
    }

    static void style(JFreeChart chart) {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setExtraLargeFont(TITLE);
        theme.setLargeFont(LABEL);
        theme.setRegularFont(TICK);
        theme.setSmallFont(TICK);
        theme.setBarPainter(new StandardBarPainter());
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(GRID);
        theme.setRangeGridlinePaint(GRID);
        theme.setShadowVisible(false);
        theme.apply(chart);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getPlot() instanceof CategoryPlot plot) {
            CategoryAxis axis = plot.getDomainAxis();
            if (plot.getOrientation() == PlotOrientation.HORIZONTAL) {
                axis.setMaximumCategoryLabelWidthRatio(0.4f);
            } else {
                axis.setMaximumCategoryLabelLines(2);
            }
            plot.setRangeGridlinesVisible(true);
        }
    }

    /** Axis numbers as 1.5K, 2.8K, 20M, 3G: short enough to stay legible, no trailing zeros. */
    static final class CompactFormat extends java.text.NumberFormat {
        private static final long serialVersionUID = 1L;

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
            String s = Math.abs(number) < 1000 && number == Math.rint(number) ? Long.toString((long) number)
                    : Numbers.compact(Math.round(number)).replaceAll("\\.?0+ ", " ").replace(" ", "");
            return toAppendTo.append(s);
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, java.text.FieldPosition pos) {
            return format((double) number, toAppendTo, pos);
        }

        /** Axis labels are only formatted; nothing is parsed back. */
        @Override
        public Number parse(String source, java.text.ParsePosition parsePosition) {
            return null;
        }
    }
}
