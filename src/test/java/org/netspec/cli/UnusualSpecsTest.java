package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Valid but unusual specs (issue 12, category 9): every command (analyze in every format, validate,
 * graph, report, run, export in every format, compare) handles each one and exits 0, never with an
 * internal error. Each spec stretches one corner: a chart whose values are all equal or all zero,
 * a single layer, 1 x 1 feature maps, a layer nothing reads, an output that is the input. A network
 * that is only its input, and a block without a sample, are one located error from every command.
 */
class UnusualSpecsTest {
    @TempDir
    static Path dir;

    /** A case: its name and its spec text. */
    record Spec(String name, String text) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> specs() {
        return Stream.of(
                new Spec("single-layer", """
                        network: single
                        inputs: {x: [1, 3, 8, 8]}
                        layers:
                          - {name: c, op: conv, out: 4, kernel: 3, padding: 1}
                        """),
                // Every count is zero: no parameters, no MACs; charts on a log axis have nothing to show.
                new Spec("all-zero-costs", """
                        network: zeros
                        inputs: {x: [1, 3, 8, 8]}
                        layers:
                          - {name: a, op: relu}
                          - {name: b, op: identity}
                        """),
                // Two blocks of exactly the same cost: a chart of blocks whose values are all equal (zero range).
                new Spec("equal-blocks", """
                        network: equal
                        inputs: {x: [1, 4, 8, 8]}
                        layers:
                          - name: one
                            layers:
                              - {name: c, op: conv, out: 4, kernel: 3, padding: 1}
                          - name: two
                            layers:
                              - {name: c, op: conv, out: 4, kernel: 3, padding: 1}
                        """),
                new Spec("one-pixel", """
                        network: pixel
                        inputs: {x: [1, 1, 1, 1]}
                        layers:
                          - {name: c, op: conv, out: 1, kernel: 1}
                          - {name: p, op: global_avgpool}
                          - {name: f, op: flatten}
                          - {name: l, op: linear, out: 1}
                        """),
                new Spec("unused-layer", """
                        network: unused
                        inputs: {x: [1, 2, 4, 4]}
                        layers:
                          - {name: a, op: relu}
                          - {name: side, op: conv, from: x, out: 2, kernel: 1}
                        outputs: [a]
                        """),
                new Spec("two-outputs-one-node", """
                        network: twice
                        inputs: {x: [1, 2, 4, 4]}
                        layers:
                          - {name: a, op: relu}
                        outputs: [a, x]
                        """)).map(Arguments::of);
    }

    private static List<List<String>> commands(Path spec, Path work) {
        String s = spec.toString();
        List<List<String>> commands = new ArrayList<>();
        for (String format : List.of("table", "json", "csv", "markdown")) {
            commands.add(List.of("analyze", s, "--format", format));
        }
        commands.add(List.of("analyze", s, "--by", "block"));
        commands.add(List.of("analyze", s, "--by", "stage"));
        commands.add(List.of("validate", s, "--warnings", "all"));
        commands.add(List.of("graph", s));
        commands.add(List.of("graph", s, "--format", "graphml"));
        commands.add(List.of("report", s, "--out", work.resolve("report").toString()));
        commands.add(List.of("report", s, s, "--out", work.resolve("report2").toString()));
        commands.add(List.of("run", s, "--threads", "1", "--save-output", work.resolve("out.safetensors").toString(),
                "--save-weights", work.resolve("weights.safetensors").toString()));
        commands.add(List.of("run", s, "--threads", "1", "--format", "json"));
        commands.add(List.of("export", s, "--format", "onnx", "-o", work.resolve("model.onnx").toString()));
        commands.add(List.of("export", s, "--format", "pytorch", "-o", work.resolve("model.py").toString()));
        commands.add(List.of("export", s, "--format", "netron", "-o", work.resolve("model.json").toString()));
        commands.add(List.of("compare", s, s));
        return commands;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void everyCommandHandlesIt(Spec spec) throws IOException {
        Path work = Files.createDirectories(dir.resolve(spec.name()));
        Path file = Files.writeString(work.resolve(spec.name() + ".yaml"), spec.text());
        for (List<String> command : commands(file, work)) {
            CommandLineTest.Run r = CommandLineTest.run(command.toArray(String[]::new));
            String shown = String.join(" ", command) + "\n" + r.err();
            assertEquals(0, r.code(), shown);
            assertFalse(r.err().contains("internal error") || r.err().contains("Exception"), shown);
            assertFalse(r.out().isBlank(), shown);
        }
        assertTrue(Files.isRegularFile(work.resolve("report").resolve("index.html")));
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of(new Spec("input-only", """
                        network: nothing
                        inputs: {x: [1, 3, 8, 8]}
                        layers: []
                        outputs: [x]
                        """), ":3:9: error: `layers:` is a non-empty list of layers"),
                Arguments.of(new Spec("block-without-sample", """
                        block: nosample
                        params: {out: {type: int, default: 4}}
                        layers:
                          - {name: c, op: conv, out: out, kernel: 1}
                        """), ":1:1: error: to analyse a block file on its own, give it `sample: {inputs: {x: [N, C, H, W]}}`"));
    }

    /**
     * A network whose only layer would be its input, and a block analysed without a sample, are
     * each one located error, the same from every command.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void everyCommandRefusesItInOneLocatedLine(Spec spec, String error) throws IOException {
        Path work = Files.createDirectories(dir.resolve(spec.name()));
        Path file = Files.writeString(work.resolve(spec.name() + ".yaml"), spec.text());
        for (List<String> command : commands(file, work)) {
            CommandLineTest.Run r = CommandLineTest.run(command.toArray(String[]::new));
            String shown = String.join(" ", command) + "\n" + r.err();
            assertEquals(2, r.code(), shown);
            assertEquals(List.of(BadInputCorpusTest.displayed(file) + error), r.err().lines().distinct().toList(), shown);
        }
    }
}
