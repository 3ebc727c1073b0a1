package org.netspec.spec;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a spec's imports may come from, and where an import by name is looked for.
 *
 * <p>Imports may come from the directory tree of the spec file given to the tool (or, when an
 * ancestor folder holds the project marker {@value #PROJECT_MARKER}, the tree of the nearest such
 * folder), the library folders ({@code --lib DIR}, {@value #LIBRARY_VARIABLE}), the built-in
 * library {@code specs/} of the project, and any directory the user allows
 * ({@code --allow-imports-from DIR}). Paths are compared after resolving symbolic links, so a link
 * cannot lead an import out of the allowed trees.
 *
 * <p>An import by name ({@code imports: [esp]}) is looked for in the importing file's folder,
 * then the project folder, the {@code --lib} folders in order, the {@value #LIBRARY_VARIABLE}
 * folders in order, and the built-in library: in each folder as {@code NAME.yaml},
 * {@code blocks/NAME.yaml} and {@code networks/NAME.yaml}, with {@code _} also read as {@code -}.
 */
public final class ImportRoots {
    /** The file whose folder is the root of a designer's repository. */
    public static final String PROJECT_MARKER = "netspec.yaml";
    /** The environment variable that lists library folders, separated as the system separates paths. */
    public static final String LIBRARY_VARIABLE = "NETSPEC_LIB";

    /** A folder searched for imports by name, and what it is, for the message of a missing import. */
    record Library(Path dir, String what) {
    }

    private final List<Path> roots;
    private final List<Library> libraries;

    private ImportRoots(List<Path> roots, List<Library> libraries) {
        this.roots = List.copyOf(roots);
        this.libraries = List.copyOf(libraries);
    }

    /** The spec's own directory tree (or its project's), the built-in library and {@code allowed}, in that order. */
    public static ImportRoots of(Path spec, List<Path> allowed) {
        return of(spec, allowed, List.of(), List.of());
    }

    /**
     * As {@link #of(Path, List)}, with library folders given on the command line ({@code lib}) and
     * in the environment ({@code environment}), searched in that order before the built-in library.
     */
    public static ImportRoots of(Path spec, List<Path> allowed, List<Path> lib, List<Path> environment) {
        List<Path> roots = new ArrayList<>();
        List<Library> libraries = new ArrayList<>();
        Path parent = spec.toAbsolutePath().normalize().getParent();
        if (parent != null) {
            Optional<Path> project = project(real(parent));
            roots.add(project.orElse(real(parent)));
            project.ifPresent(p -> libraries.add(new Library(p, "project")));
        }
        lib.forEach(dir -> libraries.add(new Library(real(dir), "--lib")));
        environment.forEach(dir -> libraries.add(new Library(real(dir), LIBRARY_VARIABLE)));
        Optional<Path> builtIn = library();
        builtIn.ifPresent(roots::add);
        libraries.stream().map(Library::dir).filter(d -> !roots.contains(d)).forEach(roots::add);
        builtIn.ifPresent(b -> libraries.add(new Library(b, "built-in library")));
        allowed.forEach(dir -> roots.add(real(dir)));
        return new ImportRoots(roots, libraries);
    }

    /** The folders a {@value #LIBRARY_VARIABLE} value lists; empty parts are skipped. */
    public static List<Path> libraryPath(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
    }

    /** The nearest folder at or above {@code dir} that holds the project marker. */
    static Optional<Path> project(Path dir) {
        for (Path d = dir; d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve(PROJECT_MARKER))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * The project's {@code specs/} directory: beside {@code target/}, which holds the classes or
     * the jar this class was loaded from, so it is found from any working directory.
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

    /**
     * The file an import by name stands for, looked for beside {@code importer} and then in the
     * library folders, in order; empty when there is none. {@code looked} receives each folder
     * searched, in order.
     */
    Optional<Path> find(String name, Path importer, Set<String> looked) {
        List<Library> search = new ArrayList<>();
        Path own = importer.toAbsolutePath().normalize().getParent();
        if (own != null) {
            search.add(new Library(own, "beside " + importer.getFileName()));
        }
        search.addAll(libraries);
        Set<String> files = new LinkedHashSet<>(List.of(name + ".yaml", name.replace('_', '-') + ".yaml"));
        Set<Path> seen = new HashSet<>();
        for (Library library : search) {
            for (Path dir : List.of(library.dir(), library.dir().resolve("blocks"), library.dir().resolve("networks"))) {
                if (!Files.isDirectory(dir) || !seen.add(real(dir))) {
                    continue;
                }
                looked.add(SourceLocation.display(dir) + " (" + library.what() + ")");
                for (String f : files) {
                    if (Files.isRegularFile(dir.resolve(f))) {
                        return Optional.of(dir.resolve(f));
                    }
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return roots.stream().map(SourceLocation::display).collect(Collectors.joining(", "));
    }

    /**
     * The absolute path with symbolic links resolved; for a file that does not exist, its nearest
     * existing directory resolved and the rest appended.
     */
    static Path real(Path path) {
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
