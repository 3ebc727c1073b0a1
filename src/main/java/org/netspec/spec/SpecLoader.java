package org.netspec.spec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.netspec.ops.Operator;
import org.netspec.ops.Operators;

/**
 * Reads a network or block file and the block files it imports into {@link NetworkSpec}. Checks
 * everything that can be checked before expansion: the keys of every mapping (with "did you mean"),
 * operator names and their attribute names, parameter declarations and imports. Collects every
 * problem it can before giving up.
 */
public final class SpecLoader {
    private static final Set<String> NETWORK_KEYS = Set.of("network", "doc", "imports", "params", "let", "inputs",
            "layers", "outputs");
    private static final Set<String> BLOCK_KEYS = Set.of("block", "doc", "imports", "params", "inputs", "let",
            "require", "layers", "output", "sample");
    private static final Set<String> OP_LAYER_KEYS = Set.of("name", "op", "from", "when", "repeat", "doc");
    private static final Set<String> BLOCK_LAYER_KEYS = Set.of("name", "block", "from", "when", "repeat", "doc");
    private static final Set<String> GROUP_KEYS = Set.of("name", "from", "when", "repeat", "layers", "doc");
    private static final Set<String> LOOP_KEYS = Set.of("for", "when", "layers", "doc");
    private static final Set<String> PARAM_KEYS = Set.of("type", "default", "doc", "choices");
    private static final Set<String> SAMPLE_KEYS = Set.of("inputs", "params");
    private static final Set<String> REQUIREMENT_KEYS = Set.of("that", "message");
    private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*";

    private final YamlReader reader;
    private final ImportRoots importRoots;
    private final List<Diagnostic> problems = new ArrayList<>();
    private final Map<String, BlockSpec> blocks = new LinkedHashMap<>();
    private final Map<Path, List<String>> blocksOfFile = new LinkedHashMap<>();
    private final Deque<Path> importing = new ArrayDeque<>();

    private SpecLoader(Limits limits, ImportRoots importRoots) {
        this.reader = new YamlReader(limits);
        this.importRoots = importRoots;
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
        if (Files.isDirectory(path)) {
            throw new SpecException(Diagnostic.error(SourceLocation.ofFile(path), "is a directory; give a spec file"));
        }
        YamlNode root = reader.read(path);
        YamlNode.Mapping top = topMapping(path, root);
        NetworkSpec spec;
        if (top.has("network")) {
            spec = network(path, top);
        } else if (top.has("block")) {
            importing.push(path);
            BlockSpec block = block(path, top);
            importing.pop();
            spec = block == null || !problems.isEmpty() ? null : sampleNetwork(path, block);
        } else {
            throw new SpecException(Diagnostic.error(top.location(),
                    "a spec file starts with `network: NAME` or `block: NAME`" + keyHint(top, Set.of("network", "block"))));
        }
        if (!problems.isEmpty() || spec == null) {
            throw new SpecException(problems);
        }
        return spec;
    }

    private static String keyHint(YamlNode.Mapping m, Set<String> wanted) {
        for (String key : m.entries().keySet()) {
            Optional<String> c = Suggestions.closest(key, wanted);
            if (c.isPresent()) {
                return " (found `" + key + "`; did you mean `" + c.get() + "`?)";
            }
        }
        return "";
    }

    private static YamlNode.Mapping topMapping(Path file, YamlNode root) throws SpecException {
        if (root instanceof YamlNode.Mapping m) {
            return m;
        }
        throw new SpecException(Diagnostic.error(root.location(), "a spec file holds a mapping (`network: ...` or `block: ...`), not "
                + root.kind()));
    }

    private NetworkSpec network(Path file, YamlNode.Mapping top) {
        checkKeys(top, NETWORK_KEYS, "a network");
        String name = word(top, "network");
        imports(file, top);
        Map<String, ParamSpec> params = params(top);
        List<BlockSpec.Binding> lets = lets(top);
        Map<String, YamlNode> inputs = new LinkedHashMap<>();
        Optional<YamlNode> in = top.get("inputs");
        if (in.isEmpty()) {
            error(top.location(), "a network needs `inputs:`, e.g. `inputs: {image: [1, 3, 512, 1024]}`");
        } else if (in.get() instanceof YamlNode.Mapping m && !m.entries().isEmpty()) {
            for (YamlNode.Mapping.Entry e : m.entries().values()) {
                checkIdentifier(e.key(), e.keyLocation(), "an input name");
                inputs.put(e.key(), e.value());
            }
        } else {
            error(in.get().location(), "`inputs:` maps input names to shapes, e.g. `{image: [1, 3, 512, 1024]}`");
        }
        List<LayerSpec> layers = layerList(top, "a network");
        List<YamlNode> outputs = new ArrayList<>();
        top.get("outputs").ifPresent(o -> {
            if (o instanceof YamlNode.Sequence s) {
                outputs.addAll(s.items());
            } else {
                outputs.add(o);
            }
        });
        return new NetworkSpec(name, file, params, lets, inputs, layers, outputs, Map.copyOf(blocks), top.location());
    }

    private NetworkSpec sampleNetwork(Path file, BlockSpec block) throws SpecException {
        if (block.sample() == null) {
            throw new SpecException(Diagnostic.error(block.location(), "to analyse a block file on its own, give it "
                    + "`sample: {inputs: {" + block.inputs().get(0) + ": [N, C, H, W]}}`"));
        }
        List<YamlNode> from = new ArrayList<>();
        Map<String, YamlNode> inputs = new LinkedHashMap<>();
        for (String input : block.inputs()) {
            YamlNode shape = block.sample().inputs().get(input);
            if (shape == null) {
                error(block.sample().location(), "`sample.inputs` needs a shape for block input `" + input + "`");
                continue;
            }
            inputs.put(input, shape);
            from.add(new YamlNode.Scalar(input, shape.location()));
        }
        for (String given : block.sample().inputs().keySet()) {
            if (!block.inputs().contains(given)) {
                error(block.sample().inputs().get(given).location(), "the block has no input `" + given + "`"
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
        return new NetworkSpec(block.name(), file, params, List.of(), inputs, List.of(instance), List.of(),
                Map.copyOf(blocks), block.location());
    }

    /** A value written as is (a number, boolean or list of them): usable outside the block. */
    private static boolean isLiteral(YamlNode node) {
        if (node instanceof YamlNode.Scalar s) {
            return !(s.value() instanceof String) || ParamSpec.Type.named(String.valueOf(s.value())).isEmpty()
                    && !String.valueOf(s.value()).matches(".*[A-Za-z_(].*");
        }
        if (node instanceof YamlNode.Sequence seq) {
            return seq.items().stream().allMatch(SpecLoader::isLiteral);
        }
        return false;
    }

    private BlockSpec block(Path file, YamlNode.Mapping top) {
        checkKeys(top, BLOCK_KEYS, "a block");
        String name = word(top, "block");
        imports(file, top);
        Map<String, ParamSpec> params = params(top);
        List<String> inputs = new ArrayList<>();
        Optional<YamlNode> in = top.get("inputs");
        if (in.isEmpty()) {
            inputs.add("x");
        } else if (in.get() instanceof YamlNode.Sequence s && !s.items().isEmpty()) {
            for (YamlNode item : s.items()) {
                if (item instanceof YamlNode.Scalar sc && sc.value() instanceof String w) {
                    checkIdentifier(w, sc.location(), "an input name");
                    inputs.add(w);
                } else {
                    error(item.location(), "an input name is a word, not " + item.kind());
                }
            }
        } else {
            error(in.get().location(), "`inputs:` lists the block's input names, e.g. `[x, image]`");
        }
        List<BlockSpec.Binding> lets = lets(top);
        List<BlockSpec.Requirement> requirements = requirements(top);
        List<LayerSpec> layers = layerList(top, "a block");
        BlockSpec.Sample sample = top.get("sample").map(this::sample).orElse(null);
        BlockSpec spec = new BlockSpec(name, top.get("doc").map(SpecLoader::text).orElse(""), params, inputs, lets,
                requirements, layers, top.get("output").orElse(null), sample, top.location());
        if (name != null) {
            BlockSpec previous = blocks.get(name);
            if (previous != null && !previous.location().file().equals(file)) {
                error(top.get("block").orElseThrow().location(), "block `" + name + "` is also defined at "
                        + previous.location());
            } else {
                blocks.put(name, spec);
                blocksOfFile.computeIfAbsent(file, f -> new ArrayList<>()).add(name);
            }
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
            error(node.get().location(), "`require:` is a list of `{that: CONDITION, message: TEXT}`");
            return requirements;
        }
        for (YamlNode item : s.items()) {
            if (!(item instanceof YamlNode.Mapping m) || !m.has("that") || !m.has("message")) {
                error(item.location(), "a requirement is a mapping `{that: CONDITION, message: TEXT}`, e.g. "
                        + "`{that: out % K == 0, message: \"out must be divisible by K\"}`");
                continue;
            }
            checkKeys(m, REQUIREMENT_KEYS, "a requirement");
            requirements.add(new BlockSpec.Requirement(m.get("that").orElseThrow(), m.get("message").orElseThrow(),
                    m.location()));
        }
        return requirements;
    }

    private BlockSpec.Sample sample(YamlNode node) {
        if (!(node instanceof YamlNode.Mapping m)) {
            error(node.location(), "`sample:` is a mapping with `inputs:` and optional `params:`");
            return null;
        }
        checkKeys(m, SAMPLE_KEYS, "`sample`");
        Map<String, YamlNode> inputs = new LinkedHashMap<>();
        m.get("inputs").ifPresentOrElse(i -> {
            if (i instanceof YamlNode.Mapping im) {
                im.entries().values().forEach(e -> inputs.put(e.key(), e.value()));
            } else {
                error(i.location(), "`sample.inputs` maps input names to shapes");
            }
        }, () -> error(m.location(), "`sample:` needs `inputs:` with a shape per block input"));
        Map<String, YamlNode.Mapping.Entry> params = new LinkedHashMap<>();
        m.get("params").ifPresent(p -> {
            if (p instanceof YamlNode.Mapping pm) {
                params.putAll(pm.entries());
            } else {
                error(p.location(), "`sample.params` maps parameter names to values");
            }
        });
        return new BlockSpec.Sample(inputs, params, m.location());
    }

    private void imports(Path file, YamlNode.Mapping top) {
        Optional<YamlNode> node = top.get("imports");
        if (node.isEmpty()) {
            return;
        }
        List<YamlNode> items = node.get() instanceof YamlNode.Sequence s ? s.items() : List.of(node.get());
        for (YamlNode item : items) {
            if (!(item instanceof YamlNode.Scalar sc) || !(sc.value() instanceof String relative)) {
                error(item.location(), "an import is the path of a block file, not " + item.kind());
                continue;
            }
            if (relative.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
                error(sc.location(), "imports are file paths relative to this file; `" + relative + "` is a URL and is not fetched");
                continue;
            }
            Path target = file.getParent().resolve(relative).normalize();
            if (!importRoots.allow(target)) {
                error(sc.location(), "cannot import " + SourceLocation.display(target) + ": it lies outside the directories "
                        + "imports may come from (" + importRoots + "); allow its directory with --allow-imports-from DIR");
                continue;
            }
            importBlockFile(target, sc.location());
        }
    }

    private void importBlockFile(Path target, SourceLocation at) {
        if (importing.contains(target)) {
            String cycle = importing.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(" <- "));
            error(at, "circular import of " + SourceLocation.display(target) + " (" + target.getFileName() + " <- " + cycle + ")");
            return;
        }
        if (blocksOfFile.containsKey(target)) {
            return;
        }
        if (!Files.isRegularFile(target)) {
            error(at, "cannot import " + SourceLocation.display(target) + ": no such file");
            return;
        }
        YamlNode root;
        try {
            root = reader.read(target);
        } catch (SpecException e) {
            problems.addAll(e.diagnostics());
            blocksOfFile.put(target, List.of());
            return;
        }
        if (!(root instanceof YamlNode.Mapping m) || !m.has("block")) {
            error(at, "cannot import " + SourceLocation.display(target) + ": it is not a block file (`block: NAME`)");
            blocksOfFile.put(target, List.of());
            return;
        }
        importing.push(target);
        blocksOfFile.put(target, new ArrayList<>());
        block(target, m);
        importing.pop();
    }

    private Map<String, ParamSpec> params(YamlNode.Mapping top) {
        Map<String, ParamSpec> params = new LinkedHashMap<>();
        Optional<YamlNode> node = top.get("params");
        if (node.isEmpty()) {
            return params;
        }
        if (!(node.get() instanceof YamlNode.Mapping m)) {
            error(node.get().location(), "`params:` maps parameter names to defaults, types (`int`) or {type, default, doc}");
            return params;
        }
        for (YamlNode.Mapping.Entry e : m.entries().values()) {
            checkIdentifier(e.key(), e.keyLocation(), "a parameter name");
            ParamSpec p = param(e);
            if (p != null) {
                params.put(e.key(), p);
            }
        }
        return params;
    }

    private ParamSpec param(YamlNode.Mapping.Entry e) {
        YamlNode v = e.value();
        if (v instanceof YamlNode.Mapping m) {
            checkKeys(m, PARAM_KEYS, "a parameter");
            YamlNode def = m.get("default").orElse(null);
            ParamSpec.Type type = m.get("type").map(t -> typeName(t)).orElse(null);
            if (type == null && def == null) {
                error(m.location(), "parameter `" + e.key() + "` needs a `type:` or a `default:`");
                return null;
            }
            if (type == null) {
                type = inferType(def);
            }
            ParamSpec untyped = new ParamSpec(e.key(), type, def, m.get("doc").map(SpecLoader::text).orElse(""), List.of(),
                    e.keyLocation());
            return new ParamSpec(e.key(), type, def, untyped.doc(), m.get("choices").map(c -> choices(untyped, c))
                    .orElse(List.of()), e.keyLocation());
        }
        if (v instanceof YamlNode.Scalar s && s.value() instanceof String word) {
            Optional<ParamSpec.Type> t = ParamSpec.Type.named(word);
            if (t.isPresent()) {
                return new ParamSpec(e.key(), t.get(), null, "", List.of(), e.keyLocation());
            }
        }
        return new ParamSpec(e.key(), inferType(v), v, "", List.of(), e.keyLocation());
    }

    /** The `choices:` of a parameter, each checked against its type. */
    private List<Object> choices(ParamSpec param, YamlNode node) {
        List<Object> out = new ArrayList<>();
        if (!(node instanceof YamlNode.Sequence seq) || seq.items().isEmpty()) {
            error(node.location(), "`choices:` lists the allowed values, e.g. `[relu, relu6]`");
            return out;
        }
        for (YamlNode item : seq.items()) {
            Object raw = item instanceof YamlNode.Scalar sc ? sc.value() : null;
            Optional<Object> typed = raw == null ? Optional.empty() : param.coerce(raw);
            if (typed.isEmpty()) {
                error(item.location(), "a choice of `" + param.name() + "` must be " + param.type().article());
            } else {
                out.add(typed.get());
            }
        }
        return out;
    }

    private ParamSpec.Type typeName(YamlNode t) {
        if (t instanceof YamlNode.Scalar s && s.value() instanceof String w) {
            Optional<ParamSpec.Type> type = ParamSpec.Type.named(w);
            if (type.isPresent()) {
                return type.get();
            }
            error(t.location(), "unknown parameter type `" + w + "`; expected int, float, bool, string or list"
                    + Suggestions.hint(w, List.of("int", "float", "bool", "string", "list")));
        } else {
            error(t.location(), "a parameter type is int, float, bool, string or list");
        }
        return ParamSpec.Type.INT;
    }

    private static ParamSpec.Type inferType(YamlNode v) {
        if (v instanceof YamlNode.Sequence) {
            return ParamSpec.Type.LIST;
        }
        if (v instanceof YamlNode.Scalar s) {
            Object o = s.value();
            if (o instanceof Long) {
                return ParamSpec.Type.INT;
            }
            if (o instanceof Double) {
                return ParamSpec.Type.FLOAT;
            }
            if (o instanceof Boolean) {
                return ParamSpec.Type.BOOL;
            }
        }
        return ParamSpec.Type.STRING;
    }

    private List<BlockSpec.Binding> lets(YamlNode.Mapping top) {
        List<BlockSpec.Binding> lets = new ArrayList<>();
        top.get("let").ifPresent(node -> {
            if (!(node instanceof YamlNode.Mapping m)) {
                error(node.location(), "`let:` maps names to expressions, e.g. `{n: out / K}`");
                return;
            }
            for (YamlNode.Mapping.Entry e : m.entries().values()) {
                checkIdentifier(e.key(), e.keyLocation(), "a name");
                lets.add(new BlockSpec.Binding(e.key(), e.value(), e.keyLocation()));
            }
        });
        return lets;
    }

    private List<LayerSpec> layerList(YamlNode.Mapping owner, String what) {
        Optional<YamlNode> node = owner.get("layers");
        if (node.isEmpty()) {
            error(owner.location(), what + " needs `layers:`");
            return List.of();
        }
        return layers(node.get());
    }

    private List<LayerSpec> layers(YamlNode node) {
        List<LayerSpec> out = new ArrayList<>();
        if (!(node instanceof YamlNode.Sequence s) || s.items().isEmpty()) {
            error(node.location(), "`layers:` is a non-empty list of layers");
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
            error(item.location(), "a layer is a mapping such as `{name: conv1, op: conv, out: 16, kernel: 3}`, not "
                    + item.kind());
            return null;
        }
        int kinds = (m.has("op") ? 1 : 0) + (m.has("block") ? 1 : 0) + (m.has("for") ? 1 : 0);
        if (kinds > 1) {
            error(m.location(), "a layer has one of `op`, `block` or `for`, not several");
            return null;
        }
        if (m.has("op")) {
            return opLayer(m);
        }
        if (m.has("block")) {
            return blockLayer(m);
        }
        if (m.has("for")) {
            return loop(m);
        }
        if (m.has("layers")) {
            checkKeys(m, GROUP_KEYS, "a group");
            return new LayerSpec.Group(m.get("name").orElse(null), m.get("from").orElse(null),
                    m.get("when").orElse(null), m.get("repeat").orElse(null), layers(m.get("layers").get()), m.location());
        }
        Set<String> all = Set.of("op", "block", "for", "layers");
        error(m.location(), "a layer needs `op:` (a primitive), `block:` (a block instance), `for:` (a loop) or `layers:` (a group)"
                + keyHint(m, all));
        return null;
    }

    private LayerSpec opLayer(YamlNode.Mapping m) {
        YamlNode opNode = m.get("op").get();
        if (!(opNode instanceof YamlNode.Scalar s) || !(s.value() instanceof String opName)) {
            error(opNode.location(), "`op:` names an operator, e.g. `conv`");
            return null;
        }
        Optional<Operator> op = Operators.find(opName);
        if (op.isEmpty()) {
            error(opNode.location(), "unknown operator `" + opName + "`" + Suggestions.hint(opName,
                    Operators.all().stream().map(Operator::name).toList()));
            return null;
        }
        Map<String, YamlNode.Mapping.Entry> attributes = new LinkedHashMap<>();
        List<String> allowed = new ArrayList<>(OP_LAYER_KEYS);
        op.get().attributes().forEach(a -> allowed.add(a.name()));
        for (YamlNode.Mapping.Entry e : m.entries().values()) {
            if (OP_LAYER_KEYS.contains(e.key())) {
                continue;
            }
            if (op.get().attribute(e.key()).isEmpty()) {
                error(e.keyLocation(), "`" + opName + "` has no attribute `" + e.key() + "`" + Suggestions.hint(e.key(), allowed)
                        + attributeList(op.get()));
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

    private LayerSpec blockLayer(YamlNode.Mapping m) {
        YamlNode blockNode = m.get("block").get();
        if (!(blockNode instanceof YamlNode.Scalar s) || !(s.value() instanceof String blockName)) {
            error(blockNode.location(), "`block:` names a block, e.g. `esp`");
            return null;
        }
        Map<String, YamlNode.Mapping.Entry> args = new LinkedHashMap<>();
        for (YamlNode.Mapping.Entry e : m.entries().values()) {
            if (!BLOCK_LAYER_KEYS.contains(e.key())) {
                args.put(e.key(), e);
            }
        }
        return new LayerSpec.BlockLayer(m.get("name").orElse(null), blockName, blockNode.location(),
                m.get("from").orElse(null), m.get("when").orElse(null), m.get("repeat").orElse(null), args, m.location());
    }

    private LayerSpec loop(YamlNode.Mapping m) {
        checkKeys(m, LOOP_KEYS, "a loop");
        YamlNode forNode = m.get("for").get();
        String text = forNode instanceof YamlNode.Scalar s && s.value() instanceof String w ? w : "";
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("^\\s*(" + IDENTIFIER + ")\\s+in\\s+(.+?)\\s*$")
                .matcher(text);
        if (!matcher.matches()) {
            error(forNode.location(), "`for:` reads `VARIABLE in EXPRESSION`, e.g. `k in range(K)`");
            return null;
        }
        if (!m.has("layers")) {
            error(m.location(), "a loop needs `layers:`");
            return null;
        }
        return new LayerSpec.Loop(matcher.group(1), matcher.group(2), forNode.location().shifted(matcher.start(2)),
                m.get("when").orElse(null), layers(m.get("layers").get()), m.location());
    }

    private void checkKeys(YamlNode.Mapping m, Set<String> allowed, String what) {
        for (YamlNode.Mapping.Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                error(e.keyLocation(), "unknown key `" + e.key() + "` in " + what + Suggestions.hint(e.key(), allowed)
                        + " (expected " + allowed.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
        }
    }

    private String word(YamlNode.Mapping m, String key) {
        YamlNode v = m.get(key).orElseThrow();
        if (v instanceof YamlNode.Scalar s && s.value() instanceof String w && w.matches("[A-Za-z_][A-Za-z0-9_.-]*")) {
            return w;
        }
        error(v.location(), "`" + key + ":` is a name made of letters, digits, `_`, `-` and `.`");
        return null;
    }

    private void checkIdentifier(String name, SourceLocation at, String what) {
        if (!name.matches(IDENTIFIER)) {
            error(at, "`" + name + "` is not usable as " + what + "; use letters, digits and `_`, starting with a letter");
        }
    }

    static String text(YamlNode node) {
        return node instanceof YamlNode.Scalar s && s.value() != null ? s.value().toString() : "";
    }

    private void error(SourceLocation at, String message) {
        problems.add(Diagnostic.error(at, message));
    }
}
