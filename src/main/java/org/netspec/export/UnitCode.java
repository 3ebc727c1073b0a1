package org.netspec.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netspec.graph.Node;
import org.netspec.spec.Frame;
import org.netspec.spec.SourceLocation;

/**
 * Writes the code of one unit: its submodules as attributes named after the node names (so
 * parameter names are the weight names), and forward as one statement per node or nested unit.
 * A repeated scope whose repetitions feed each other one tensor at a time becomes an
 * {@code nn.Sequential} called once; other repeated scopes an {@code nn.ModuleList}.
 */
final class UnitCode {
    /** A submodule slot: a module node, a nested unit, or a container of slots. */
    private static final class Member {
        enum Form { LEAF, SEQUENCE, LIST, CONTAINER }

        final String key;
        final Member parent;
        final String local;
        final Map<String, Member> children = new LinkedHashMap<>();
        /** Keys written in the spec that nn.Module forbids, and the keys used instead. */
        final Map<String, String> renamed = new HashMap<>();
        Form form = Form.CONTAINER;
        Node node;
        Unit unit;
        String access;

        Member(String key, Member parent) {
            this.key = key;
            this.parent = parent;
            this.local = parent == null || parent.local.isEmpty() ? key : parent.local + "." + key;
        }

        List<Member> ordered() {
            List<Member> out = new ArrayList<>(children.values());
            if (form == Form.SEQUENCE || form == Form.LIST) {
                out.sort(Comparator.comparingInt(m -> Integer.parseInt(m.key)));
            }
            return out;
        }
    }

    private final Units units;
    private final Unit unit;
    private final Map<Unit, PyClass> classes;
    private final Member root = new Member("", null);
    private final Map<Node, Member> nodeMembers = new HashMap<>();
    private final Map<Unit, Member> unitMembers = new HashMap<>();
    private final Set<String> reserved;
    private Variables vars;

    private UnitCode(Units units, Unit unit, Map<Unit, PyClass> classes, Set<String> reserved) {
        this.units = units;
        this.unit = unit;
        this.classes = classes;
        this.reserved = reserved;
    }

    /**
     * @param classes the classes of the unit's nested units, already chosen
     * @param reserved names forward must not use for its variables (modules, helpers)
     */
    static UnitTemplate of(Units units, Unit unit, Map<Unit, PyClass> classes, Set<String> reserved) {
        UnitCode c = new UnitCode(units, unit, classes, reserved);
        c.members();
        c.vars = new Variables(c.reserved, c.statementNames());
        List<Code> init = new ArrayList<>();
        c.init(c.root, init);
        List<String> inputs = c.inputNames();
        List<Code> forward = c.forward();
        return new UnitTemplate(inputs, init, forward, c.root.children.keySet(), c.source());
    }

    // ---- submodules ------------------------------------------------------------------------------

    private void members() {
        root.access = "self";
        for (Node n : unit.nodes()) {
            Unit home = units.home(n);
            if (home == unit) {
                if (units.code(n).kind() == NodeCode.Kind.MODULE) {
                    Member m = insert(unit.local(n.name()), List.of(n));
                    m.node = n;
                    nodeMembers.put(n, m);
                }
            } else {
                Unit child = childOf(home);
                if (!unitMembers.containsKey(child)) {
                    Member m = insert(child.localIn(unit), child.nodes());
                    m.unit = child;
                    unitMembers.put(child, m);
                }
            }
        }
        shape(root);
    }

    private Unit childOf(Unit inner) {
        Unit u = inner;
        while (u.parent() != unit) {
            u = u.parent();
        }
        return u;
    }

    /**
     * The member at a dotted path, containers created on the way. A name nn.Module assigns itself
     * ({@code training}) takes a trailing underscore when no weight lies below it, and is refused
     * when one does, since its weights could not keep their names.
     */
    private Member insert(String dotted, List<Node> below) {
        Member at = root;
        for (String written : dotted.split("\\.")) {
            Member parent = at;
            if (Python.isAssigned(written)) {
                below.stream().filter(n -> !n.op().weights(n.attributes(), n.inputShapes()).isEmpty()).findFirst()
                        .ifPresent(n -> {
                            throw new ExportException(n.location() + ": error: `" + n.name() + "` has weights below the "
                                    + "name `" + written + "`, which PyTorch's nn.Module assigns itself; rename that layer");
                        });
            }
            String key = parent.renamed.computeIfAbsent(written, k -> Python.isAssigned(k) ? free(parent, k + "_") : k);
            at = parent.children.computeIfAbsent(key, k -> new Member(k, parent));
        }
        at.form = Member.Form.LEAF;
        return at;
    }

    private static String free(Member parent, String key) {
        String k = key;
        while (parent.children.containsKey(k) || Python.isAssigned(k)) {
            k += "_";
        }
        return k;
    }

    /** Decides each container's form and each member's access expression, parents first. */
    private void shape(Member m) {
        for (Member c : m.children.values()) {
            if (m.form == Member.Form.SEQUENCE || m.form == Member.Form.LIST) {
                c.access = m.access + "[" + c.key + "]";
            } else if (Python.isAttribute(c.key)) {
                c.access = m.access + "." + c.key;
            } else if (Python.isReserved(c.key)) {
                c.access = m.access + "._modules[" + Python.string(c.key) + "]";
            } else {
                c.access = "getattr(" + m.access + ", " + Python.string(c.key) + ")";
            }
            if (c.form == Member.Form.CONTAINER && isRepeat(c)) {
                c.form = Member.Form.LIST;
                if (loops(c)) {
                    c.form = Member.Form.SEQUENCE;
                }
            }
            shape(c);
        }
    }

    private static boolean isRepeat(Member m) {
        for (int i = 0; i < m.children.size(); i++) {
            Member c = m.children.get(Integer.toString(i));
            if (c == null || c.form != Member.Form.LEAF) {
                return false;
            }
        }
        return !m.children.isEmpty();
    }

    /**
     * Whether the repetitions run one after the other, each reading only the tensor the one
     * before produced and that tensor read by nothing else, so one call runs them all.
     */
    private boolean loops(Member scope) {
        Unit.Value before = null;
        List<Member> elements = scope.ordered();
        for (int i = 0; i < elements.size(); i++) {
            Member e = elements.get(i);
            List<Unit.Value> ends = ends(e);
            if (!called(e) || ends == null) {
                return false;
            }
            Unit.Value in = ends.get(0);
            if (i == 0 ? in.node().name().startsWith(unit.prefix() + scope.local + ".") : !in.equals(before)) {
                return false;
            }
            if (before != null) {
                Member previous = elements.get(i - 1);
                for (Node r : units.readers(before)) {
                    if (units.runs(r, unit) && !holds(previous, r) && !holds(e, r)) {
                        return false;
                    }
                }
                if (units.network().outputs().contains(before.node())) {
                    return false;
                }
            }
            before = ends.get(1);
        }
        return true;
    }

    /** The one tensor a repetition reads and the one it produces, or null if it has other inputs or outputs. */
    private List<Unit.Value> ends(Member e) {
        if (e.node != null) {
            NodeCode c = units.code(e.node);
            return c.callsOnOneInput() && !c.returnsIndices() ? List.of(c.reads().get(0), new Unit.Value(e.node, false)) : null;
        }
        Unit u = e.unit;
        boolean single = u.inputs().size() == 1 && u.outputs().size() == 1 && !u.inputs().get(0).indices()
                && !u.outputs().get(0).indices();
        return single ? List.of(u.inputs().get(0), u.outputs().get(0)) : null;
    }

    private boolean called(Member e) {
        return e.node != null ? units.runs(e.node, unit) : e.unit.nodes().stream().anyMatch(n -> units.runs(n, unit));
    }

    private static boolean holds(Member e, Node n) {
        return e.node != null ? e.node == n : e.unit.contains(n);
    }

    // ---- __init__ --------------------------------------------------------------------------------

    private void init(Member m, List<Code> out) {
        for (Member c : m.ordered()) {
            Code value = switch (c.form) {
                case LEAF -> build(c);
                case SEQUENCE -> sequence(c);
                case LIST -> list("nn.ModuleList([", c.ordered(), "])");
                case CONTAINER -> new Code().text("nn.Module()");
            };
            out.add(assign(m, c, value));
            if (c.form == Member.Form.CONTAINER) {
                init(c, out);
            }
        }
    }

    private static Code assign(Member parent, Member c, Code value) {
        if (Python.isAttribute(c.key)) {
            return new Code().text(parent.access + "." + c.key + " = ").add(value);
        }
        if (Python.isReserved(c.key)) {
            return new Code().text(parent.access + "._modules[" + Python.string(c.key) + "] = ").add(value);
        }
        return new Code().text(parent.access + ".add_module(" + Python.string(c.key) + ", ").add(value).text(")");
    }

    /** The constructor call of a module node or a nested unit. */
    private Code build(Member m) {
        boolean element = m.parent.form == Member.Form.SEQUENCE || m.parent.form == Member.Form.LIST;
        String qualifier = (element ? m.parent.local : m.local).replace('.', '_') + "_";
        List<Code.Hole> holes = new ArrayList<>();
        if (m.node != null) {
            NodeCode c = units.code(m.node);
            for (NodeCode.Argument a : c.arguments()) {
                holes.add(new Code.Hole(a.keyword() ? a.name() : null, a.value(), a.optional(), a.pytorchDefault(), a.name(),
                        qualifier + a.name()));
            }
            return new Code().text(c.constructor() + "(").add(new Code.Args(holes)).text(")");
        }
        PyClass cls = classes.get(m.unit);
        for (PyClass.Argument a : cls.arguments(m.unit)) {
            holes.add(new Code.Hole(a.positional() ? null : a.name(), a.value(), a.pytorchDefault() != null, a.pytorchDefault(),
                    a.name(), qualifier + a.name()));
        }
        return new Code().add(new Code.ClassRef(cls)).text("(").add(new Code.Args(holes)).text(")");
    }

    /** Identical repetitions as {@code nn.Sequential(*[... for _ in range(n)])}, so the count can vary; others listed. */
    private Code sequence(Member m) {
        List<Member> elements = m.ordered();
        Code first = build(elements.get(0));
        boolean same = elements.size() > 1 && elements.stream().allMatch(e -> build(e).valueKey().equals(first.valueKey()));
        if (!same) {
            return list("nn.Sequential(", elements, ")");
        }
        return new Code().text("nn.Sequential(*[").add(first).text(" for _ in range(")
                .add(Code.Hole.of((long) elements.size(), "repeat", m.local.replace('.', '_') + "_repeat")).text(")])");
    }

    private Code list(String open, List<Member> elements, String close) {
        Code out = new Code().text(open);
        if (elements.size() == 1) {
            return out.add(build(elements.get(0))).text(close);
        }
        for (Member e : elements) {
            out.text("\n    ").add(build(e)).text(",");
        }
        return out.text("\n" + close);
    }

    // ---- forward ---------------------------------------------------------------------------------

    private List<String> inputNames() {
        List<String> names = new ArrayList<>();
        if (unit.type() == Unit.Type.NETWORK) {
            for (Node in : units.network().inputs()) {
                names.add(vars.name(new Unit.Value(in, false), vars.candidates(in.name(), "")));
            }
            return names;
        }
        for (int k = 0; k < unit.inputs().size(); k++) {
            Unit.Value v = unit.inputs().get(k);
            names.add(vars.name(v, List.of((k == 0 ? "x" : outsideName(v)) + (v.indices() ? "_indices" : ""))));
        }
        return names;
    }

    /**
     * What a tensor from outside is called: its node's last name, or the name of the unit whose
     * result it is ({@code learning_to_downsample} rather than its last node {@code pw_act}).
     */
    private String outsideName(Unit.Value v) {
        String name = last(v.node().name());
        for (Unit u = units.home(v.node()); u.parent() != null && !unit.prefix().startsWith(u.prefix())
                && u.outputs().get(0).equals(v); u = u.parent()) {
            name = last(u.prefix().substring(0, u.prefix().length() - 1));
        }
        return name;
    }

    private static String last(String dotted) {
        return dotted.substring(dotted.lastIndexOf('.') + 1);
    }

    private List<Code> forward() {
        List<Code> out = new ArrayList<>();
        Set<Object> done = new HashSet<>();
        for (Node n : unit.nodes()) {
            Unit home = units.home(n);
            if (home == unit) {
                NodeCode c = units.code(n);
                if (!units.runs(n, unit) || c.kind() == NodeCode.Kind.ARGUMENT) {
                    continue;
                }
                Member m = nodeMembers.get(n);
                if (m != null && m.parent.form == Member.Form.SEQUENCE) {
                    if (done.add(m.parent)) {
                        out.add(sequenceCall(m.parent));
                    }
                } else {
                    out.add(nodeStatement(n, m));
                }
                continue;
            }
            Unit child = childOf(home);
            Member m = unitMembers.get(child);
            if (!done.add(child) || !called(m)) {
                continue;
            }
            if (m.parent.form == Member.Form.SEQUENCE) {
                if (done.add(m.parent)) {
                    out.add(sequenceCall(m.parent));
                }
            } else {
                out.add(unitCall(child, m));
            }
        }
        List<String> results = unit.outputs().stream().map(vars::of).toList();
        out.add(new Code().text("return " + String.join(", ", results)));
        return out;
    }

    private Code nodeStatement(Node n, Member m) {
        NodeCode c = units.code(n);
        Code line = new Code();
        String qualifier = unit.local(n.name()).replace('.', '_') + "_";
        List<Code.Token> pieces = new ArrayList<>();
        for (NodeCode.Piece p : c.code()) {
            if (p instanceof NodeCode.Text t) {
                pieces.add(new Code.Text(t.text()));
            } else if (p instanceof NodeCode.Read r) {
                pieces.add(new Code.Text(vars.of(new Unit.Value(n.inputs().get(r.input().port()), r.input().indices()))));
            } else if (p instanceof NodeCode.Literal l) {
                pieces.add(Code.Hole.of(l.value().value(), l.value().name(), qualifier + l.value().name()));
            }
        }
        String target = vars.name(new Unit.Value(n, false), vars.candidates(unit.local(n.name()), ""));
        if (c.returnsIndices()) {
            target += ", " + vars.name(new Unit.Value(n, true), vars.candidates(unit.local(n.name()), "_indices"));
        }
        line.text(target + " = " + (c.kind() == NodeCode.Kind.MODULE ? m.access + "(" : ""));
        pieces.forEach(line::add);
        return c.kind() == NodeCode.Kind.MODULE ? line.text(")") : line;
    }

    private Code unitCall(Unit child, Member m) {
        String args = String.join(", ", child.inputs().stream().map(vars::of).toList());
        List<String> targets = new ArrayList<>();
        String local = child.localIn(unit);
        String last = local.substring(local.lastIndexOf('.') + 1);
        for (int i = 0; i < child.outputs().size(); i++) {
            Unit.Value v = child.outputs().get(i);
            String suffix = v.indices() ? "_indices" : "";
            if (i == 0) {
                targets.add(vars.name(v, vars.candidates(local, suffix)));
            } else {
                String inner = child.local(v.node().name()).replace('.', '_') + suffix;
                List<String> options = new ArrayList<>(List.of(last + "_" + inner));
                options.addAll(vars.candidates(local + "." + child.local(v.node().name()), suffix));
                targets.add(vars.name(v, options));
            }
        }
        return new Code().text(String.join(", ", targets) + " = " + m.access + "(" + args + ")");
    }

    private Code sequenceCall(Member scope) {
        List<Member> elements = scope.ordered();
        String in = vars.of(ends(elements.get(0)).get(0));
        String out = vars.name(ends(elements.get(elements.size() - 1)).get(1), vars.candidates(scope.local, ""));
        return new Code().text(out + " = " + scope.access + "(" + in + ")");
    }

    /** The dotted names of everything forward may name: nodes, nested units and repeated scopes. */
    private Set<String> statementNames() {
        Set<String> names = new HashSet<>();
        for (Node n : unit.nodes()) {
            Unit home = units.home(n);
            names.add(home == unit ? unit.local(n.name()) : childOf(home).localIn(unit));
        }
        collectScopes(root, names);
        return names;
    }

    private static void collectScopes(Member m, Set<String> names) {
        for (Member c : m.children.values()) {
            if (c.form == Member.Form.SEQUENCE) {
                names.add(c.local);
            }
            collectScopes(c, names);
        }
    }

    private String source() {
        if (unit.type() != Unit.Type.BLOCK) {
            return null;
        }
        for (Node n : unit.nodes()) {
            List<Frame> chain = n.chain();
            for (int i = 0; i < chain.size(); i++) {
                if ((chain.get(i).instance() + ".").equals(unit.prefix())) {
                    // a node of the block, or a block instance written in the block's file
                    return SourceLocation.ofFile(i + 1 < chain.size() ? chain.get(i + 1).location().file()
                            : n.location().file()).toString();
                }
            }
        }
        return null;
    }
}
