package org.netspec.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a network or block file and the block files it imports into {@link NetworkSpec}. Checks
 * everything that can be checked before expansion: the keys of every mapping against
 * {@link SpecGrammar} (with "did you mean"), operator names and their attribute names, parameter
 * declarations and imports. Collects every problem it can before giving up.
 *
 * <p>This class reads the sections of network and block files; {@link ParamReader} reads their
 * parameters, {@link LayerReader} their layers, {@link Imports} follows their imports, and
 * {@link SampleNetwork} turns a block file into a network.
 */
public final class SpecLoader {
    private final YamlReader reader;
    private final SpecChecks checks = new SpecChecks();
    private final ParamReader params = new ParamReader(checks);
    private final LayerReader layers = new LayerReader(checks);
    private final Imports imports;

    private SpecLoader(Limits limits, ImportRoots importRoots) {
        this.reader = new YamlReader(limits);
        this.imports = new Imports(reader, importRoots, checks, this::block, this::networkBlock);
    }

    /**
     * Loads a network file, or a block file as a network of one instance of the block on its
     * {@code sample:} input. Imports may come from the file's own directory tree and the built-in
     * library.
     */
    public static NetworkSpec load(Path file, Limits limits) throws SpecException {
        return load(file, limits, ImportRoots.of(file, List.of()));
    }

    /** Loads a network or block file whose imports may come from {@code importRoots}. */
    public static NetworkSpec load(Path file, Limits limits, ImportRoots importRoots) throws SpecException {
        return new SpecLoader(limits, importRoots).loadNetwork(file);
    }

    private NetworkSpec loadNetwork(Path file) throws SpecException {
        Path path = file.toAbsolutePath().normalize();
        YamlNode.Mapping top = topMapping(reader.read(path));
        NetworkSpec spec;
        if (top.has(SpecGrammar.NETWORK.marker())) {
            imports.top(path);
            spec = network(path, top);
        } else if (top.has(SpecGrammar.BLOCK.marker())) {
            BlockSpec block = imports.readBlock(path, top);
            spec = block == null || checks.any() ? null : SampleNetwork.of(path, block, imports.blocks(), checks);
        } else {
            throw new SpecException(Diagnostic.error(top.location(), "a spec file starts with `network: NAME` or `block: NAME`"
                    + SpecChecks.keyHint(top, SpecGrammar.markers(SpecGrammar.FILE_KINDS))));
        }
        if (checks.any() || spec == null) {
            throw new SpecException(checks.all());
        }
        return spec;
    }

    private static YamlNode.Mapping topMapping(YamlNode root) throws SpecException {
        if (root instanceof YamlNode.Mapping m) {
            return m;
        }
        throw new SpecException(Diagnostic.error(root.location(), "a spec file holds a mapping (`network: ...` or `block: ...`), not "
                + root.kind()));
    }

    private NetworkSpec network(Path file, YamlNode.Mapping top) {
        checks.checkKeys(top, SpecGrammar.NETWORK);
        String name = checks.word(top, "network");
        imports.read(file, top);
        Map<String, ParamSpec> declared = params.params(top);
        List<BlockSpec.Binding> lets = lets(top);
        Map<String, YamlNode> inputs = new LinkedHashMap<>();
        Optional<YamlNode> in = top.get("inputs");
        if (in.isEmpty()) {
            checks.error(top.location(), "a network needs `inputs:`, e.g. `inputs: {image: [1, 3, 512, 1024]}`");
        } else if (in.get() instanceof YamlNode.Mapping m && !m.entries().isEmpty()) {
            for (YamlNode.Mapping.Entry e : m.entries().values()) {
                checks.checkIdentifier(e.key(), e.keyLocation(), "an input name");
                inputs.put(e.key(), e.value());
            }
        } else {
            checks.error(in.get().location(), "`inputs:` maps input names to shapes, e.g. `{image: [1, 3, 512, 1024]}`");
        }
        List<LayerSpec> layerList = layers.layerList(top, SpecGrammar.NETWORK, declared);
        List<YamlNode> outputs = new ArrayList<>();
        top.get("outputs").ifPresent(o -> {
            if (o instanceof YamlNode.Sequence s) {
                outputs.addAll(s.items());
            } else {
                outputs.add(o);
            }
        });
        return new NetworkSpec(name, file, declared, lets, inputs, layerList, outputs, imports.blocks(), top.location());
    }

    /** Reads an imported network file's top mapping, with the files it imports, and defines it as a block. */
    private BlockSpec networkBlock(Path file, YamlNode.Mapping top) {
        NetworkSpec network = network(file, top);
        BlockSpec block = BlockSpec.of(network);
        if (network.name() != null) {
            imports.define(network.name(), block, file, top.get("network").orElseThrow().location());
        }
        return block;
    }

    /** Reads a block file's top mapping, with the files it imports, and defines its block. */
    private BlockSpec block(Path file, YamlNode.Mapping top) {
        checks.checkKeys(top, SpecGrammar.BLOCK);
        String name = checks.word(top, "block");
        imports.read(file, top);
        Map<String, ParamSpec> declared = params.params(top);
        List<String> inputs = new ArrayList<>();
        Optional<YamlNode> in = top.get("inputs");
        if (in.isEmpty()) {
            inputs.add("x");
        } else if (in.get() instanceof YamlNode.Sequence s && !s.items().isEmpty()) {
            for (YamlNode item : s.items()) {
                if (item instanceof YamlNode.Scalar sc && sc.value() instanceof String w) {
                    checks.checkIdentifier(w, sc.location(), "an input name");
                    inputs.add(w);
                } else {
                    checks.error(item.location(), "an input name is a word, not " + item.kind());
                }
            }
        } else {
            checks.error(in.get().location(), "`inputs:` lists the block's input names, e.g. `[x, image]`");
        }
        List<BlockSpec.Binding> lets = lets(top);
        List<BlockSpec.Requirement> requirements = requirements(top);
        List<LayerSpec> layerList = layers.layerList(top, SpecGrammar.BLOCK, declared);
        BlockSpec.Sample sample = top.get("sample").map(this::sample).orElse(null);
        BlockSpec spec = new BlockSpec(name, top.get("doc").map(YamlNode::text).orElse(""), declared, inputs, lets,
                requirements, layerList, top.get("output").orElse(null), sample, top.location(), false);
        if (name != null) {
            imports.define(name, spec, file, top.get("block").orElseThrow().location());
        }
        return spec;
    }

    private List<BlockSpec.Requirement> requirements(YamlNode.Mapping top) {
        List<BlockSpec.Requirement> requirements = new ArrayList<>();
        Optional<YamlNode> node = top.get("require");
        if (node.isEmpty()) {
            return requirements;
        }
        if (!(node.get() instanceof YamlNode.Sequence s)) {
            checks.error(node.get().location(), "`require:` is a list of `{that: CONDITION, message: TEXT}`");
            return requirements;
        }
        for (YamlNode item : s.items()) {
            if (!(item instanceof YamlNode.Mapping m) || !m.has("that") || !m.has("message")) {
                checks.error(item.location(), "a requirement is a mapping `{that: CONDITION, message: TEXT}`, e.g. "
                        + "`{that: out % K == 0, message: \"out must be divisible by K\"}`");
                continue;
            }
            checks.checkKeys(m, SpecGrammar.REQUIREMENT);
            requirements.add(new BlockSpec.Requirement(m.get("that").orElseThrow(), m.get("message").orElseThrow(),
                    m.location()));
        }
        return requirements;
    }

    private BlockSpec.Sample sample(YamlNode node) {
        if (!(node instanceof YamlNode.Mapping m)) {
            checks.error(node.location(), "`sample:` is a mapping with `inputs:` and optional `params:`");
            return null;
        }
        checks.checkKeys(m, SpecGrammar.SAMPLE);
        Map<String, YamlNode> inputs = new LinkedHashMap<>();
        m.get("inputs").ifPresentOrElse(i -> {
            if (i instanceof YamlNode.Mapping im) {
                im.entries().values().forEach(e -> inputs.put(e.key(), e.value()));
            } else {
                checks.error(i.location(), "`sample.inputs` maps input names to shapes");
            }
        }, () -> checks.error(m.location(), "`sample:` needs `inputs:` with a shape per block input"));
        Map<String, YamlNode.Mapping.Entry> values = new LinkedHashMap<>();
        m.get("params").ifPresent(p -> {
            if (p instanceof YamlNode.Mapping pm) {
                values.putAll(pm.entries());
            } else {
                checks.error(p.location(), "`sample.params` maps parameter names to values");
            }
        });
        return new BlockSpec.Sample(inputs, values, m.location());
    }

    private List<BlockSpec.Binding> lets(YamlNode.Mapping top) {
        List<BlockSpec.Binding> lets = new ArrayList<>();
        top.get("let").ifPresent(node -> {
            if (!(node instanceof YamlNode.Mapping m)) {
                checks.error(node.location(), "`let:` maps names to expressions, e.g. `{n: out / K}`");
                return;
            }
            for (YamlNode.Mapping.Entry e : m.entries().values()) {
                checks.checkIdentifier(e.key(), e.keyLocation(), "a name");
                lets.add(new BlockSpec.Binding(e.key(), e.value(), e.keyLocation()));
            }
        });
        return lets;
    }
}
