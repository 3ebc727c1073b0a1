package org.netspec.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.netspec.spec.ImportRoots;
import org.netspec.spec.Limits;
import org.netspec.spec.Overrides;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The spec file, the values that override it, the directories it may import from and the limits
 * on the work it may ask for: shared by every command that reads one spec.
 */
final class SpecOptions {
    @Parameters(index = "0", paramLabel = "SPEC", description = "a network or block spec file (YAML), or an ONNX model (.onnx)")
    Path spec;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "override a network parameter, e.g. --set q=3")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--input", paramLabel = "[NAME=]NxCxHxW",
            description = "override an input shape, e.g. --input 1x3x256x512 (name it when there are several inputs)")
    List<String> inputs = List.of();

    @Mixin
    LimitOptions limitOptions = new LimitOptions();

    Overrides overrides() {
        Overrides o = new Overrides(params, Map.of());
        for (String in : inputs) {
            int eq = in.indexOf('=');
            o = eq < 0 ? o.withInput("", in) : o.withInput(in.substring(0, eq), in.substring(eq + 1));
        }
        return o;
    }

    /** Where the spec may import block files from. */
    ImportRoots importRoots() {
        return limitOptions.importRoots(spec);
    }

    Limits limits() {
        return limitOptions.limits();
    }
}
