package org.netspec.spec;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The block and network files a spec imports, directly or through other blocks, and the blocks
 * they define by name. An import is a path relative to the importing file or a name looked up in
 * the library folders ({@link ImportRoots#find}). Checks that each import is a local file inside
 * the allowed directories, reads each real file once (however many paths or links lead to it),
 * and reports circular imports and blocks defined twice.
 */
final class Imports {
    /** An import by name: a word without dots or slashes ({@code esp}, {@code mobilenet-v2}). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

    private final YamlReader reader;
    private final ImportRoots roots;
    private final SpecChecks checks;
    private final BiFunction<Path, YamlNode.Mapping, BlockSpec> blockReader;
    private final BiFunction<Path, YamlNode.Mapping, BlockSpec> networkReader;
    private final Map<String, BlockSpec> blocks = new LinkedHashMap<>();
    /** The blocks of each file read, by its real path. */
    private final Map<Path, List<String>> blocksOfFile = new LinkedHashMap<>();
    /** The real paths of the files being read, innermost first. */
    private final Deque<Path> importing = new ArrayDeque<>();
    private Path top;

    /**
     * @param blockReader reads the top mapping of a block file and {@link #define defines} its block
     * @param networkReader reads the top mapping of an imported network file and defines it as a block
     */
    Imports(YamlReader reader, ImportRoots roots, SpecChecks checks, BiFunction<Path, YamlNode.Mapping, BlockSpec> blockReader,
            BiFunction<Path, YamlNode.Mapping, BlockSpec> networkReader) {
        this.reader = reader;
        this.roots = roots;
        this.checks = checks;
        this.blockReader = blockReader;
        this.networkReader = networkReader;
    }

    /** The blocks defined so far, by name. */
    Map<String, BlockSpec> blocks() {
        return Map.copyOf(blocks);
    }

    /** Reads a block file, given its top mapping, in the chain of files being imported. */
    BlockSpec readBlock(Path file, YamlNode.Mapping top) {
        return reading(file, () -> blockReader.apply(file, top));
    }

    /** The network file given to the tool, which a block importing it back would make circular. */
    void top(Path file) {
        top = ImportRoots.real(file);
    }

    /** Reads a file, given its reader, in the chain of files being imported. */
    private <T> T reading(Path file, Supplier<T> read) {
        importing.push(ImportRoots.real(file));
        T result = read.get();
        importing.pop();
        return result;
    }

    /** Defines a block read from a file, unless another file defines a block of that name. */
    void define(String name, BlockSpec block, Path file, SourceLocation at) {
        BlockSpec previous = blocks.get(name);
        if (previous != null && !ImportRoots.real(previous.location().file()).equals(ImportRoots.real(file))) {
            checks.error(at, "block `" + name + "` is also defined at " + previous.location());
        } else {
            blocks.put(name, block);
            blocksOfFile.computeIfAbsent(ImportRoots.real(file), f -> new ArrayList<>()).add(name);
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
                checks.error(sc.location(), "imports are file paths relative to this file or library names; `" + relative
                        + "` is a URL and is not fetched");
                continue;
            }
            Path target;
            if (NAME.matcher(relative).matches() && !Files.exists(file.getParent().resolve(relative), LinkOption.NOFOLLOW_LINKS)) {
                Set<String> looked = new LinkedHashSet<>();
                Optional<Path> found = roots.find(relative, file, looked);
                if (found.isEmpty()) {
                    checks.error(sc.location(), "cannot import `" + relative + "`: no " + relative + ".yaml"
                            + (relative.contains("_") ? " or " + relative.replace('_', '-') + ".yaml" : "")
                            + " in " + String.join(", ", looked) + "; add a library folder with --lib DIR or "
                            + ImportRoots.LIBRARY_VARIABLE + ", or import the file by its path");
                    continue;
                }
                target = found.get().normalize();
            } else {
                target = file.getParent().resolve(relative).normalize();
            }
            if (!roots.allow(target)) {
                checks.error(sc.location(), "cannot import " + SourceLocation.display(target) + ": it lies outside the "
                        + "directories imports may come from (" + roots + "); allow its directory with --allow-imports-from DIR");
                continue;
            }
            importBlockFile(target, sc.location());
        }
    }

    private void importBlockFile(Path target, SourceLocation at) {
        Path real = ImportRoots.real(target);
        if (importing.contains(real) || real.equals(top)) {
            List<Path> chain = new ArrayList<>(importing);
            if (top != null) {
                chain.add(top);
            }
            String cycle = chain.subList(0, chain.indexOf(real) + 1).stream().map(p -> p.getFileName().toString())
                    .collect(Collectors.joining(" <- "));
            checks.error(at, "circular import of " + SourceLocation.display(target) + " (" + target.getFileName() + " <- "
                    + cycle + ")");
            return;
        }
        if (blocksOfFile.containsKey(real)) {
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
            blocksOfFile.put(real, List.of());
            return;
        }
        if (!(root instanceof YamlNode.Mapping m) || !m.has("block") && !m.has("network")) {
            checks.error(at, "cannot import " + SourceLocation.display(target) + ": it is not a block file (`block: NAME`)"
                    + " or a network file (`network: NAME`)");
            blocksOfFile.put(real, List.of());
            return;
        }
        blocksOfFile.put(real, new ArrayList<>());
        if (m.has("block")) {
            readBlock(target, m);
        } else {
            reading(target, () -> networkReader.apply(target, m));
        }
    }
}
