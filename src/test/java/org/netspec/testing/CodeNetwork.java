package org.netspec.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netspec.graph.Network;
import org.netspec.graph.NetworkBuilder;
import org.netspec.ops.Attributes;
import org.netspec.ops.Operator;
import org.netspec.ops.Operators;
import org.netspec.spec.ExpandedNode;
import org.netspec.spec.Frame;
import org.netspec.spec.SourceLocation;

/**
 * A tiny network built in Java, node by node, with no spec file: the graphs the analyses are
 * tested on when the expected values are derived by hand, as google-research/receptive_field
 * builds its test graphs in code. A node reads the previous one unless it names its inputs; nodes
 * added between {@link #block} and {@link #endBlock} belong to that block instance. The output is
 * the last node.
 */
public final class CodeNetwork {
    private static final Path FILE = Path.of("in-code.yaml");
    private static final SourceLocation AT = SourceLocation.ofFile(FILE);

    private final List<ExpandedNode> nodes = new ArrayList<>();
    private List<Frame> chain = List.of();
    private String last;

    private CodeNetwork() {
    }

    /** A network whose input {@code x} is 1 x channels x height x width. */
    public static CodeNetwork input(long channels, long height, long width) {
        CodeNetwork n = new CodeNetwork();
        n.node("x", "input", Map.of("shape", List.of(1L, channels, height, width)));
        return n;
    }

    /**
     * A node of operator {@code op} with raw spec values; it reads {@code from}, or the previous
     * node when none is given.
     */
    public CodeNetwork node(String name, String op, Map<String, Object> attributes, String... from) {
        Operator operator = Operators.find(op).orElseThrow(() -> new IllegalArgumentException("no operator " + op));
        List<String> inputs = from.length > 0 ? List.of(from) : last == null ? List.of() : List.of(last);
        nodes.add(new ExpandedNode(name, operator, Attributes.of(operator, attributes), inputs, AT, Map.of(), chain));
        last = name;
        return this;
    }

    /**
     * A square convolution keeping {@code out} channels, with {@code padding} zeros on each side.
     */
    public CodeNetwork conv(String name, long out, long kernel, long stride, long dilation, long padding,
            String... from) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("out", out);
        a.put("kernel", kernel);
        a.put("stride", stride);
        a.put("dilation", dilation);
        a.put("padding", padding);
        return node(name, "conv", a, from);
    }

    /** The nodes added from here to {@link #endBlock} are the instance {@code instance} of a block. */
    public CodeNetwork block(String instance) {
        chain = List.of(new Frame("in_code_block", instance, AT));
        return this;
    }

    public CodeNetwork endBlock() {
        chain = List.of();
        return this;
    }

    /** The network, with the last node as its output. */
    public Network build() {
        NetworkBuilder.Result r = NetworkBuilder.build("in_code", FILE, nodes, List.of(last));
        return r.network().orElseThrow(() -> new IllegalStateException(r.diagnostics().toString()));
    }
}
