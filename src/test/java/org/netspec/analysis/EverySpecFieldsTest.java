package org.netspec.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.netspec.analysis.field.ReceptiveField;
import org.netspec.analysis.gridding.Gridding;
import org.netspec.graph.Edge;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.report.FieldJson;

/**
 * Every network and block of the library gets a receptive field for every node its input reaches,
 * and a measured footprint for every block with a dilated layer.
 */
class EverySpecFieldsTest {
    private static Stream<Path> specs() throws IOException {
        return Stream.of("specs/networks", "specs/blocks").flatMap(dir -> {
            try (Stream<Path> files = Files.list(Path.of(dir))) {
                return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }

    private static Set<Node> downstream(Network net, Node source) {
        Set<Node> seen = new LinkedHashSet<>(Set.of(source));
        Deque<Node> work = new ArrayDeque<>(seen);
        while (!work.isEmpty()) {
            for (Edge e : net.graph().outgoingEdgesOf(work.pop())) {
                if (seen.add(e.target())) {
                    work.push(e.target());
                }
            }
        }
        return seen;
    }

    @TestFactory
    Stream<DynamicTest> everyNodeHasAFieldAndEveryDilatedBlockAFootprint() throws IOException {
        return specs().map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
            Network net = Specs.load(p);
            ReceptiveField rf = ReceptiveField.of(net);
            Set<Node> reached = downstream(net, rf.source());
            if (p.startsWith("specs/networks")) {
                assertEquals(net.nodes().size(), reached.size(), "a network's nodes all descend from its input");
            }
            for (Node n : reached) {
                ReceptiveField.Field f = rf.field(n).orElseThrow(() -> new AssertionError(n.name() + " has no field"));
                for (ReceptiveField.Axis a : new ReceptiveField.Axis[] {f.height(), f.width()}) {
                    assertTrue(a.minSize() >= 1 && a.minSize() <= a.size(), n.name() + ": " + a);
                    assertTrue(a.stride() == null || a.stride().compareTo(BigFraction.ZERO) >= 0, n.name() + ": " + a);
                }
                assertEquals(2, FieldJson.of(f).get("size").size());
            }
            Gridding g = Gridding.of(net);
            for (Gridding.Block b : g.blocks()) {
                assertNull(b.unmeasured(), b.name());
                BigFraction c = b.coverage();
                assertTrue(c.compareTo(BigFraction.ZERO) > 0 && c.compareTo(BigFraction.ONE) <= 0, b.name() + ": " + c);
                assertTrue(g.coverage(b.output()).isPresent(), b.name());
            }
        }));
    }
}
