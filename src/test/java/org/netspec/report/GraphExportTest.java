package org.netspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
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
        assertTrue(dot.contains("esp.d4\nconv 1x12x128x256\nparams 1,296"), dot); // 12*12*9
        assertEquals(1 + 5 + 3 * 2 + 5 + 2 + 1 + 1, dot.split(" -> ", -1).length - 1);
        assertTrue(dot.contains("label=\"esp (standard profile)\""), dot);
    }
}
