package org.netspec.report;

import java.awt.Color;
import java.awt.Paint;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.apache.commons.math3.fraction.BigFraction;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.PaintScale;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.netspec.analysis.gridding.Footprint;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.analysis.gridding.NodeFootprint;

/**
 * The gridding heatmap of one block: path counts from the block's input to each offset of its
 * output's receptive field (white cells are holes the output never sees), the union and then each
 * channel group side by side, with one colour bar for all panels. Panel labels are short (which
 * channels, what coverage) so they stay apart however many panels there are.
 */
final class GriddingChart {
    /** Channel groups drawn beside the union; more would shrink the panels below reading size. */
    static final int MAX_GROUP_PANELS = 6;
    /**
     * Six panels and the axis make 1,320 pixels, so the page shrinks the text little; with the
     * height, each panel's plot is near square, so a dilation pattern is not stretched.
     */
    private static final int PANEL_WIDTH = 200;
    private static final int HEIGHT = 330;
    /** The colour bar's title, which the browser test looks for in every heatmap. */
    static final String COLOUR_BAR = "paths (log scale)";

    private GriddingChart() {
    }

    static ChartImage of(String label, Gridding.Block block) {
        Footprint union = block.footprint().union(0, 0);
        List<NodeFootprint.Group> groups = block.footprint().groups().stream().filter(g -> !g.global() && !g.phases().isEmpty()
                && !g.phases().get(0).isEmpty()).toList();
        List<NodeFootprint.Group> shown = groups.subList(0, Math.min(groups.size(), MAX_GROUP_PANELS));
        NumberAxis rows = offsetAxis("offset along H (pixels)");
        CombinedRangeXYPlot plot = new CombinedRangeXYPlot(rows);
        plot.setGap(14);
        rows.setRange(union.top() - 0.5, union.top() + union.rows() - 0.5);
        // One scale for every panel, so a colour means the same path count everywhere.
        long max = Math.max(1, maxCount(union));
        PathCountScale scale = new PathCountScale(max);
        plot.add(heatmap(union, union, "union " + percent(union.coverage()), scale));
        for (NodeFootprint.Group g : shown) {
            Footprint f = g.phases().get(0);
            plot.add(heatmap(f, union, "ch " + g.firstChannel() + "-" + (g.firstChannel() + g.channels() - 1) + " "
                    + percent(f.coverage()), scale));
        }
        String more = shown.size() < groups.size() ? " (first " + shown.size() + " of " + groups.size() + " channel groups)" : "";
        JFreeChart chart = new JFreeChart(label + ": " + block.name() + ", paths from its input (white: holes)" + more,
                Charts.TITLE, plot, false);
        Charts.style(chart);
        // Bottom subtitles stack outwards in the order added: the colour bar at the very bottom, the
        // line that says how to read the panels right under them.
        chart.addSubtitle(colourBar(scale));
        TextTitle across = new TextTitle("each panel: offset along W (pixels) across; its channels and coverage below it",
                Charts.TICK);
        across.setPosition(RectangleEdge.BOTTOM);
        chart.addSubtitle(across);
        int panels = 1 + shown.size();
        String blockCoverage = block.coverage() == null ? "" : ", block coverage " + percent(block.coverage());
        return new ChartImage(Charts.slug(label) + "-gridding-" + Charts.slug(block.name()), label + ", block `"
                + block.name() + "` (union " + percent(union.coverage()) + blockCoverage + "): paths from the block's input "
                + "to each offset of its output's receptive field, on the colour bar's log scale; white cells are never "
                + "seen (gridding). The union first, then each channel group" + more + ".", chart,
                120 + PANEL_WIDTH * panels, HEIGHT);
    }

    /** The path counts' colour bar, on a log axis from 1 to the largest count. */
    private static PaintScaleLegend colourBar(PathCountScale scale) {
        LogAxis axis = new LogAxis(COLOUR_BAR);
        axis.setBase(10);
        axis.setSmallestValue(1);
        axis.setLabelFont(Charts.TICK);
        axis.setTickLabelFont(Charts.TICK);
        PaintScaleLegend legend = new PaintScaleLegend(scale, axis);
        // after the legend, which sets its axis to the scale's bounds (0 has no logarithm)
        axis.setRange(1, Math.max(2, scale.getUpperBound()));
        // ticks at powers of two (1, 2, 4, ...) or of ten for large counts, printed as whole numbers
        axis.setTickUnit(new NumberTickUnit(scale.getUpperBound() > 1024 ? 1 : Math.log10(2)));
        axis.setNumberFormatOverride(new DecimalFormat("#,##0", DecimalFormatSymbols.getInstance(Locale.ROOT)));
        // at the bottom, so its title is horizontal text, searchable in the SVG
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setStripWidth(12);
        legend.setAxisOffset(4);
        legend.setMargin(4, 120, 4, 120);
        legend.setSubdivisionCount(64);
        return legend;
    }

    /** One footprint drawn on the box of {@code frame}, so panels of one block compare at a glance. */
    private static XYPlot heatmap(Footprint f, Footprint frame, String label, PaintScale scale) {
        // Only offsets with a path are drawn: the white plot shows the holes, and the SVG stays small.
        DefaultXYZDataset data = new DefaultXYZDataset();
        long[][] counts = f.pathCounts();
        int cells = (int) f.support();
        double[][] xyz = new double[3][cells];
        int i = 0;
        for (int r = 0; r < f.rows(); r++) {
            for (int c = 0; c < f.cols(); c++) {
                if (counts[r][c] > 0) {
                    xyz[0][i] = f.left() + c;
                    xyz[1][i] = f.top() + r;
                    xyz[2][i] = counts[r][c];
                    i++;
                }
            }
        }
        data.addSeries(label, xyz);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);
        NumberAxis x = offsetAxis(label);
        x.setRange(frame.left() - 0.5, frame.left() + frame.cols() - 0.5);
        XYPlot plot = new XYPlot(data, x, null, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        return plot;
    }

    private static NumberAxis offsetAxis(String title) {
        NumberAxis axis = new NumberAxis(title);
        axis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        axis.setLabelFont(Charts.LABEL);
        axis.setTickLabelFont(Charts.TICK);
        axis.setLowerMargin(0.02);
        axis.setUpperMargin(0.02);
        return axis;
    }

    private static long maxCount(Footprint f) {
        long max = 0;
        for (long[] row : f.pathCounts()) {
            for (long v : row) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    private static String percent(BigFraction coverage) {
        return coverage == null ? "" : String.format(Locale.ROOT, "%.1f%%", 100 * coverage.doubleValue());
    }

    /** White for no path; from light to dark blue with the logarithm of the path count. */
    static final class PathCountScale implements PaintScale {
        private static final Color LIGHT = new Color(0xC6DBEF);
        private static final Color DARK = new Color(0x08306B);
        private final double max;

        PathCountScale(long max) {
            this.max = max;
        }

        @Override
        public double getLowerBound() {
            return 0;
        }

        @Override
        public double getUpperBound() {
            return max;
        }

        @Override
        public Paint getPaint(double value) {
            if (value <= 0) {
                return Color.WHITE;
            }
            double t = max <= 1 ? 1 : Math.max(0, Math.min(1, Math.log(value) / Math.log(max)));
            return new Color((int) (LIGHT.getRed() + t * (DARK.getRed() - LIGHT.getRed())),
                    (int) (LIGHT.getGreen() + t * (DARK.getGreen() - LIGHT.getGreen())),
                    (int) (LIGHT.getBlue() + t * (DARK.getBlue() - LIGHT.getBlue())));
        }
    }
}
