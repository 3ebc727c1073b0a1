package org.netspec.report;

import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import org.apache.batik.dom.GenericDOMImplementation;
import org.apache.batik.svggen.SVGGraphics2D;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.entity.StandardEntityCollection;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

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

    /**
     * SVG through Batik's Graphics2D (Apache-2.0), with text as text so it stays searchable. Points
     * with a tooltip (the scatter charts' layer names) get an invisible target with an SVG
     * {@code <title>}, which browsers show on hover.
     */
    public String svg() {
        Document doc = GenericDOMImplementation.getDOMImplementation().createDocument(SVG, "svg", null);
        SVGGraphics2D g = new SVGGraphics2D(doc);
        g.setSVGCanvasSize(new Dimension(width, height));
        ChartRenderingInfo info = new ChartRenderingInfo(new StandardEntityCollection());
        chart.draw(g, new Rectangle(width, height), info);
        Element root = g.getRoot();
        for (Object o : info.getEntityCollection().getEntities()) {
            ChartEntity entity = (ChartEntity) o;
            if (entity.getToolTipText() == null || entity.getToolTipText().isEmpty()) {
                continue;
            }
            Rectangle2D box = entity.getArea().getBounds2D();
            Element target = doc.createElementNS(SVG, "rect");
            target.setAttribute("x", format(box.getX()));
            target.setAttribute("y", format(box.getY()));
            target.setAttribute("width", format(box.getWidth()));
            target.setAttribute("height", format(box.getHeight()));
            target.setAttribute("fill", "#000");
            target.setAttribute("fill-opacity", "0");
            Element title = doc.createElementNS(SVG, "title");
            title.setTextContent(entity.getToolTipText());
            target.appendChild(title);
            root.appendChild(target);
        }
        StringWriter out = new StringWriter();
        try {
            g.stream(root, out, true, false);
        } catch (org.apache.batik.svggen.SVGGraphics2DIOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return out.toString();
    }

    private static final String SVG = "http://www.w3.org/2000/svg";

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
