package org.netspec.exec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.netspec.graph.Network;
import org.netspec.graph.NetworkBuilder;
import org.netspec.ops.Attributes;
import org.netspec.ops.Operator;
import org.netspec.ops.Operators;
import org.netspec.spec.ExpandedNode;
import org.netspec.spec.SourceLocation;

/** Networks built in code, for operators no spec can name. */
public final class TestNetworks {
    private TestNetworks() {
    }

    /** input x 1x2x5x6, then `bad` (a {@link WrongShape}), then a relu `after`. */
    public static Network withWrongShapeRule() {
        Path file = Path.of("wrong-shape.yaml");
        SourceLocation at = SourceLocation.ofFile(file);
        Operator input = Operators.find("input").orElseThrow();
        Operator relu = Operators.find("relu").orElseThrow();
        Operator wrong = new WrongShape();
        List<ExpandedNode> nodes = List.of(
                new ExpandedNode("x", input, Attributes.of(input, Map.of("shape", List.of(1L, 2L, 5L, 6L))), List.of(), at,
                        Map.of(), List.of()),
                new ExpandedNode("bad", wrong, Attributes.of(wrong, Map.of()), List.of("x"), at, Map.of(), List.of()),
                new ExpandedNode("after", relu, Attributes.of(relu, Map.of()), List.of("bad"), at, Map.of(), List.of()));
        return NetworkBuilder.build("wrong_shape", file, nodes, List.of("after")).network().orElseThrow();
    }
}
