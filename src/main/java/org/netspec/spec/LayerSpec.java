package org.netspec.spec;

import java.util.List;
import java.util.Map;

/**
 * One item of a {@code layers:} list as written, before expansion. Every item may carry
 * {@code when:} (skip unless true); operator, block and group items may carry {@code repeat:}.
 */
public sealed interface LayerSpec {
    SourceLocation location();

    /** {@code when:} as written, or null. */
    YamlNode when();

    /** A primitive operator: {@code {name, op, from, when, repeat, ...attributes}}. */
    record OpLayer(YamlNode name, String op, SourceLocation opLocation, YamlNode from, YamlNode when,
            YamlNode repeat, Map<String, YamlNode.Mapping.Entry> attributes, SourceLocation location)
            implements LayerSpec {
    }

    /** An instance of a block: {@code {name, block, from, when, repeat, ...parameters}}. */
    record BlockLayer(YamlNode name, String block, SourceLocation blockLocation, YamlNode from, YamlNode when,
            YamlNode repeat, Map<String, YamlNode.Mapping.Entry> arguments, SourceLocation location)
            implements LayerSpec {
    }

    /** A named scope of layers: {@code {name, from, when, repeat, layers}}. */
    record Group(YamlNode name, YamlNode from, YamlNode when, YamlNode repeat, List<LayerSpec> layers,
            SourceLocation location) implements LayerSpec {
    }

    /** A loop: {@code {for: "k in range(K)", when, layers}}; its layers see the loop variable. */
    record Loop(String variable, String iterable, SourceLocation iterableLocation, YamlNode when,
            List<LayerSpec> layers, SourceLocation location) implements LayerSpec {
    }
}
