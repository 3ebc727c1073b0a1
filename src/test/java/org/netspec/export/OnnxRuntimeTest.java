package org.netspec.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.ops.Shape;
import org.netspec.spec.Overrides;

/**
 * Every library network and every block's sample, exported to ONNX with seeded weights, gives what
 * netspec's executor gives when ONNX Runtime runs it (see {@link OrtComparison}). Inputs are
 * reduced to keep the build fast: networks to 64x128 as in the executor's tests, block samples by
 * halving every input's height and width together until the largest has at most 32x32 positions.
 */
class OnnxRuntimeTest {
    private static final long BLOCK_POSITIONS = 32 * 32;
    private static final Map<String, OrtComparison.Result> RESULTS = new TreeMap<>();

    static Stream<Path> specs() throws IOException {
        return Stream.concat(yaml("specs/networks"), yaml("specs/blocks"));
    }

    private static Stream<Path> yaml(String dir) throws IOException {
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    static Network reduced(Path spec) throws Exception {
        Network declared = Specs.load(spec);
        if (spec.startsWith("specs/networks")) {
            Shape in = declared.inputs().get(0).shape();
            return in.h() * in.w() > 224 * 224 ? Specs.load(spec, Overrides.NONE.withInput("", "1x3x64x128")) : declared;
        }
        long largest = declared.inputs().stream().mapToLong(n -> n.shape().spatial()).max().orElseThrow();
        int halvings = 0;
        while ((largest >> (2 * halvings)) > BLOCK_POSITIONS) {
            halvings++;
        }
        Overrides overrides = Overrides.NONE;
        for (Node in : declared.inputs()) {
            Shape s = in.shape();
            overrides = overrides.withInput(in.name(), s.n() + "x" + s.c() + "x" + Math.max(1, s.h() >> halvings) + "x"
                    + Math.max(1, s.w() >> halvings));
        }
        return Specs.load(spec, overrides);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void onnxRuntimeComputesWhatTheExecutorComputes(Path spec) throws Exception {
        Network net = reduced(spec);
        OrtComparison.Result r = OrtComparison.check(net);
        String input = net.inputs().stream().map(n -> n.shape().toString()).reduce((a, b) -> a + ", " + b).orElseThrow();
        RESULTS.put(spec.toString(), r);
        System.out.printf(Locale.ROOT, "ONNX Runtime vs executor: %-45s at %-28s max|diff| %.2e (max|output| %.2e)%n",
                spec, input, r.maxDiff(), r.maxOutput());
    }

    static Stream<Path> variants() throws IOException {
        return yaml("src/test/resources/specs/onnx");
    }

    /** Operators and variants the library does not use: nearest resizing, ceil_mode, renumbered unpooling indices, ... */
    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void operatorVariantsAgreeToo(Path spec) throws Exception {
        onnxRuntimeComputesWhatTheExecutorComputes(spec);
    }

    @AfterAll
    static void table() {
        StringBuilder sb = new StringBuilder("| spec | max abs diff | max abs output |\n|---|---|---|\n");
        RESULTS.forEach((spec, r) -> sb.append(String.format(Locale.ROOT, "| %s | %.2e | %.2e |%n", spec, r.maxDiff(),
                r.maxOutput())));
        System.out.print(sb);
    }
}
