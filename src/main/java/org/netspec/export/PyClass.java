package org.netspec.export;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Python class shared by units whose code has the same structure. A value that is the same in
 * every instance is written as a literal; values that differ become constructor arguments, one per
 * distinct column of values: {@code in_channels} and {@code out_channels} when they are the
 * input's and the output's channels, else named after what they set ({@code stride}, or
 * {@code dw_stride} when two arguments would share a name).
 */
final class PyClass {
    /** A constructor argument of one instance; {@code pytorchDefault} is its default in the signature, or null. */
    record Argument(String name, Object value, boolean positional, Object pytorchDefault) {
    }

    /** A constructor argument: its values per instance, whether forward reads it (then it is kept as an attribute). */
    private static final class Param {
        final Code.Hole first;
        final List<Object> values;
        /** The default of PyTorch's argument every value of the column sets, if they agree on one. */
        Object pytorchDefault;
        boolean forward;
        String name;
        boolean positional;

        Param(Code.Hole first, List<Object> values) {
            this.first = first;
            this.values = values;
            this.pytorchDefault = first.optional() ? first.pytorchDefault() : null;
        }

        /** Keeps the default only while every value set agrees on it. */
        void setsAlso(List<Code.Hole> holes) {
            for (Code.Hole h : holes) {
                if (pytorchDefault != null && (!h.optional()
                        || !Python.literal(h.pytorchDefault()).equals(Python.literal(pytorchDefault)))) {
                    pytorchDefault = null;
                }
            }
        }
    }

    private final int id;
    private final Unit.Type type;
    private final String kind;
    private final List<Unit> instances = new ArrayList<>();
    private final Map<Unit, Integer> index = new HashMap<>();
    private final List<UnitTemplate> templates = new ArrayList<>();
    private final List<Param> params = new ArrayList<>();
    /** Per hole: null when left out, a Param, or the literal text. */
    private final List<Object> holes = new ArrayList<>();
    private String name;

    PyClass(int id, Unit.Type type, String kind) {
        this.id = id;
        this.type = type;
        this.kind = kind;
    }

    int id() {
        return id;
    }

    Unit.Type type() {
        return type;
    }

    String kind() {
        return kind;
    }

    String name() {
        return name;
    }

    void setName(String n) {
        name = n;
    }

    List<Unit> instances() {
        return instances;
    }

    void add(Unit u, UnitTemplate t) {
        index.put(u, instances.size());
        instances.add(u);
        templates.add(t);
    }

    UnitTemplate template() {
        return templates.get(0);
    }

    /** The constructor arguments of one instance, in the constructor's order. */
    List<Argument> arguments(Unit u) {
        int i = index.get(u);
        return params.stream().map(p -> new Argument(p.name, p.values.get(i), p.positional, p.pytorchDefault)).toList();
    }

    /** Decides which values are literals and which are constructor arguments, and names the arguments. */
    void finish() {
        List<List<Code.Hole>> all = templates.stream().map(UnitTemplate::holes).toList();
        int initHoles = template().initHoles();
        Map<List<String>, Param> byColumn = new LinkedHashMap<>();
        for (int j = 0; j < all.get(0).size(); j++) {
            int hole = j;
            List<String> column = all.stream().map(h -> Python.literal(h.get(hole).value())).toList();
            Code.Hole first = all.get(0).get(j);
            boolean defaults = first.optional() && all.stream().allMatch(h -> Python.literal(h.get(hole).value())
                    .equals(Python.literal(h.get(hole).pytorchDefault())));
            if (defaults) {
                holes.add(null);
            } else if (column.stream().distinct().count() == 1) {
                holes.add(column.get(0));
            } else {
                Param p = byColumn.computeIfAbsent(column, c -> new Param(first, all.stream().map(h -> h.get(hole).value()).toList()));
                p.forward |= j >= initHoles;
                p.setsAlso(all.stream().map(h -> h.get(hole)).toList());
                holes.add(p);
            }
        }
        name(new ArrayList<>(byColumn.entrySet()));
    }

    private void name(List<Map.Entry<List<String>, Param>> columns) {
        List<String> in = channels(true);
        List<String> out = channels(false);
        Map<String, Integer> shortNames = new HashMap<>(Map.of("in_channels", 1, "out_channels", 1));
        for (Map.Entry<List<String>, Param> e : columns) {
            if (!e.getKey().equals(in) && !e.getKey().equals(out)) {
                shortNames.merge(e.getValue().first.name(), 1, Integer::sum);
            }
        }
        Set<String> taken = new HashSet<>(Set.of("self"));
        List<Param> channels = new ArrayList<>();
        List<Param> others = new ArrayList<>();
        for (Map.Entry<List<String>, Param> e : columns) {
            Param p = e.getValue();
            String n;
            if (e.getKey().equals(in) || e.getKey().equals(out)) {
                n = e.getKey().equals(in) ? "in_channels" : "out_channels";
                p.positional = true;
                channels.add(p);
            } else {
                n = shortNames.get(p.first.name()) == 1 ? p.first.name() : p.first.qualified();
                others.add(p);
            }
            n = Python.isIdentifier(n) ? n : "arg_" + n;
            if (p.forward && (template().attributes().contains(n) || !Python.isAttribute(n))) {
                n += "_value";
            }
            String unique = n;
            for (int k = 2; taken.contains(unique); k++) {
                unique = n + "_" + k;
            }
            taken.add(unique);
            p.name = unique;
        }
        channels.forEach(p -> p.pytorchDefault = null);
        channels.sort((a, b) -> a.name.compareTo(b.name));
        params.addAll(channels);
        others.stream().filter(p -> p.pytorchDefault == null).forEach(params::add);
        others.stream().filter(p -> p.pytorchDefault != null).forEach(params::add);
    }

    /** Each instance's input (or main output) channels, as literals. */
    private List<String> channels(boolean input) {
        return instances.stream().map(u -> {
            List<Unit.Value> values = input ? u.inputs() : u.outputs();
            return values.isEmpty() || values.get(0).node().shape().rank() < 2 ? ""
                    : Long.toString(values.get(0).node().shape().c());
        }).toList();
    }

    /** The class's code, documented by {@code doc}. */
    String render(String doc) {
        StringBuilder out = new StringBuilder("class ").append(name).append("(nn.Module):\n");
        out.append(Python.docstring(doc, "    ")).append("\n\n");
        out.append("    def __init__(self");
        params.forEach(p -> out.append(", ").append(p.name)
                .append(p.pytorchDefault == null ? "" : "=" + Python.literal(p.pytorchDefault)));
        out.append("):\n        super().__init__()\n");
        params.stream().filter(p -> p.forward).forEach(p -> out.append("        self.").append(p.name).append(" = ")
                .append(p.name).append('\n'));
        int[] hole = {0};
        template().init().forEach(c -> out.append("        ").append(line(c, hole, false)).append('\n'));
        out.append("\n    def forward(self");
        template().inputNames().forEach(n -> out.append(", ").append(n));
        out.append("):\n");
        template().forward().forEach(c -> out.append("        ").append(line(c, hole, true)).append('\n'));
        return out.toString();
    }

    private String line(Code c, int[] hole, boolean forward) {
        StringBuilder out = new StringBuilder();
        for (Code.Token t : c.tokens()) {
            if (t instanceof Code.Text x) {
                out.append(x.text());
            } else if (t instanceof Code.Hole h) {
                out.append(value(h, holes.get(hole[0]++), forward));
            } else if (t instanceof Code.Args a) {
                List<String> args = new ArrayList<>();
                for (Code.Hole h : a.holes()) {
                    Object decided = holes.get(hole[0]++);
                    if (decided != null) {
                        args.add(value(h, decided, forward));
                    }
                }
                out.append(String.join(", ", args));
            } else if (t instanceof Code.ClassRef r) {
                out.append(r.cls().name());
            }
        }
        return out.toString().replace("\n", "\n        ");
    }

    private static String value(Code.Hole h, Object decided, boolean forward) {
        String v = decided instanceof Param p ? (forward ? "self." : "") + p.name : (String) decided;
        return h.keyword() == null ? v : h.keyword() + "=" + v;
    }
}
