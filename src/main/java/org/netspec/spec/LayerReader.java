package org.netspec.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.netspec.ops.Operator;
import org.netspec.ops.Operators;

/**
 * Reads a {@code layers:} list into {@link LayerSpec}s: tells each item's kind by its marker key
 * ({@link SpecGrammar#LAYER_KINDS}), checks its keys, operator names and attribute names, and
 * parses loop headers.
 */
final class LayerReader {
    /** An {@code op:} that applies an activation parameter: {@code "${act}"}. */
    private static final Pattern PARAMETER = Pattern.compile("^\\$\\{\\s*(" + SpecChecks.IDENTIFIER + ")\\s*}$");
    private static final Pattern LOOP_HEADER = Pattern.compile("^\\s*(" + SpecChecks.IDENTIFIER + ")\\s+in\\s+(.+?)\\s*$");

    private final SpecChecks checks;
    /** The parameters of the file being read: {@code op: "${act}"} applies one typed {@code activation}. */
    private Map<String, ParamSpec> params = Map.of();

    LayerReader(SpecChecks checks) {
        this.checks = checks;
    }

    /** The {@code layers:} of a network or block file with these parameters, which must have them. */
    List<LayerSpec> layerList(YamlNode.Mapping owner, SpecGrammar.Section section, Map<String, ParamSpec> declared) {
        Map<String, ParamSpec> outer = params;
        params = declared;
        try {
            return layerList(owner, section);
        } finally {
            params = outer;
        }
    }

    /** The {@code layers:} of a network, block or group, which must have them. */
    List<LayerSpec> layerList(YamlNode.Mapping owner, SpecGrammar.Section section) {
        Optional<YamlNode> node = owner.get("layers");
        if (node.isEmpty()) {
            checks.error(owner.location(), section.what() + " needs `layers:`");
            return List.of();
        }
        return layers(node.get());
    }

    private List<LayerSpec> layers(YamlNode node) {
        List<LayerSpec> out = new ArrayList<>();
        if (!(node instanceof YamlNode.Sequence s) || s.items().isEmpty()) {
            checks.error(node.location(), "`layers:` is a non-empty list of layers");
            return out;
        }
        for (YamlNode item : s.items()) {
            LayerSpec layer = layer(item);
            if (layer != null) {
                out.add(layer);
            }
        }
        return out;
    }

    private LayerSpec layer(YamlNode item) {
        if (!(item instanceof YamlNode.Mapping m)) {
            checks.error(item.location(), "a layer is a mapping such as `{name: conv1, op: conv, out: 16, kernel: 3}`, not "
                    + item.kind());
            return null;
        }
        long kinds = SpecGrammar.LAYER_KINDS.stream().filter(k -> k != SpecGrammar.GROUP && m.has(k.marker())).count();
        if (kinds > 1) {
            checks.error(m.location(), "a layer has one of `op`, `block` or `for`, not several");
            return null;
        }
        if (m.has(SpecGrammar.OP_LAYER.marker())) {
            return opLayer(m);
        }
        if (m.has(SpecGrammar.BLOCK_LAYER.marker())) {
            return blockLayer(m);
        }
        if (m.has(SpecGrammar.LOOP.marker())) {
            return loop(m);
        }
        if (m.has(SpecGrammar.GROUP.marker())) {
            checks.checkKeys(m, SpecGrammar.GROUP);
            return new LayerSpec.Group(m.get("name").orElse(null), m.get("from").orElse(null),
                    m.get("when").orElse(null), m.get("repeat").orElse(null), layers(m.get("layers").get()), m.location());
        }
        checks.error(m.location(), "a layer needs `op:` (a primitive), `block:` (a block instance), `for:` (a loop) or "
                + "`layers:` (a group)" + SpecChecks.keyHint(m, SpecGrammar.markers(SpecGrammar.LAYER_KINDS)));
        return null;
    }

    private LayerSpec opLayer(YamlNode.Mapping m) {
        YamlNode opNode = m.get("op").get();
        if (!(opNode instanceof YamlNode.Scalar s) || !(s.value() instanceof String opName)) {
            checks.error(opNode.location(), "`op:` names an operator, e.g. `conv`");
            return null;
        }
        Matcher parameter = PARAMETER.matcher(opName);
        if (parameter.matches()) {
            ParamSpec param = params.get(parameter.group(1));
            if (param != null && param.type() == ParamSpec.Type.ACTIVATION) {
                return activationLayer(m, param.name(), opNode.location());
            }
            checks.error(opNode.location(), "`op: \"${NAME}\"` names a parameter typed `activation`"
                    + (param == null ? "; this file has no parameter `" + parameter.group(1) + "`"
                    + Suggestions.hint(parameter.group(1), params.keySet()) : "; `" + param.name() + "` is " + param.type().article()));
            return null;
        }
        Optional<Operator> op = Operators.find(opName);
        if (op.isEmpty()) {
            ParamSpec param = params.get(opName);
            checks.error(opNode.location(), "unknown operator `" + opName + "`" + (param != null
                    && param.type() == ParamSpec.Type.ACTIVATION ? "; to apply the activation parameter write `op: \"${"
                    + opName + "}\"`" : Suggestions.hint(opName, Operators.all().stream().map(Operator::name).toList())));
            return null;
        }
        Set<String> layerKeys = SpecGrammar.OP_LAYER.names();
        List<String> allowed = new ArrayList<>(layerKeys);
        op.get().attributes().forEach(a -> allowed.add(a.name()));
        Map<String, YamlNode.Mapping.Entry> attributes = new LinkedHashMap<>();
        for (YamlNode.Mapping.Entry e : m.entries().values()) {
            if (layerKeys.contains(e.key())) {
                continue;
            }
            if (op.get().attribute(e.key()).isEmpty()) {
                checks.error(e.keyLocation(), "`" + opName + "` has no attribute `" + e.key() + "`"
                        + Suggestions.hint(e.key(), allowed) + attributeList(op.get()));
                continue;
            }
            attributes.put(e.key(), e);
        }
        return new LayerSpec.OpLayer(m.get("name").orElse(null), opName, opNode.location(), m.get("from").orElse(null),
                m.get("when").orElse(null), m.get("repeat").orElse(null), attributes, m.location());
    }

    /** A layer whose {@code op:} names an activation parameter: the activation comes with its attributes. */
    private LayerSpec activationLayer(YamlNode.Mapping m, String param, SourceLocation opLocation) {
        for (YamlNode.Mapping.Entry e : m.entries().values()) {
            if (!SpecGrammar.OP_LAYER.names().contains(e.key())) {
                checks.error(e.keyLocation(), "`" + param + "` is an activation parameter: its attributes come with its value, "
                        + "e.g. `" + param + ": {op: prelu, shared: true}`, not with the layer");
            }
        }
        return new LayerSpec.OpLayer(m.get("name").orElse(null), param, opLocation, m.get("from").orElse(null),
                m.get("when").orElse(null), m.get("repeat").orElse(null), Map.of(), m.location());
    }

    private static String attributeList(Operator op) {
        if (op.attributes().isEmpty()) {
            return " (it takes no attributes)";
        }
        return " (it takes " + op.attributes().stream().map(a -> a.name()).collect(Collectors.joining(", ")) + ")";
    }

    /** A block instance: its keys besides the layer keys are the block's arguments, checked once the block is known. */
    private LayerSpec blockLayer(YamlNode.Mapping m) {
        YamlNode blockNode = m.get("block").get();
        if (!(blockNode instanceof YamlNode.Scalar s) || !(s.value() instanceof String blockName)) {
            checks.error(blockNode.location(), "`block:` names a block, e.g. `esp`");
            return null;
        }
        Set<String> layerKeys = SpecGrammar.BLOCK_LAYER.names();
        Map<String, YamlNode.Mapping.Entry> args = new LinkedHashMap<>();
        for (YamlNode.Mapping.Entry e : m.entries().values()) {
            if (!layerKeys.contains(e.key())) {
                args.put(e.key(), e);
            }
        }
        return new LayerSpec.BlockLayer(m.get("name").orElse(null), blockName, blockNode.location(),
                m.get("from").orElse(null), m.get("when").orElse(null), m.get("repeat").orElse(null), args, m.location());
    }

    private LayerSpec loop(YamlNode.Mapping m) {
        checks.checkKeys(m, SpecGrammar.LOOP);
        YamlNode forNode = m.get("for").get();
        String text = forNode instanceof YamlNode.Scalar s && s.value() instanceof String w ? w : "";
        Matcher matcher = LOOP_HEADER.matcher(text);
        if (!matcher.matches()) {
            checks.error(forNode.location(), "`for:` reads `VARIABLE in EXPRESSION`, e.g. `k in range(K)`");
            return null;
        }
        if (!m.has("layers")) {
            checks.error(m.location(), "a loop needs `layers:`");
            return null;
        }
        return new LayerSpec.Loop(matcher.group(1), matcher.group(2), forNode.location().shifted(matcher.start(2)),
                m.get("when").orElse(null), layers(m.get("layers").get()), m.location());
    }
}
