package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fuzzes the command line as a whole with Jazzer: the input chooses a command (analyze, validate,
 * graph, report, run, export, compare, import), its flags and their values, and the text of the
 * spec (or the bytes of the ONNX model or tensor file) it reads. Whatever it chooses, the command
 * ends with exit code 0, 1 or 2 and never with {@code internal error} (exit 70) or a stack trace.
 *
 * <p>A normal build runs the seeds in {@code CommandLineFuzzTestInputs/commandLine} (Jazzer's
 * regression mode); {@code mvn test -Pfuzz -Dfuzz.test=CommandLineFuzzTest} fuzzes for a long time.
 */
class CommandLineFuzzTest {
    private static final String[] COMMANDS = {"analyze", "validate", "graph", "report", "run", "export", "compare", "import"};
    /** Tiny specs, so that an execution takes milliseconds; the fuzzed spec is one more choice. */
    private static final String[] SPECS = {"fuzzed.yaml", "fuzzed.yaml", "tiny.yaml", "small.yaml"};
    /** Library blocks on an 8 x 8 input: their expressions, loops and gridding at a small cost. */
    private static final String TINY = """
            network: tiny
            imports: [cbr.yaml, esp.yaml, shufflenet-v2-unit.yaml]
            params: {out: 10}
            inputs: {x: [1, 10, 8, 8]}
            layers:
              - {name: c, block: cbr, out: out}
              - {name: e, block: esp, out: out}
              - {name: u, block: shufflenet_v2_unit, out: out}
            """;
    private static final String[] INPUTS = {"1x10x8x8", "1x3", "1x10x8x8x8", "0x10x8x8", "1x1x1x1", "1x10x8x8x",
        "x=1x10x2x2", "1x10x2147483647x2", "1x10x5x7", "2x10x3x3", "1x2x3x3", "y=1x2x4x4"};
    private static final String[] SETS = {"out=8", "out=20", "out=0", "out=-1", "out=3", "out=1e999", "out=2.5", "q=3",
        "out=2147483647"};
    private static final String[] LIMITS = {"--max-file-bytes", "--max-model-bytes", "--max-yaml-depth", "--max-alias-nodes",
        "--max-nodes", "--max-iterations", "--max-block-depth", "--max-expression-length", "--max-expression-depth",
        "--max-expression-cost"};

    @TempDir
    static Path dir;
    private static int execution;

    @BeforeAll
    static void copyTheBlockLibrary() throws IOException {
        try (Stream<Path> blocks = Files.list(Path.of("specs/blocks"))) {
            for (Path block : blocks.toList()) {
                Files.copy(block, dir.resolve(block.getFileName()));
            }
        }
        Files.copy(Path.of("src/test/resources/safetensors/small.yaml"), dir.resolve("small.yaml"));
        Files.writeString(dir.resolve("tiny.yaml"), TINY);
    }

    @FuzzTest(maxDuration = "5m")
    void commandLine(FuzzedDataProvider data) throws IOException {
        Path work = Files.createDirectories(dir.resolve("run" + (execution++ % 4)));
        clear(work);
        String command = data.pickValue(COMMANDS);
        List<String> args = new ArrayList<>();
        args.add(command);
        String spec = data.pickValue(SPECS);
        if (command.equals("import")) {
            args.add(work.resolve("model.onnx").toString());
        } else {
            args.add(dir.resolve(spec).toString());
            if (command.equals("compare")) {
                args.add(dir.resolve(data.pickValue(SPECS)).toString());
            }
        }
        int flags = data.consumeInt(0, 4);
        for (int i = 0; i < flags; i++) {
            addFlag(data, command, work, args);
        }
        addOutput(command, work, args);
        byte[] rest = data.consumeRemainingAsBytes();
        if (command.equals("import")) {
            Files.write(work.resolve("model.onnx"), rest);
        } else {
            Files.write(dir.resolve("fuzzed.yaml"), rest);
        }
        Files.write(work.resolve("tensors.safetensors"), rest);
        CommandLineTest.Run r = CommandLineTest.run(args.toArray(String[]::new));
        String shown = String.join(" ", args) + "\n" + r.err();
        assertTrue(r.code() >= 0 && r.code() <= 2, () -> "exit " + r.code() + ": " + shown);
        assertFalse(r.err().contains("internal error"), shown);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), shown);
    }

    private static void addFlag(FuzzedDataProvider data, String command, Path work, List<String> args) {
        switch (data.consumeInt(0, 11)) {
            case 0 -> args.addAll(List.of("--input", data.consumeBoolean() ? data.pickValue(INPUTS) : data.consumeString(24)));
            case 1 -> args.addAll(List.of("--set", data.consumeBoolean() ? data.pickValue(SETS) : data.consumeString(24)));
            case 2 -> args.addAll(List.of(data.pickValue(LIMITS), Integer.toString(data.consumeInt(-1, 100_000))));
            case 3 -> args.addAll(List.of("--profile", data.pickValue(new String[] {"standard", "edgenets", "torchvision",
                "full", "thop"})));
            case 4 -> args.addAll(List.of("--format", data.pickValue(new String[] {"table", "json", "csv", "markdown",
                "dot", "graphml", "onnx", "pytorch", "netron", "xml"})));
            case 5 -> args.addAll(List.of("--by", data.pickValue(new String[] {"layer", "block", "stage", "op"})));
            case 6 -> args.addAll(List.of("--rf-from", data.consumeString(16)));
            case 7 -> args.addAll(List.of("--warnings", data.pickValue(new String[] {"all", "none", "grouped", "x"})));
            case 8 -> args.add("--force");
            case 9 -> args.addAll(List.of(command.equals("export") ? "--weights" : "--input-data",
                work.resolve("tensors.safetensors").toString()));
            case 10 -> args.addAll(List.of("--variant", data.consumeString(24)));
            default -> args.add(data.consumeString(12));
        }
    }

    /** The output each writing command needs, inside this execution's folder. */
    private static void addOutput(String command, Path work, List<String> args) {
        switch (command) {
            case "report" -> args.addAll(List.of("--out", work.resolve("report").toString()));
            case "export" -> args.addAll(List.of("-o", work.resolve("exported.json").toString()));
            case "import" -> args.addAll(List.of("-o", work.resolve("imported.yaml").toString()));
            case "run" -> args.addAll(List.of("--threads", "1", "--save-output", work.resolve("out.safetensors").toString()));
            default -> { }
        }
    }

    private static void clear(Path work) throws IOException {
        try (Stream<Path> files = Files.walk(work)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                if (!f.equals(work)) {
                    Files.delete(f);
                }
            }
        }
    }
}
