package org.netspec.spec;

import java.util.List;
import java.util.Map;

/**
 * A block file: a parameterised group of layers with named inputs and one output.
 *
 * @param requirements conditions on the parameters and input shapes that every instance must meet
 * @param output the name of the output layer as written, or null for the last layer
 * @param sample how to analyse the block file on its own, or null
 * @param network whether this is a network file used as a block (a backbone): its instances may
 *     select the layers they expose with {@code outputs:}, and expand only up to them
 */
public record BlockSpec(String name, String doc, Map<String, ParamSpec> params, List<String> inputs,
        List<Binding> lets, List<Requirement> requirements, List<LayerSpec> layers, YamlNode output, Sample sample,
        SourceLocation location, boolean network) {

    /** A network file used as a block: its inputs (shapes aside), parameters, values, layers and outputs. */
    static BlockSpec of(NetworkSpec network) {
        YamlNode output = network.outputs().size() == 1 ? network.outputs().get(0)
                : network.outputs().isEmpty() ? null : new YamlNode.Sequence(network.outputs(), network.outputs().get(0).location());
        return new BlockSpec(network.name(), "", network.params(), List.copyOf(network.inputs().keySet()), network.lets(),
                List.of(), network.layers(), output, null, network.location(), true);
    }

    /** A {@code let:} binding: a name and the expression that computes it. */
    public record Binding(String name, YamlNode value, SourceLocation location) {
    }

    /**
     * A {@code require:} item: a condition an instance must meet, and the message (with
     * {@code ${...}} parts) that explains a failure.
     */
    public record Requirement(YamlNode that, YamlNode message, SourceLocation location) {
    }

    /** Sample input shapes and parameter values for analysing a block on its own. */
    public record Sample(Map<String, YamlNode> inputs, Map<String, YamlNode.Mapping.Entry> params,
            SourceLocation location) {
    }
}
