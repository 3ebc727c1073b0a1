package org.netspec.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.netspec.graph.Node;
import org.netspec.ops.PyTorchWriter;

/** What an operator wrote for one node: a network input, a submodule, or an expression of its inputs. */
final class NodeCode implements PyTorchWriter {
    private static final Pattern PLACE = Pattern.compile("\\{(\\d+)}");

    enum Kind { ARGUMENT, MODULE, EXPRESSION }

    /** A constructor argument: positional when {@code keyword} is false; optional ones may be left out. */
    record Argument(String name, Object value, boolean keyword, boolean optional, Object pytorchDefault) {
    }

    /** A piece of a code template: text, an input tensor, or a value. */
    sealed interface Piece permits Text, Read, Literal {
    }

    record Text(String text) implements Piece {
    }

    /** The tensor of input {@code port}, or its max-pool's indices. */
    record Read(Input input) implements Piece {
    }

    record Literal(Value value) implements Piece {
    }

    private final Node node;
    private final Map<String, String> helpers;
    private Kind kind;
    private String constructor;
    private final List<Argument> arguments = new ArrayList<>();
    private List<Piece> code;
    private boolean returnsIndices;

    private NodeCode(Node node, Map<String, String> helpers) {
        this.node = node;
        this.helpers = helpers;
    }

    /** The node's code, as its operator writes it; helper functions it uses are added to {@code helpers}. */
    static NodeCode of(Node node, Map<String, String> helpers) {
        NodeCode c = new NodeCode(node, helpers);
        node.op().writePyTorch(c, node.attributes(), node.inputShapes(), node.shape());
        if (c.kind == null) {
            throw new IllegalStateException("`" + node.op().name() + "` wrote no PyTorch code for `" + node.name() + "`");
        }
        if (c.kind == Kind.MODULE && c.code == null) {
            List<Object> parts = new ArrayList<>();
            List<String> places = new ArrayList<>();
            for (int port = 0; port < node.inputs().size(); port++) {
                places.add("{" + port + "}");
                parts.add(PyTorchWriter.input(port));
            }
            c.code = c.pieces(String.join(", ", places), parts.toArray());
        }
        return c;
    }

    Node node() {
        return node;
    }

    Kind kind() {
        return kind;
    }

    String constructor() {
        return constructor;
    }

    List<Argument> arguments() {
        return arguments;
    }

    /** The expression, or the arguments forward passes to the module. */
    List<Piece> code() {
        return code;
    }

    boolean returnsIndices() {
        return returnsIndices;
    }

    /** Whether forward calls the module on its one input's values and nothing else, as nn.Sequential does. */
    boolean callsOnOneInput() {
        return code.size() == 1 && code.get(0) instanceof Read r && !r.input().indices() && node.inputs().size() == 1;
    }

    /** The tensors forward reads, in the order of their places (repeats included). */
    List<Unit.Value> reads() {
        List<Unit.Value> out = new ArrayList<>();
        if (code != null) {
            for (Piece p : code) {
                if (p instanceof Read r) {
                    out.add(new Unit.Value(node.inputs().get(r.input().port()), r.input().indices()));
                }
            }
        }
        return out;
    }

    @Override
    public void argument() {
        setKind(Kind.ARGUMENT);
    }

    @Override
    public Module module(String constructorName) {
        setKind(Kind.MODULE);
        constructor = constructorName;
        return new Module() {
            @Override
            public Module arg(String name, Object value) {
                arguments.add(new Argument(name, value, false, false, null));
                return this;
            }

            @Override
            public Module kw(String name, Object value) {
                arguments.add(new Argument(name, value, true, false, null));
                return this;
            }

            @Override
            public Module kw(String name, Object value, Object pytorchDefault) {
                arguments.add(new Argument(name, value, true, true, pytorchDefault));
                return this;
            }

            @Override
            public Module call(String template, Object... parts) {
                code = pieces(template, parts);
                return this;
            }

            @Override
            public Module returnsIndices() {
                returnsIndices = true;
                return this;
            }
        };
    }

    @Override
    public void expression(String template, Object... parts) {
        setKind(Kind.EXPRESSION);
        code = pieces(template, parts);
    }

    @Override
    public void helper(String name, String helperCode) {
        String known = helpers.putIfAbsent(name, helperCode);
        if (known != null && !known.equals(helperCode)) {
            throw new IllegalStateException("two different helpers are named `" + name + "`");
        }
    }

    private void setKind(Kind k) {
        if (kind != null) {
            throw new IllegalStateException("`" + node.op().name() + "` wrote `" + node.name() + "` twice");
        }
        kind = k;
    }

    private List<Piece> pieces(String template, Object... parts) {
        List<Piece> out = new ArrayList<>();
        Matcher m = PLACE.matcher(template);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                out.add(new Text(template.substring(at, m.start())));
            }
            Object part = parts[Integer.parseInt(m.group(1))];
            if (part instanceof Input in) {
                if (in.port() >= node.inputs().size()) {
                    throw new IllegalStateException("`" + node.name() + "` has no input " + in.port());
                }
                out.add(new Read(in));
            } else if (part instanceof Value v) {
                out.add(new Literal(v));
            } else {
                throw new IllegalStateException("a template part is an Input or a Value, not " + part);
            }
            at = m.end();
        }
        if (at < template.length()) {
            out.add(new Text(template.substring(at)));
        }
        return out;
    }

    @Override
    public RuntimeException unsupported(String reason) {
        return new ExportException("cannot export `" + node.name() + "` (" + node.op().name() + ") to PyTorch: " + reason);
    }
}
