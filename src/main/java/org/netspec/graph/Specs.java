package org.netspec.graph;

import java.nio.file.Path;
import org.netspec.spec.Expressions;
import org.netspec.spec.Limits;
import org.netspec.spec.NetworkSpec;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;
import org.netspec.spec.SpecLoader;

/**
 * The Java entry point: {@code Network net = Specs.load(path, overrides);}. Loads, expands and
 * builds a spec, or fails with every problem found.
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

    public static Network load(Path file, Overrides overrides, Limits limits) throws SpecException {
        NetworkSpec spec = SpecLoader.load(file, limits);
        NetworkBuilder.Result result = NetworkBuilder.build(spec, overrides, limits, new Expressions(limits));
        if (result.hasErrors()) {
            throw new SpecException(result.diagnostics().stream().filter(d -> d.isError()).toList());
        }
        return result.network().orElseThrow();
    }
}
