package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.exec.Inputs;
import org.netspec.exec.TestNetworks;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;
import org.netspec.safetensors.SafeTensorsFile;
import org.netspec.safetensors.SafeTensorsWriter;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;

/** {@code run --weights / --save-weights / --input-data / --save-output} as a user meets them. */
class RunTensorFilesTest {
    private static final String ESPNET_C = "specs/networks/espnet-c.yaml";
    private static final String SMALL = "src/test/resources/safetensors/small.yaml";
    private static final String INPUT = "1x3x32x64";

    @TempDir
    Path dir;

    private static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            SafeTensorsWriter.write(out, tensors, Map.of());
        }
    }

    @Test
    void savedWeightsAndASavedInputReproduceARunBitForBit() throws IOException, SpecException {
        Path weights = dir.resolve("w.safetensors");
        Path first = dir.resolve("first.safetensors");
        CommandLineTest.Run seeded = CommandLineTest.run("run", ESPNET_C, "--input", INPUT, "--seed", "7", "--threads", "1",
                "--save-weights", weights.toString(), "--save-output", first.toString());
        assertEquals(0, seeded.code(), seeded.err());
        assertTrue(seeded.out().contains("saved the weights to " + weights), seeded.out());
        // The input seed 7 drew, written as the input file: with it and the weights, seed 3 draws nothing.
        Network net = Specs.load(Path.of(ESPNET_C), Overrides.NONE.withInput("", INPUT));
        Path input = dir.resolve("x.safetensors");
        write(input, Map.of("image", Inputs.seeded(7).of(net.inputs().get(0))));
        Path second = dir.resolve("second.safetensors");
        CommandLineTest.Run given = CommandLineTest.run("run", ESPNET_C, "--input", INPUT, "--seed", "3", "--threads", "2",
                "--weights", weights.toString(), "--input-data", input.toString(), "--save-output", second.toString());
        assertEquals(0, given.code(), given.err());
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        Path third = dir.resolve("third.safetensors");
        assertEquals(0, CommandLineTest.run("run", ESPNET_C, "--input", INPUT, "--seed", "3", "--save-output",
                third.toString()).code());
        assertFalse(Arrays.equals(Files.readAllBytes(first), Files.readAllBytes(third)), "seed 3's own tensors differ");
    }

    @Test
    void givenWeightsAndInputGiveTheHandComputedOutput() throws IOException {
        Path spec = dir.resolve("pointwise.yaml");
        Files.writeString(spec, """
                network: pointwise
                inputs: {x: [1, 2, 1, 2]}
                layers:
                  - {name: c, op: conv, out: 1, kernel: 1}
                """);
        Path weights = dir.resolve("w.safetensors");
        write(weights, Map.of("c.weight", Tensor.of(Shape.of(1, 2, 1, 1), new float[] {3, 5}),
                "c.bias", Tensor.of(Shape.of(1), new float[] {0.5f})));
        Path input = dir.resolve("x.safetensors");
        write(input, Map.of("x", Tensor.of(Shape.of(1, 2, 1, 2), new float[] {1, 2, 3, 4})));
        Path output = dir.resolve("y.safetensors");
        CommandLineTest.Run r = CommandLineTest.run("run", spec.toString(), "--weights", weights.toString(),
                "--input-data", input.toString(), "--save-output", output.toString());
        assertEquals(0, r.code(), r.err());
        try (SafeTensorsFile f = SafeTensorsFile.open(output, SafeTensorsFile.Limits.forHeap())) {
            // 3 x 1 + 5 x 3 + 0.5 and 3 x 2 + 5 x 4 + 0.5
            assertArrayEquals(new float[] {18.5f, 26.5f}, f.floats(f.tensor("c").orElseThrow()));
            assertEquals(List.of(1L, 1L, 1L, 2L), f.tensor("c").orElseThrow().shape());
            assertEquals(Map.of("format", "pt", "network", "pointwise"), f.metadata());
        }
    }

    @Test
    void everyMismatchIsListedAndNothingRuns() {
        Path inputs = TensorFileCorpusTest.CORPUS.resolve("valid-input.safetensors");
        Path output = dir.resolve("never.safetensors");
        CommandLineTest.Run r = CommandLineTest.run("run", SMALL, "--weights", inputs.toString(), "--save-output",
                output.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        String f = BadInputCorpusTest.shown(inputs);
        assertEquals(List.of(
                f + ": error: missing weight `c.weight` (3x2x3x3)",
                f + ": error: missing weight `c.bias` (3)",
                f + ": error: missing weight `bn.weight` (3)",
                f + ": error: missing weight `bn.bias` (3)",
                f + ": error: missing weight `bn.running_mean` (3)",
                f + ": error: missing weight `bn.running_var` (3)",
                f + ": error: missing weight `act.weight` (3)",
                f + ": error: missing weight `side.weight` (2x2x1x1)",
                f + ": error: unexpected tensor `x` (F32 1x2x4x4): the network has no such weight",
                "9 mismatches between " + f + " and the weights of network `small`"), r.err().lines().toList());
        assertFalse(Files.exists(output));
    }

    @Test
    void anExistingFileIsReplacedOnlyWithForce() throws IOException {
        Path output = dir.resolve("y.safetensors");
        Files.writeString(output, "the user's own file");
        CommandLineTest.Run refused = CommandLineTest.run("run", SMALL, "--save-output", output.toString());
        assertEquals(2, refused.code());
        assertEquals("analyzer: --save-output " + output + " exists; choose another file or add --force to replace it",
                refused.err().strip());
        assertEquals("the user's own file", Files.readString(output));
        CommandLineTest.Run forced = CommandLineTest.run("run", SMALL, "--save-output", output.toString(), "--force",
                "--format", "json");
        assertEquals(0, forced.code(), forced.err());
        new ObjectMapper().readTree(forced.out());
        try (SafeTensorsFile f = SafeTensorsFile.open(output, SafeTensorsFile.Limits.forHeap())) {
            assertEquals(List.of(1L, 3L, 4L, 4L), f.tensor("act").orElseThrow().shape());
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(output), files.toList(), "no temporary file is left behind");
        }
        assertEquals(2, CommandLineTest.run("run", SMALL, "--save-weights", dir.toString()).code());
        Path same = dir.resolve("same.safetensors");
        assertEquals(2, CommandLineTest.run("run", SMALL, "--save-weights", same.toString(), "--save-output",
                same.toString()).code());
    }

    /** A sparse file: its header as given, then zeros up to {@code size} bytes that take no disk space. */
    private Path sparse(String name, long headerLength, String header, long size) throws IOException {
        Path p = dir.resolve(name);
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        Files.write(p, ByteBuffer.allocate(8 + json.length).order(ByteOrder.LITTLE_ENDIAN).putLong(headerLength).put(json)
                .array());
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(size);
        }
        return p;
    }

    @Test
    void aFileLargerThanTheHeapIsRefusedBeforeItIsRead() throws IOException {
        long bytes = 8L << 30;
        assumeTrue(Runtime.getRuntime().maxMemory() < bytes, "this JVM's heap would hold the file");
        String header = "{\"c.weight\":{\"dtype\":\"F32\",\"shape\":[2,1073741824],\"data_offsets\":[0," + bytes + "]}}";
        Path p = sparse("huge.safetensors", header.length(), header, 8 + header.length() + bytes);
        CommandLineTest.Run r = CommandLineTest.run("run", SMALL, "--weights", p.toString());
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.err().lines().toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith(p + ": error: its tensors take 8192.0 MiB as float32 but at most "), r.err());
    }

    @Test
    void aHeaderOverTheSafetensorsLimitIsRefusedUnread() throws IOException {
        Path p = sparse("header.safetensors", 120_000_000, "{", 200_000_000);
        CommandLineTest.Run r = CommandLineTest.run("run", SMALL, "--input-data", p.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(p + ": error: the header is 120000000 bytes, more than the limit of 100000000", r.err().strip());
    }

    @Test
    void aRunThatStopsSavesItsWeightsButNoOutputs() throws IOException {
        Run run = new Run();
        run.seed = 1;
        run.repeat = 1;
        run.format = Run.Format.table;
        run.saveWeights = dir.resolve("w.safetensors");
        run.saveOutput = dir.resolve("y.safetensors");
        int code = run.execute(new Loaded(TestNetworks.withWrongShapeRule(), List.of()), 1,
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        assertEquals(1, code);
        assertTrue(Files.exists(run.saveWeights));
        assertFalse(Files.exists(run.saveOutput));
    }

    @Test
    void inputsAreNamedAfterTheInputNodes() throws IOException {
        Path input = dir.resolve("x.safetensors");
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("image", Tensor.zeros(Shape.of(1, 2, 4, 4)));
        write(input, tensors);
        CommandLineTest.Run r = CommandLineTest.run("run", SMALL, "--input-data", input.toString());
        assertEquals(2, r.code());
        String f = input.toString();
        assertEquals(List.of(f + ": error: missing input `x` (1x2x4x4)",
                f + ": error: unexpected tensor `image` (F32 1x2x4x4): the network has no such input",
                "2 mismatches between " + f + " and the inputs of network `small`"), r.err().lines().toList());
    }
}
