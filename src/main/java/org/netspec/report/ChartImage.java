package org.netspec.report;

import java.awt.Dimension;
import java.awt.Rectangle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.apache.batik.dom.GenericDOMImplementation;
import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.w3c.dom.Document;

/**
 * A chart with its file name, the caption that says how to read it, and its size, rendered to PNG
 * bytes or SVG text.
 */
public record ChartImage(String name, String caption, JFreeChart chart, int width, int height) {
    public byte[] png() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ChartUtils.writeChartAsPNG(out, chart, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return out.toByteArray();
    }

    /** SVG through Batik's Graphics2D (Apache-2.0), with text as text so it stays searchable. */
    public String svg() {
        Document doc = GenericDOMImplementation.getDOMImplementation().createDocument("http://www.w3.org/2000/svg", "svg", null);
        SVGGraphics2D g = new SVGGraphics2D(doc);
        g.setSVGCanvasSize(new Dimension(width, height));
        chart.draw(g, new Rectangle(width, height));
        StringWriter out = new StringWriter();
        try {
            g.stream(out, true);
        } catch (org.apache.batik.svggen.SVGGraphics2DIOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return out.toString();
    }
}
