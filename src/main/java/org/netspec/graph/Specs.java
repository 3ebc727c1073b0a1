package org.netspec.graph;

import java.nio.file.Path;
import java.util.List;
import org.netspec.spec.Expressions;
import org.netspec.spec.ImportRoots;
import org.netspec.spec.Limits;
import org.netspec.spec.NetworkSpec;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;
import org.netspec.spec.SpecLoader;

/**
 * The Java entry point: {@code Network net = Specs.load(path, overrides);}. Loads, expands and
 * builds a spec, or fails with every problem found. The commands load specs through here too, so
 * a spec means the same to a program as to the command line.
 */
public final class Specs {
    private Specs() {
    }

    public static Network load(Path file) throws SpecException {
        return load(file, Overrides.NONE, Limits.DEFAULT);
    }

    public static Network load(Path file, Overrides overrides) throws SpecException {
        return load(file, overrides, Limits.DEFAULT);
    }

    /** @throws SpecException with every error, when the spec does not load or build */
    public static Network load(Path file, Overrides overrides, Limits limits) throws SpecException {
        return build(file, overrides, limits, ImportRoots.of(file, List.of())).orThrow();
    }

    /**
     * Loads a spec whose imports may come from {@code importRoots}, and expands and builds it.
     * The result holds the network or the errors that prevented it, and the warnings either way.
     *
     * @throws SpecException when the files cannot be read or the command-line values do not fit
     */
    public static NetworkBuilder.Result build(Path file, Overrides overrides, Limits limits, ImportRoots importRoots)
            throws SpecException {
        return build(SpecLoader.load(file, limits, importRoots), overrides, limits);
    }

    /**
     * Expands and builds a loaded spec, with a fresh expression cache as a new command has.
     *
     * @throws SpecException when the command-line values do not fit
     */
    public static NetworkBuilder.Result build(NetworkSpec spec, Overrides overrides, Limits limits) throws SpecException {
        return NetworkBuilder.build(spec, overrides, limits, new Expressions(limits));
    }
}
