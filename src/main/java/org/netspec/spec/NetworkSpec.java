package org.netspec.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A network file, with the blocks it imports (directly or through other blocks) by name.
 *
 * @param outputs the output names as written; empty means the last layer
 */
public record NetworkSpec(String name, Path file, Map<String, ParamSpec> params, List<BlockSpec.Binding> lets,
        Map<String, YamlNode> inputs, List<LayerSpec> layers, List<YamlNode> outputs, Map<String, BlockSpec> blocks,
        SourceLocation location) {
}
