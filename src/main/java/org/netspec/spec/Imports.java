package org.netspec.spec;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

/**
 * The block files a spec imports, directly or through other blocks, and the blocks they define by
 * name. Checks that each import is a local block file inside the allowed directories, reads each
 * file once, and reports circular imports and blocks defined twice.
 */
final class Imports {
    private final YamlReader reader;
    private final ImportRoots roots;
    private final SpecChecks checks;
    private final BiFunction<Path, YamlNode.Mapping, BlockSpec> blockReader;
    private final Map<String, BlockSpec> blocks = new LinkedHashMap<>();
    private final Map<Path, List<String>> blocksOfFile = new LinkedHashMap<>();
    private final Deque<Path> importing = new ArrayDeque<>();

    /** @param blockReader reads the top mapping of a block file and {@link #define defines} its block */
    Imports(YamlReader reader, ImportRoots roots, SpecChecks checks, BiFunction<Path, YamlNode.Mapping, BlockSpec> blockReader) {
        this.reader = reader;
        this.roots = roots;
        this.checks = checks;
        this.blockReader = blockReader;
    }

    /** The blocks defined so far, by name. */
    Map<String, BlockSpec> blocks() {
        return Map.copyOf(blocks);
    }

    /** Reads a block file, given its top mapping, in the chain of files being imported. */
    BlockSpec readBlock(Path file, YamlNode.Mapping top) {
        importing.push(file);
        BlockSpec block = blockReader.apply(file, top);
        importing.pop();
        return block;
    }

    /** Defines a block read from a file, unless another file defines a block of that name. */
    void define(String name, BlockSpec block, Path file, SourceLocation at) {
        BlockSpec previous = blocks.get(name);
        if (previous != null && !previous.location().file().equals(file)) {
            checks.error(at, "block `" + name + "` is also defined at " + previous.location());
        } else {
            blocks.put(name, block);
            blocksOfFile.computeIfAbsent(file, f -> new ArrayList<>()).add(name);
        }
    }

    /** Reads the files named by the {@code imports:} of a network or block file. */
    void read(Path file, YamlNode.Mapping top) {
        Optional<YamlNode> node = top.get("imports");
        if (node.isEmpty()) {
            return;
        }
        List<YamlNode> items = node.get() instanceof YamlNode.Sequence s ? s.items() : List.of(node.get());
        for (YamlNode item : items) {
            if (!(item instanceof YamlNode.Scalar sc) || !(sc.value() instanceof String relative)) {
                checks.error(item.location(), "an import is the path of a block file, not " + item.kind());
                continue;
            }
            if (relative.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
                checks.error(sc.location(), "imports are file paths relative to this file; `" + relative
                        + "` is a URL and is not fetched");
                continue;
            }
            Path target = file.getParent().resolve(relative).normalize();
            if (!roots.allow(target)) {
                checks.error(sc.location(), "cannot import " + SourceLocation.display(target) + ": it lies outside the "
                        + "directories imports may come from (" + roots + "); allow its directory with --allow-imports-from DIR");
                continue;
            }
            importBlockFile(target, sc.location());
        }
    }

    private void importBlockFile(Path target, SourceLocation at) {
        if (importing.contains(target)) {
            String cycle = importing.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(" <- "));
            checks.error(at, "circular import of " + SourceLocation.display(target) + " (" + target.getFileName() + " <- "
                    + cycle + ")");
            return;
        }
        if (blocksOfFile.containsKey(target)) {
            return;
        }
        String unreadable = YamlReader.unreadable(target);
        if (unreadable != null) {
            checks.error(at, "cannot import " + SourceLocation.display(target) + ": " + unreadable);
            return;
        }
        YamlNode root;
        try {
            root = reader.read(target);
        } catch (SpecException e) {
            checks.addAll(e.diagnostics());
            blocksOfFile.put(target, List.of());
            return;
        }
        if (!(root instanceof YamlNode.Mapping m) || !m.has("block")) {
            checks.error(at, "cannot import " + SourceLocation.display(target) + ": it is not a block file (`block: NAME`)");
            blocksOfFile.put(target, List.of());
            return;
        }
        blocksOfFile.put(target, new ArrayList<>());
        readBlock(target, m);
    }
}
