package org.netspec.report;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * An SVG document made fit to sit inside an HTML page: no XML prolog, DOCTYPE or comments, a
 * {@code viewBox} so it scales with the page, and every {@code id} (and each reference to it)
 * prefixed, so two drawings on one page never share a clip path or gradient. Inline, a point's
 * SVG {@code <title>} is its hover text, which an {@code <img>} would never show.
 */
final class InlineSvg {
    private static final Pattern REFERENCE = Pattern.compile("url\\(#([^)]+)\\)");

    private InlineSvg() {
    }

    /**
     * @param svg a whole SVG document (Batik's or Graphviz's output)
     * @param idPrefix unique on the page, e.g. the figure's position
     * @param cssClass the class of the {@code <svg>} element, for the page's style and for tests
     */
    static String of(String svg, String idPrefix, String cssClass) {
        Document doc = parse(svg);
        Element root = doc.getDocumentElement();
        Set<String> ids = new HashSet<>();
        collectIds(root, ids);
        rename(root, ids, idPrefix + "-");
        if (!root.hasAttribute("viewBox") && root.hasAttribute("width") && root.hasAttribute("height")) {
            root.setAttribute("viewBox", "0 0 " + root.getAttribute("width") + " " + root.getAttribute("height"));
        }
        root.setAttribute("class", cssClass);
        StringWriter out = new StringWriter();
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            transformer.transform(new DOMSource(root), new StreamResult(out));
        } catch (TransformerException e) {
            throw new IllegalStateException("an SVG DOM that was just parsed can be written", e);
        }
        return out.toString();
    }

    private static Document parse(String svg) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setIgnoringComments(true);
            factory.setExpandEntityReferences(false);
            // The DOCTYPE names a DTD on the web: never fetch it.
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not an SVG document: " + e.getMessage(), e);
        }
    }

    private static void collectIds(Element e, Set<String> ids) {
        if (e.hasAttribute("id")) {
            ids.add(e.getAttribute("id"));
        }
        NodeList children = e.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (children.item(i) instanceof Element child) {
                collectIds(child, ids);
            }
        }
    }

    /** Prefixes ids, {@code url(#id)} references in any attribute, and {@code href="#id"} links. */
    private static void rename(Element e, Set<String> ids, String prefix) {
        NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            String name = a.getLocalName() == null ? a.getName() : a.getLocalName();
            String value = a.getValue();
            if (name.equals("id")) {
                a.setValue(prefix + value);
            } else if (name.equals("href") && value.startsWith("#") && ids.contains(value.substring(1))) {
                a.setValue("#" + prefix + value.substring(1));
            } else if (value.contains("url(#")) {
                Matcher m = REFERENCE.matcher(value);
                StringBuilder sb = new StringBuilder();
                while (m.find()) {
                    String id = m.group(1);
                    m.appendReplacement(sb, Matcher.quoteReplacement("url(#" + (ids.contains(id) ? prefix + id : id) + ")"));
                }
                m.appendTail(sb);
                a.setValue(sb.toString());
            }
        }
        NodeList children = e.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            Node child = children.item(i);
            if (child instanceof Element element) {
                rename(element, ids, prefix);
            }
        }
    }
}
