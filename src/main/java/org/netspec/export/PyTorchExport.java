package org.netspec.export;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.spec.SourceLocation;

/**
 * A network as one self-contained PyTorch file: an {@code nn.Module} class per block kind (per
 * structure of a block, with constructor arguments for the values its instances differ in), one
 * attribute per block instance, {@code nn.Sequential} for repetitions, and parameter and buffer
 * names equal to netspec's weight names, so a dict of netspec's weights loads with no renaming.
 * Each operator writes its own node ({@link org.netspec.ops.Operator#writePyTorch}); this class
 * decides the classes, names and statement order. Only torch and torch.nn are imported.
 */
public final class PyTorchExport {
    private static final Set<String> MODULE_NAMES = Set.of("torch", "nn", "F", "INPUT_SHAPES");

    private PyTorchExport() {
    }

    /**
     * The name of the class that is the whole network: the network's name, with {@code Network}
     * after it when a block has that name too (a block file's sample runs a network named after it).
     */
    public static String className(Network network) {
        String name = Python.className(network.name());
        boolean taken = network.nodes().stream().flatMap(n -> n.chain().stream())
                .anyMatch(f -> Python.className(f.block()).equals(name));
        return taken ? name + "Network" : name;
    }

    /**
     * The Python file.
     *
     * @throws ExportException when a layer with weights has a name nn.Module keeps for itself
     */
    public static String of(Network network) {
        Map<String, String> helpers = new LinkedHashMap<>();
        Map<Node, NodeCode> codes = new HashMap<>();
        for (Node n : network.nodes()) {
            codes.put(n, NodeCode.of(n, helpers));
        }
        Units units = Units.of(network, codes);
        Set<String> reserved = new HashSet<>(MODULE_NAMES);
        reserved.addAll(helpers.keySet());
        List<PyClass> classes = classes(units, reserved);
        name(classes, network, reserved);
        return file(network, helpers, classes);
    }

    /** Classes for the units, innermost first, so each unit's code can use its nested units' classes. */
    private static List<PyClass> classes(Units units, Set<String> reserved) {
        List<Unit> byPosition = units.all();
        Map<Unit, PyClass> classOf = new HashMap<>();
        List<PyClass> classes = new ArrayList<>();
        int top = units.root().height();
        for (int h = 0; h <= top; h++) {
            Map<String, PyClass> byKey = new LinkedHashMap<>();
            for (Unit u : byPosition) {
                if (u.height() != h) {
                    continue;
                }
                UnitTemplate t = UnitCode.of(units, u, classOf, reserved);
                PyClass c = byKey.computeIfAbsent(u.type() + ":" + u.kind() + "\n" + t.key(), k -> {
                    PyClass created = new PyClass(classes.size(), u.type(), u.kind());
                    classes.add(created);
                    return created;
                });
                c.add(u, t);
                classOf.put(u, c);
            }
            byKey.values().forEach(PyClass::finish);
        }
        return classes;
    }

    /** The network's class by the network's name; the others by their block, numbered in order of appearance. */
    private static void name(List<PyClass> classes, Network network, Set<String> reserved) {
        Set<String> taken = new HashSet<>(reserved);
        String top = className(network);
        taken.add(top);
        List<PyClass> ordered = new ArrayList<>(classes);
        ordered.sort(Comparator.comparingInt(c -> c.instances().get(0).position()));
        for (PyClass c : ordered) {
            if (c.type() == Unit.Type.NETWORK) {
                c.setName(top);
                continue;
            }
            String base = Python.className(c.kind());
            String name = base;
            for (int k = 2; taken.contains(name); k++) {
                name = base + "_" + k;
            }
            taken.add(name);
            c.setName(name);
        }
    }

    private static String file(Network network, Map<String, String> helpers, List<PyClass> classes) {
        long params = 0;
        long buffers = 0;
        for (Node n : network.nodes()) {
            params = Math.addExact(params, n.cost().params());
            buffers = Math.addExact(buffers, n.cost().buffers());
        }
        List<String> inputs = network.inputs().stream().map(n -> n.name() + " " + n.shape()).toList();
        StringBuilder out = new StringBuilder("\"\"\"PyTorch module of the netspec network `").append(network.name())
                .append("` (").append(SourceLocation.ofFile(network.file())).append("),\nwritten by `analyzer export --format pytorch`.\n\n")
                .append("Parameter and buffer names are netspec's weight names (<node name>.<weight name>), so a dict of\n")
                .append("netspec's weights loads with model.load_state_dict(weights). Inputs: ").append(String.join(", ", inputs))
                .append(".\n").append(String.format(Locale.ROOT, "Parameters: %,d; buffers: %,d (BatchNorm's num_batches_tracked "
                        + "not counted).%n", params, buffers))
                .append("\"\"\"\n\nimport torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n")
                .append("# The input shapes the network was exported for: sizes inside some blocks follow from them.\n")
                .append("INPUT_SHAPES = {").append(String.join(", ", network.inputs().stream().map(n -> Python.string(n.name())
                        + ": (" + String.join(", ", n.shape().toList().stream().map(String::valueOf).toList()) + ")").toList()))
                .append("}\n");
        for (String helper : helpers.values()) {
            out.append("\n\n").append(helper.strip()).append('\n');
        }
        List<PyClass> ordered = new ArrayList<>(classes);
        ordered.sort(Comparator.comparingInt((PyClass c) -> c.instances().get(0).height())
                .thenComparingInt(c -> c.instances().get(0).position()));
        for (PyClass c : ordered) {
            out.append("\n\n").append(c.render(doc(c, network)));
        }
        out.append("\n\nif __name__ == \"__main__\":\n")
                .append("    model = ").append(className(network)).append("().eval()\n")
                .append("    with torch.no_grad():\n")
                .append("        output = model(*[torch.randn(shape) for shape in INPUT_SHAPES.values()])\n")
                .append(network.outputs().size() == 1 ? "    print(output.shape)\n" : "    print([o.shape for o in output])\n");
        return out.toString();
    }

    private static String doc(PyClass c, Network network) {
        if (c.type() == Unit.Type.NETWORK) {
            return "Network `" + network.name() + "`.";
        }
        List<String> names = c.instances().stream().map(u -> u.prefix().substring(0, u.prefix().length() - 1)).toList();
        String where = names.size() <= 6 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
        String source = c.template().source();
        return (c.type() == Unit.Type.BLOCK ? "Block `" + c.kind() + "`" + (source == null ? "" : " of " + source)
                : "One repetition of `" + c.kind() + "`") + "; in this network: " + where + ".";
    }
}
