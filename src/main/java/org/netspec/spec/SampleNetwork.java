package org.netspec.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A block file analysed on its own: a network of one instance of the block on the input shapes
 * of its {@code sample:}. Parameters whose value is written as is stay parameters of the network,
 * so {@code --set} reaches them; the others keep their expressions inside the block.
 */
final class SampleNetwork {
    private SampleNetwork() {
    }

    static NetworkSpec of(Path file, BlockSpec block, Map<String, BlockSpec> blocks, SpecChecks checks) throws SpecException {
        if (block.sample() == null) {
            throw new SpecException(Diagnostic.error(block.location(), "to analyse a block file on its own, give it "
                    + "`sample: {inputs: {" + block.inputs().get(0) + ": [N, C, H, W]}}`"));
        }
        List<YamlNode> from = new ArrayList<>();
        Map<String, YamlNode> inputs = new LinkedHashMap<>();
        for (String input : block.inputs()) {
            YamlNode shape = block.sample().inputs().get(input);
            if (shape == null) {
                checks.error(block.sample().location(), "`sample.inputs` needs a shape for block input `" + input + "`");
                continue;
            }
            inputs.put(input, shape);
            from.add(new YamlNode.Scalar(input, shape.location()));
        }
        for (String given : block.sample().inputs().keySet()) {
            if (!block.inputs().contains(given)) {
                checks.error(block.sample().inputs().get(given).location(), "the block has no input `" + given + "`"
                        + Suggestions.hint(given, block.inputs()));
            }
        }
        YamlNode.Sequence fromNode = new YamlNode.Sequence(from, block.sample().location());
        Map<String, ParamSpec> params = new LinkedHashMap<>();
        Map<String, YamlNode.Mapping.Entry> args = new LinkedHashMap<>();
        for (ParamSpec p : block.params().values()) {
            YamlNode.Mapping.Entry given = block.sample().params().get(p.name());
            YamlNode value = given != null ? given.value() : p.defaultValue();
            if (value != null && !isLiteral(value)) {
                continue;
            }
            params.put(p.name(), new ParamSpec(p.name(), p.type(), value, p.doc(), p.choices(), p.location()));
            SourceLocation at = given != null ? given.keyLocation() : p.location();
            args.put(p.name(), new YamlNode.Mapping.Entry(p.name(), at, new YamlNode.Scalar(p.name(), at)));
        }
        for (YamlNode.Mapping.Entry e : block.sample().params().values()) {
            args.putIfAbsent(e.key(), e);
        }
        LayerSpec instance = new LayerSpec.BlockLayer(new YamlNode.Scalar(block.name(), block.location()), block.name(),
                block.location(), fromNode, null, null, args, block.sample().location());
        return new NetworkSpec(block.name(), file, params, List.of(), inputs, List.of(instance), List.of(), blocks,
                block.location());
    }

    /** A value written as is (a number, boolean or list of them): usable outside the block. */
    private static boolean isLiteral(YamlNode node) {
        if (node instanceof YamlNode.Scalar s) {
            return !(s.value() instanceof String) || ParamSpec.Type.named(String.valueOf(s.value())).isEmpty()
                    && !String.valueOf(s.value()).matches(".*[A-Za-z_(].*");
        }
        if (node instanceof YamlNode.Sequence seq) {
            return seq.items().stream().allMatch(SampleNetwork::isLiteral);
        }
        return false;
    }
}
