package org.netspec.spec;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The directory trees a spec may import block files from: the directory of the spec file given
 * to the tool (and everything below it), the built-in library {@code specs/} of the project, and
 * any directory the user allows ({@code --allow-imports-from DIR}). Paths are compared after
 * resolving symbolic links, so a link cannot lead an import out of the allowed trees.
 */
public final class ImportRoots {
    private final List<Path> roots;

    private ImportRoots(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** The spec's own directory tree, the built-in library and {@code allowed}, in that order. */
    public static ImportRoots of(Path spec, List<Path> allowed) {
        List<Path> roots = new ArrayList<>();
        Path parent = spec.toAbsolutePath().normalize().getParent();
        if (parent != null) {
            roots.add(real(parent));
        }
        library().ifPresent(roots::add);
        allowed.forEach(dir -> roots.add(real(dir)));
        return new ImportRoots(roots);
    }

    /**
     * The project's {@code specs/} directory: beside {@code target/}, which holds the classes or
     * the jar this class was loaded from.
     */
    static Optional<Path> library() {
        CodeSource source = ImportRoots.class.getProtectionDomain().getCodeSource();
        if (source == null) {
            return Optional.empty();
        }
        try {
            Path code = Path.of(source.getLocation().toURI());
            Path target = code.getParent();
            Path project = target == null ? null : target.getParent();
            Path specs = project == null ? null : project.resolve("specs");
            return specs != null && Files.isDirectory(specs) ? Optional.of(real(specs)) : Optional.empty();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code file} lies inside one of the trees. */
    public boolean allow(Path file) {
        Path target = real(file);
        return roots.stream().anyMatch(target::startsWith);
    }

    @Override
    public String toString() {
        return roots.stream().map(SourceLocation::display).collect(Collectors.joining(", "));
    }

    /**
     * The absolute path with symbolic links resolved; for a file that does not exist, its nearest
     * existing directory resolved and the rest appended.
     */
    private static Path real(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        for (Path existing = absolute; existing != null; existing = existing.getParent()) {
            try {
                return existing.toRealPath().resolve(existing.relativize(absolute));
            } catch (IOException e) {
                // Not there: try its parent.
            }
        }
        return absolute;
    }
}
