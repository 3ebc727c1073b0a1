package org.netspec.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Profile;
import org.netspec.graph.Specs;
import org.netspec.spec.SpecException;

/** Every chart type: its series, its labels, and that it renders to PNG and SVG. */
class ChartsTest {
    private static Analyses load(String file) throws SpecException {
        return Analyses.of(Specs.load(Path.of(file)), Profile.STANDARD, 4);
    }

    private static void assertRenders(ChartImage image, String title) {
        byte[] png = image.png();
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        String svg = image.svg();
        assertTrue(svg.contains("<svg") && svg.contains(title), () -> "no `" + title + "` in the SVG");
    }

    @Test
    void blockBarsSplitEachBlockByOperatorKind() throws SpecException {
        Analyses espnet = load("specs/networks/espnet.yaml");
        ChartImage image = Charts.blockBars(espnet, Charts.Metric.PARAMS, "espnet");
        CategoryPlot plot = image.chart().getCategoryPlot();
        CategoryDataset data = plot.getDataset();
        assertEquals("parameters (count)", plot.getRangeAxis().getLabel());
        assertEquals("block", plot.getDomainAxis().getLabel());
        assertEquals(List.of("convolution / linear", "batch norm", "activation"), data.getRowKeys());
        assertTrue(data.getColumnKeys().containsAll(List.of("level2_0", "level3.0", "level3.7", "cat3", "decoder.up_l3")));
        // each ESP(128, 128) of level3: conv 128*25 + 25*28*9 + 4*25*25*9 = 32,000, batch norm 2*128, PReLU 128.
        assertEquals(32_000, data.getValue("convolution / linear", "level3.7").longValue());
        assertEquals(256, data.getValue("batch norm", "level3.7").longValue());
        assertEquals(128, data.getValue("activation", "level3.7").longValue());
        assertEquals("espnet-params-by-block", image.name());
        assertRenders(image, "espnet: parameters by block");
        assertRenders(Charts.blockBars(espnet, Charts.Metric.MACS, "espnet"), "multiply-accumulates (MACs)");
        assertRenders(Charts.blockBars(espnet, Charts.Metric.MEMORY_ACCESS, "espnet"), "memory access");
    }

    @Test
    void theRooflineTellsConvolutionKindsApartOnLogAxes() throws SpecException {
        Analyses v2 = load("specs/networks/espnetv2-imagenet.yaml");
        ChartImage image = Charts.roofline(v2, "espnetv2");
        XYPlot plot = image.chart().getXYPlot();
        XYDataset points = plot.getDataset(0);
        List<String> series = java.util.stream.IntStream.range(0, points.getSeriesCount())
                .mapToObj(i -> (String) points.getSeriesKey(i)).toList();
        assertEquals(List.of("dense convolution", "grouped convolution", "depthwise convolution", "linear"), series);
        assertEquals("memory access (elements)", plot.getDomainAxis().getLabel());
        assertEquals("multiply-accumulates (MACs)", plot.getRangeAxis().getLabel());
        assertTrue(plot.getDomainAxis() instanceof org.jfree.chart.axis.LogAxis);
        assertEquals(3, plot.getDataset(1).getSeriesCount()); // the 1, 10 and 100 MACs-per-element lines
        assertRenders(image, "MACs against memory access per layer");
        // every point names its layer on hover in the SVG; the five with the most MACs carry a label
        var dots = (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) plot.getRenderer(0);
        String firstDense = v2.network().nodes().stream().filter(n -> v2.costs().of(n).macs() > 0
                && n.op().name().equals("conv") && org.netspec.ops.Conv.connectivity(n.attributes(), n.inputs().get(0).shape())
                == org.netspec.ops.Conv.Connectivity.DENSE).findFirst().orElseThrow().name();
        String tip = dots.getDefaultToolTipGenerator().generateToolTip(points, 0, 0);
        assertTrue(tip.startsWith(firstDense + " (conv): "), tip);
        long labelled = 0;
        for (int s = 0; s < points.getSeriesCount(); s++) {
            for (int i = 0; i < points.getItemCount(s); i++) {
                labelled += dots.getDefaultItemLabelGenerator().generateLabel(points, s, i) == null ? 0 : 1;
            }
        }
        assertEquals(RooflineChart.NAMED_POINTS, labelled);
        long layers = v2.network().nodes().stream().filter(n -> v2.costs().of(n).macs() > 0).count();
        assertEquals(layers, image.svg().split("<title", -1).length - 1, "one hover title per layer");
    }

    @Test
    void rooflineLabelsNeverOverprintAndItsAxesShowTwoDecadesAtLeast() throws SpecException {
        // ESP at 240 channels with K = 4: d = 240 / 4 = 60 channels a branch, and d0 gets 240 - 3 * 60 = 60 too,
        // so the four 3x3 branches are the same layer four times: one point, one label.
        Analyses esp = load("examples/esp-vs-eesp/esp.yaml");
        ChartImage image = Charts.roofline(esp, "esp");
        XYPlot plot = image.chart().getXYPlot();
        XYDataset points = plot.getDataset(0);
        var dots = (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) plot.getRenderer(0);
        List<String> labels = new java.util.ArrayList<>();
        for (int i = 0; i < points.getItemCount(0); i++) {
            String label = dots.getDefaultItemLabelGenerator().generateLabel(points, 0, i);
            if (label != null) {
                labels.add(label);
            }
        }
        assertEquals(List.of("esp.reduce", "esp.d0 and 3 more"), labels);
        // reduce: 240 * 60 * 64 * 128 = 117,964,800 MACs; reads 240 * 8192, writes 60 * 8192, 14,400 weights
        String tip = dots.getDefaultToolTipGenerator().generateToolTip(points, 0, 0);
        assertEquals("esp.reduce (conv): 117.96 M MACs, 2.47 M elements accessed", tip);
        // MACs 117,964,800 and 265,420,800 (60 * 60 * 9 * 8192) give [39.3 M, 796 M] with the margin of 3,
        // no power of ten inside: widened to 10 M .. 1 G. Access 2,472,000 and 1,015,440 (2 * 491,520 +
        // 32,400) give [338 K, 7.4 M]: widened to 100 K .. 10 M.
        // (a tenth of a percent wider, so the end ticks are drawn)
        assertEquals(1e7, plot.getRangeAxis().getLowerBound(), 1e7 * 0.002);
        assertEquals(1e9, plot.getRangeAxis().getUpperBound(), 1e9 * 0.002);
        assertEquals(1e5, plot.getDomainAxis().getLowerBound(), 1e5 * 0.002);
        assertEquals(1e7, plot.getDomainAxis().getUpperBound(), 1e7 * 0.002);
        // the diagonals are named on the plot, not in the legend; 1 MAC per element (y = x) only touches the
        // corner (10 M, 10 M) of that box, so only the 10 and 100 lines are named
        var texts = plot.getAnnotations().stream().map(t -> ((org.jfree.chart.annotations.XYTextAnnotation) t).getText())
                .toList();
        assertEquals(List.of("10 MACs per element", "100 MACs per element"), texts);
        var legend = new java.util.ArrayList<String>();
        for (int i = 0; i < plot.getLegendItems().getItemCount(); i++) {
            legend.add(plot.getLegendItems().get(i).getLabel());
        }
        assertEquals(List.of("dense convolution"), legend);
    }

    @Test
    void axisNumbersAreShortWithoutTrailingZeros() {
        var format = new Charts.CompactFormat();
        assertEquals("20", format.format(20));
        assertEquals("1K", format.format(1000));
        assertEquals("1.5K", format.format(1500));
        assertEquals("2.8K", format.format(2800));
        assertEquals("100K", format.format(100_000));
        assertEquals("10.05M", format.format(10_050_000));
        assertEquals("1.2G", format.format(1_200_000_000));
    }

    @Test
    void comparisonBarsAreRatiosToTheFirstNetwork() throws SpecException {
        Analyses esp = load("examples/esp-vs-eesp/esp.yaml");
        Analyses eesp = load("examples/esp-vs-eesp/eesp.yaml");
        ChartImage image = Charts.comparison(List.of(esp, eesp), List.of("ESP", "EESP"));
        CategoryDataset data = image.chart().getCategoryPlot().getDataset();
        assertEquals(List.of("ESP", "EESP"), data.getRowKeys());
        assertEquals(List.of("parameters", "MACs", "memory access", "peak activations"), data.getColumnKeys());
        assertEquals(1.0, data.getValue("ESP", "MACs").doubleValue());
        assertEquals(165_150_720.0 / 1_179_648_000, data.getValue("EESP", "MACs").doubleValue(), 1e-12);
        assertEquals("ratio to ESP (x)", image.chart().getCategoryPlot().getRangeAxis().getLabel());
        // each bar says its ratio; 165,150,720 / 1,179,648,000 = 0.140, and the baseline at 1 is marked
        var bars = image.chart().getCategoryPlot().getRenderer();
        assertEquals("0.14x", bars.getDefaultItemLabelGenerator().generateLabel(data, 1, 1));
        assertEquals("1.00x", bars.getDefaultItemLabelGenerator().generateLabel(data, 0, 1));
        var marks = image.chart().getCategoryPlot().getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND);
        assertEquals(1.0, ((org.jfree.chart.plot.ValueMarker) marks.iterator().next()).getValue());
        assertRenders(image, "Relative to ESP");
    }

    @Test
    void receptiveFieldGrowthFollowsTheLargestAndTheShortestPath() throws SpecException {
        ChartImage image = Charts.receptiveFieldGrowth(load("specs/blocks/esp.yaml"), "esp");
        XYDataset data = image.chart().getXYPlot().getDataset();
        assertEquals("largest over paths (height)", data.getSeriesKey(0));
        assertEquals("shortest path (height)", data.getSeriesKey(1));
        // the last node (the PReLU, 14th) sees 1 + 2 * 16 = 33 rows; its shortest path is the residual: 1.
        int last = data.getItemCount(0) - 1;
        assertEquals(14.0, data.getXValue(0, last));
        assertEquals(33.0, data.getYValue(0, last));
        assertEquals(1.0, data.getYValue(1, data.getItemCount(1) - 1));
        assertEquals("receptive field (pixels of the input)", image.chart().getXYPlot().getRangeAxis().getLabel());
        // marks, no line joining nodes of different branches; the input height (128) is marked
        var r = (org.jfree.chart.renderer.xy.XYLineAndShapeRenderer) image.chart().getXYPlot().getRenderer();
        assertFalse(r.getItemLineVisible(0, 0) || r.getItemLineVisible(1, 0), "no lines");
        var markers = image.chart().getXYPlot().getRangeMarkers(org.jfree.chart.ui.Layer.FOREGROUND);
        assertEquals(1, markers.size());
        assertEquals(128.0, ((org.jfree.chart.plot.ValueMarker) markers.iterator().next()).getValue());
        assertEquals(2, data.getSeriesCount(), "no global pooling in ESP: no third series");
        // the nodes are counted in whole numbers: the smallest tick step is 1
        var nodes = (org.jfree.chart.axis.NumberAxis) image.chart().getXYPlot().getDomainAxis();
        assertEquals(1.0, nodes.getStandardTickUnits().getCeilingTickUnit(0.5).getSize());
        assertRenders(image, "input height 128 px");
    }

    @Test
    void nodesBehindGlobalPoolingAreDrawnApartUpToTheOutput() throws SpecException {
        // ESPNetv2's segmentation decoder gates with global average pooling: every node after the first
        // gate has a global path, and the chart still reaches the output (the last node), drawn apart at
        // the field the comparison reports for the output
        Analyses v2 = load("specs/networks/espnetv2-seg.yaml");
        ChartImage image = Charts.receptiveFieldGrowth(v2, "espnetv2-seg");
        XYDataset data = image.chart().getXYPlot().getDataset();
        assertEquals(3, data.getSeriesCount());
        assertTrue(((String) data.getSeriesKey(2)).contains("global-pooling path"));
        int last = data.getItemCount(2) - 1;
        assertEquals(v2.network().nodes().size(), data.getXValue(2, last), 0);
        var output = v2.receptiveField().field(v2.network().outputs().get(0)).orElseThrow();
        assertTrue(output.global());
        assertEquals(output.height().size(), data.getYValue(2, last), 0);
        assertTrue(image.caption().contains("global-pooling path"), image.caption());
    }

    @Test
    void griddingShowsTheUnionAndEachChannelGroupOfAnEspModule() throws SpecException {
        Analyses esp = load("specs/blocks/esp.yaml");
        ChartImage image = Charts.gridding("esp", esp.gridding().blocks().get(0));
        var plot = (org.jfree.chart.plot.CombinedRangeXYPlot) image.chart().getPlot();
        assertEquals(1 + 5, plot.getSubplots().size()); // the union and the five groups
        XYPlot union = (XYPlot) plot.getSubplots().get(0);
        // 41 of the 33 x 33 offsets have a path (reference note 4.5); only those are drawn, all within +-16.
        org.jfree.data.xy.XYZDataset cells = (org.jfree.data.xy.XYZDataset) union.getDataset();
        assertEquals(41, cells.getItemCount(0));
        for (int i = 0; i < cells.getItemCount(0); i++) {
            assertTrue(cells.getZValue(0, i) > 0 && Math.abs(cells.getXValue(0, i)) <= 16 && Math.abs(cells.getYValue(0, i)) <= 16);
        }
        assertTrue(union.getDomainAxis().getLabel().endsWith("union 3.8%"), union.getDomainAxis().getLabel());
        assertTrue(((XYPlot) plot.getSubplots().get(5)).getDomainAxis().getLabel().endsWith("ch 52-63 3.0%"));
        assertRenders(image, "paths from its input");
        // a colour bar for the path counts, from 1 to the largest count (the centre's, reached by all five branches)
        var bars = image.chart().getSubtitles().stream().filter(t -> t instanceof org.jfree.chart.title.PaintScaleLegend)
                .map(t -> (org.jfree.chart.title.PaintScaleLegend) t).toList();
        assertEquals(1, bars.size());
        assertEquals(1.0, bars.get(0).getAxis().getLowerBound(), 1e-9);
        // short panel labels, so neighbouring panels never overlap: 20 characters of the 13-pixel label font
        // (DejaVu Sans digits are 0.64 em, 8.3 pixels) take 166 of a panel's 200 pixels
        for (Object sub : plot.getSubplots()) {
            assertTrue(((XYPlot) sub).getDomainAxis().getLabel().length() <= 20, ((XYPlot) sub).getDomainAxis().getLabel());
        }
        // the caption names the block, so two heatmaps of one review never share a caption
        assertTrue(image.caption().startsWith("esp, block `esp` (union 3.8%"), image.caption());
    }
}
