package org.netspec.spec;

import java.util.List;
import java.util.Map;

/**
 * A block file: a parameterised group of layers with named inputs and one output.
 *
 * @param requirements conditions on the parameters and input shapes that every instance must meet
 * @param output the name of the output layer as written, or null for the last layer
 * @param sample how to analyse the block file on its own, or null
 */
public record BlockSpec(String name, String doc, Map<String, ParamSpec> params, List<String> inputs,
        List<Binding> lets, List<Requirement> requirements, List<LayerSpec> layers, YamlNode output, Sample sample, SourceLocation location) {

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
