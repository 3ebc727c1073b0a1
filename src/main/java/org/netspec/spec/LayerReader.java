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
    private static final Pattern LOOP_HEADER = Pattern.compile("^\\s*(" + SpecChecks.IDENTIFIER + ")\\s+in\\s+(.+?)\\s*$");

    private final SpecChecks checks;

    LayerReader(SpecChecks checks) {
        this.checks = checks;
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
        Optional<Operator> op = Operators.find(opName);
        if (op.isEmpty()) {
            checks.error(opNode.location(), "unknown operator `" + opName + "`" + Suggestions.hint(opName,
                    Operators.all().stream().map(Operator::name).toList()));
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
