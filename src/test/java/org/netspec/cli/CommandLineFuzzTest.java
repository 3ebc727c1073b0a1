package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.spec.VisibleText;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgGroupSpec;

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
    /**
     * The commands weighted by what an execution costs: each once first (so that the seeds keep
     * their meaning), then the cheap ones many times more; {@code report} renders every chart as
     * PNG and SVG (a tenth of a second even for a tiny network) and comes once in 64.
     */
    static final String[] COMMANDS = weighted(new String[] {"analyze", "validate", "graph", "report", "run",
        "export", "compare", "import"}, "analyze", 14, "validate", 14, "graph", 8, "export", 6, "import", 6, "compare", 4,
        "run", 4);
    /** Tiny specs, so that an execution takes milliseconds; the fuzzed spec, cheapest when broken, most often. */
    private static final String[] SPECS = {"fuzzed.yaml", "fuzzed.yaml", "tiny.yaml", "small.yaml", "fuzzed.yaml",
        "fuzzed.yaml", "fuzzed.yaml", "small.yaml"};
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

    /** A Java exception's class name, which no message of the program shows. */
    private static final Pattern JAVA_EXCEPTION =
            Pattern.compile("\\b(java|javax|jdk|sun|com|org|dev)\\.[\\w.$]*(Exception|Error)\\b");

    @TempDir
    static Path dir;
    /**
     * Built once, as building it costs more than most executions: picocli resets every option
     * before a parse, except those in argument groups ({@code --max-*}, export's weight source),
     * whose group object keeps its values; a command line that names one gets a fresh tree after
     * it (checked by {@link #aReusedCommandTreeActsAsAFreshOne}).
     */
    private static CommandLine cli;
    private static Set<String> groupedOptions;

    @BeforeAll
    static void copyTheBlockLibrary() throws IOException {
        try (Stream<Path> blocks = Files.list(Path.of("specs/blocks"))) {
            for (Path block : blocks.toList()) {
                Files.copy(block, dir.resolve(block.getFileName()));
            }
        }
        Files.copy(Path.of("src/test/resources/safetensors/small.yaml"), dir.resolve("small.yaml"));
        Files.writeString(dir.resolve("tiny.yaml"), TINY);
        cli = newCommandLine();
        groupedOptions = new HashSet<>();
        for (CommandLine command : cli.getSubcommands().values()) {
            for (ArgGroupSpec group : command.getCommandSpec().argGroups()) {
                group.allOptionsNested().forEach(o -> groupedOptions.addAll(List.of(o.names())));
            }
        }
    }

    private static CommandLine newCommandLine() {
        return Main.commandLine(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()));
    }

    private static String[] withOutput(String[] line, Path out) {
        return Arrays.stream(line).map(a -> a.equals("OUT") ? out.toString() : a).toArray(String[]::new);
    }

    private static String[] weighted(String[] once, Object... nameAndExtra) {
        List<String> all = new ArrayList<>(List.of(once));
        for (int i = 0; i < nameAndExtra.length; i += 2) {
            all.addAll(Collections.nCopies((Integer) nameAndExtra[i + 1], (String) nameAndExtra[i]));
        }
        return all.toArray(String[]::new);
    }

    /** Runs a command line on the shared command tree, as {@link CommandLineTest#run} does on a fresh one. */
    private static CommandLineTest.Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = Main.run(cli, args);
        if (Arrays.stream(args).anyMatch(a -> groupedOptions.contains(a.split("=", 2)[0]))) {
            cli = newCommandLine();
        }
        return new CommandLineTest.Run(code, out.toString(), err.toString());
    }

    /**
     * The harness reuses one command tree; this holds only if picocli forgets every value of one
     * command line (options, mixins, argument groups, lists) before the next.
     */
    @Test
    void aReusedCommandTreeActsAsAFreshOne() throws IOException {
        String tiny = dir.resolve("tiny.yaml").toString();
        String small = dir.resolve("small.yaml").toString();
        List<String[]> lines = List.of(
                new String[] {"analyze", tiny, "--max-nodes", "3", "--set", "out=20", "--input", "1x10x4x4"},
                new String[] {"analyze", tiny},
                new String[] {"analyze", tiny, "--format", "json", "--by", "block", "--profile", "edgenets"},
                new String[] {"analyze", tiny},
                new String[] {"compare", tiny, small, "--set", "tiny:out=20", "--max-analysis-steps", "1"},
                new String[] {"compare", tiny, small},
                new String[] {"validate", tiny, "--warnings", "all", "--max-expression-cost", "2"},
                new String[] {"validate", tiny},
                new String[] {"graph", tiny, "--format", "graphml"},
                new String[] {"graph", tiny},
                new String[] {"run", small, "--threads", "1", "--seed", "7", "--save-output", "OUT", "--force"},
                new String[] {"run", small, "--threads", "1", "--save-output", "OUT", "--force"},
                new String[] {"export", small, "--format", "onnx", "-o", "OUT", "--force", "--seed", "3"},
                new String[] {"export", small, "--format", "onnx", "-o", "OUT", "--force"},
                new String[] {"nonsense"},
                new String[] {"analyze", small});
        Path freshFile = dir.resolve("fresh.out");
        Path reusedFile = dir.resolve("reused.out");
        for (String[] line : lines) {
            CommandLineTest.Run fresh = CommandLineTest.run(withOutput(line, freshFile));
            CommandLineTest.Run reused = run(withOutput(line, reusedFile));
            String shown = String.join(" ", line);
            assertEquals(fresh.code(), reused.code(), shown);
            if (!line[0].equals("run")) { // run prints its times
                assertEquals(fresh.out().replace(freshFile.toString(), "OUT"), reused.out().replace(reusedFile.toString(), "OUT"),
                        shown);
            }
            assertEquals(fresh.err(), reused.err(), shown);
            if (List.of(line).contains("OUT")) {
                assertArrayEquals(Files.readAllBytes(freshFile), Files.readAllBytes(reusedFile), shown);
            }
        }
    }

    @FuzzTest(maxDuration = "5m")
    void commandLine(FuzzedDataProvider data) throws IOException {
        Path work = Files.createDirectories(dir.resolve("work"));
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
        // Only the files this command line reads: an execution should cost the command, not the disk.
        if (command.equals("import")) {
            Files.write(work.resolve("model.onnx"), rest);
        } else if (args.contains(dir.resolve("fuzzed.yaml").toString())) {
            Files.write(dir.resolve("fuzzed.yaml"), rest);
        }
        if (args.contains(work.resolve("tensors.safetensors").toString())) {
            Files.write(work.resolve("tensors.safetensors"), rest);
        }
        CommandLineTest.Run r = run(args.toArray(String[]::new));
        String shown = String.join(" ", args) + "\n" + r.err();
        assertTrue(r.code() >= 0 && r.code() <= 2, () -> "exit " + r.code() + ": " + shown);
        // Messages quote the arguments, which may hold any text, as they are or with hidden characters
        // escaped: only what the program adds counts.
        String added = r.err();
        for (String arg : args) {
            added = added.replace(arg, "").replace(VisibleText.escape(arg), "");
        }
        assertFalse(added.contains("internal error"), shown);
        assertFalse(added.contains("\tat ") || JAVA_EXCEPTION.matcher(added).find(), shown);
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
