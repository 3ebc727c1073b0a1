package org.netspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Profile;
import org.netspec.graph.Specs;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/** Graph export: every node and tensor, with the labels a reviewer reads. */
class GraphExportTest {
    private static Analyses esp() throws Exception {
        return Analyses.of(Specs.load(Path.of("specs/blocks/esp.yaml")), Profile.STANDARD, 4);
    }

    @Test
    void graphmlHasEveryNodeAndEdgeWithItsData() throws Exception {
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(GraphExport.graphml(esp()))));
        // ESP with K = 5: input, reduce, 5 branches, 3 HFF sums, concat, residual, batch norm, PReLU.
        assertEquals(1 + 1 + 5 + 3 + 1 + 1 + 1 + 1, doc.getElementsByTagName("node").getLength());
        // reduce <- x; 5 branches <- reduce; each sum reads 2; concat reads 5; residual 2; bn 1; prelu 1.
        assertEquals(1 + 5 + 3 * 2 + 5 + 2 + 1 + 1, doc.getElementsByTagName("edge").getLength());
    }

    @Test
    void dotLabelsNodesWithOpShapeAndCost() throws Exception {
        String dot = GraphExport.dot(esp());
        assertTrue(dot.startsWith("digraph G {"), dot);
        // 12*12*9 weights; a 3x3 at rate 16 (2^k for branch d4), stride and groups at their defaults
        assertTrue(dot.contains("label=\"esp.d4\\nconv 1x12x128x256\\nkernel 3, dilation 16\\nparams 1,296"), dot);
        assertEquals(1 + 5 + 3 * 2 + 5 + 2 + 1 + 1, dot.split(" -> ", -1).length - 1);
        assertTrue(dot.contains("label=\"esp (standard profile)\""), dot);
    }

    private static Analyses espnet() throws Exception {
        return Analyses.of(Specs.load(Path.of("specs/networks/espnet.yaml")), Profile.STANDARD, 4);
    }

    @Test
    void labelsShowStrideAndGroupsOnlyWhereTheyAreNotTheDefault() throws Exception {
        String dot = GraphExport.dot(espnet());
        // level2_0 reduces with a 3x3 stride-2 convolution; the 1x1 reduce of level2.0 has only its kernel
        assertTrue(dot.contains("\\nconv 1x12x128x256\\nkernel 3, stride 2\\n"), dot);
        assertTrue(dot.contains("label=\"level2.0.reduce\\nconv 1x12x128x256\\nkernel 1\\nparams 768"), dot);
        assertFalse(dot.contains("groups 1"), "groups 1 is the default");
        assertFalse(dot.contains("stride 1,") || dot.contains("stride 1\\n"), "stride 1 is the default");
    }

    @Test
    void blockInstancesAreClustersAndDepthCollapsesThem() throws Exception {
        Analyses a = espnet();
        String open = GraphExport.dot(a);
        // ESPNet's network file writes 20 block instances: level1, b1, level2_0, level2.0-1, b2, level3_0,
        // level3.0-7, b3, decoder.combine_br, decoder.combine, decoder.up_l2_br, decoder.conv
        assertEquals(20, count(open, "subgraph cluster_"));
        assertTrue(open.contains("label=\"level3.7 (esp)\""), open);
        // collapsed, each instance is one node: the nodes outside blocks and 20 block nodes
        String collapsed = GraphExport.dot(a, 0);
        assertEquals(0, count(collapsed, "subgraph cluster_"));
        long inBlocks = a.network().nodes().stream().filter(n -> !n.chain().isEmpty()).count();
        long drawn = count(collapsed, "[label=");
        assertEquals(a.network().nodes().size() - inBlocks + 20, drawn - edgeLines(collapsed));
        assertTrue(collapsed.contains("label=\"level3.7\\nesp block, 13 nodes\\n1x128x64x128"), collapsed);
        // no edge inside a collapsed block is drawn, and none leaves a node for itself
        assertFalse(collapsed.lines().anyMatch(l -> l.matches("\\s*(\\w+) -> \\1 .*")), collapsed);
    }

    private static long count(String text, String what) {
        return text.split(java.util.regex.Pattern.quote(what), -1).length - 1;
    }

    private static long edgeLines(String dot) {
        return dot.lines().filter(l -> l.contains(" -> ")).count();
    }

    @Test
    void graphvizDrawsTheBlockGraphWhenInstalled() throws Exception {
        Assumptions.assumeTrue(Graphviz.installed() || System.getenv("NETSPEC_REQUIRE_GRAPHVIZ") != null,
                "Graphviz's dot is not installed");
        String svg = GraphExport.blockGraphSvg(espnet()).orElseThrow();
        assertTrue(svg.contains("<svg"), svg);
        assertTrue(svg.contains("level3.7"), "collapsed blocks are labelled");
        byte[] png = Graphviz.render("digraph G { a -> b }", "png").orElseThrow();
        assertEquals(0x89, png[0] & 0xff);
        assertEquals("PNG", new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII));
    }
}
