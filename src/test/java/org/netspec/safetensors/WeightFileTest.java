package org.netspec.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.exec.Inputs;
import org.netspec.exec.Weights;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;
import org.netspec.spec.SpecException;

/** Binding a file's tensors to a network's weights and inputs by PyTorch's state_dict names. */
class WeightFileTest {
    private static final SafeTensorsFile.Limits LIMITS = new SafeTensorsFile.Limits(1 << 20, 1 << 20);

    /** The state_dict of the network in small.yaml, derived by hand from its layers. */
    private static final Map<String, List<Long>> STATE_DICT = new LinkedHashMap<>();

    static {
        STATE_DICT.put("c.weight", List.of(3L, 2L, 3L, 3L));
        STATE_DICT.put("c.bias", List.of(3L));
        STATE_DICT.put("bn.weight", List.of(3L));
        STATE_DICT.put("bn.bias", List.of(3L));
        STATE_DICT.put("bn.running_mean", List.of(3L));
        STATE_DICT.put("bn.running_var", List.of(3L));
        STATE_DICT.put("act.weight", List.of(3L));
        STATE_DICT.put("side.weight", List.of(2L, 2L, 1L, 1L));
    }

    @TempDir
    Path dir;

    private static Network small() throws SpecException {
        return Specs.load(Path.of("src/test/resources/safetensors/small.yaml"));
    }

    private Path write(String name, Writer writer) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p)) {
            writer.write(out);
        }
        return p;
    }

    @FunctionalInterface
    interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** A file of zero-filled tensors declared by hand: name, dtype, bytes per element, shape. */
    private Path declared(String name, Object[]... entries) throws IOException {
        StringBuilder header = new StringBuilder("{");
        long offset = 0;
        for (Object[] e : entries) {
            long[] shape = (long[]) e[3];
            long bytes = (int) e[2];
            for (long d : shape) {
                bytes *= d;
            }
            header.append(header.length() > 1 ? "," : "").append('"').append(e[0]).append("\":{\"dtype\":\"").append(e[1])
                    .append("\",\"shape\":").append(Arrays.toString(shape).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        byte[] json = header.append('}').toString().getBytes(StandardCharsets.UTF_8);
        Path p = dir.resolve(name);
        Files.write(p, ByteBuffer.allocate(8 + json.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).array());
        return p;
    }

    private static Object[] f32(String name, long... shape) {
        return new Object[] {name, "F32", 4, shape};
    }

    @Test
    void aSavedFileHoldsEveryWeightOfEveryNodeUnderItsStateDictName() throws IOException, SpecException {
        Network net = small();
        Weights seeded = Weights.seeded(3);
        Path p = write("w.safetensors", out -> WeightFile.write(out, net, seeded));
        try (SafeTensorsFile f = SafeTensorsFile.open(p, LIMITS)) {
            Map<String, List<Long>> shapes = new TreeMap<>();
            f.tensors().forEach(t -> shapes.put(t.name(), t.shape()));
            assertEquals(new TreeMap<>(STATE_DICT), shapes);
            assertEquals(List.copyOf(shapes.keySet()), f.tensors().stream().map(TensorEntry::name).toList(),
                    "written in name order");
            assertEquals(Map.of("format", "pt", "network", "small"), f.metadata());
            Node side = net.node("side").orElseThrow();
            assertArrayEquals(seeded.of(side).get(0), f.floats(f.tensor("side.weight").orElseThrow()));
        }
    }

    @Test
    void readWeightsAreTheSavedOnesNodeByNode() throws IOException, SpecException {
        Network net = small();
        Weights seeded = Weights.seeded(3);
        Path p = write("w.safetensors", out -> WeightFile.write(out, net, seeded));
        Weights read = WeightFile.read(p, net, LIMITS);
        for (Node n : net.nodes()) {
            List<float[]> expected = seeded.of(n);
            List<float[]> actual = read.of(n);
            assertEquals(expected.size(), actual.size(), n.name());
            for (int i = 0; i < expected.size(); i++) {
                assertArrayEquals(expected.get(i), actual.get(i), n.name());
            }
        }
    }

    @Test
    void everyMismatchIsListedBeforeAnythingIsRead() throws IOException, SpecException {
        Path p = declared("bad.safetensors", f32("c.weight", 3, 2, 1, 1), f32("c.biass", 3), f32("bn.weight", 3),
                f32("bn.bias", 3), f32("bn.running_mean", 3), f32("bn.running_var", 3),
                new Object[] {"bn.num_batches_tracked", "I64", 8, new long[0]}, new Object[] {"act.weight", "I64", 8,
                    new long[] {3}});
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> WeightFile.read(p, small(), LIMITS));
        String f = p + ": error: ";
        assertEquals(List.of(
                f + "weight `c.weight` is 3x2x1x1 in the file but 3x2x3x3 in the network",
                f + "missing weight `c.bias` (3)",
                f + "weight `act.weight` is I64 in the file; netspec reads F16, BF16, F32, F64",
                f + "missing weight `side.weight` (2x2x1x1)",
                f + "unexpected tensor `c.biass` (F32 3): the network has no such weight; did you mean `c.bias`?",
                "5 mismatches between " + p + " and the weights of network `small`"), e.lines());
    }

    @Test
    void pyTorchsBatchNormCounterIsAcceptedAndIgnored() throws IOException, SpecException {
        List<Object[]> entries = new ArrayList<>();
        STATE_DICT.forEach((name, shape) -> entries.add(f32(name, shape.stream().mapToLong(Long::longValue).toArray())));
        entries.add(new Object[] {"bn.num_batches_tracked", "I64", 8, new long[0]});
        Path p = declared("torch.safetensors", entries.toArray(new Object[0][]));
        Weights read = WeightFile.read(p, small(), LIMITS);
        assertEquals(4, read.of(small().node("bn").orElseThrow()).size());
    }

    @Test
    void inputsAreBoundByNodeNameAndShape() throws IOException, SpecException {
        Network net = small();
        float[] values = new float[32];
        for (int i = 0; i < values.length; i++) {
            values[i] = i / 8f;
        }
        Path good = write("x.safetensors",
                out -> SafeTensorsWriter.write(out, Map.of("x", Tensor.of(Shape.of(1, 2, 4, 4), values)), Map.of()));
        Inputs inputs = DataFile.readInputs(good, net, LIMITS);
        assertArrayEquals(values, inputs.of(net.node("x").orElseThrow()).data());
        Path wrong = declared("y.safetensors", f32("y", 1, 2, 4, 4), f32("extra", 1));
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> DataFile.readInputs(wrong, net, LIMITS));
        String f = wrong + ": error: ";
        assertEquals(List.of(
                f + "missing input `x` (1x2x4x4)",
                f + "unexpected tensor `y` (F32 1x2x4x4): the network has no such input; did you mean `x`?",
                f + "unexpected tensor `extra` (F32 1): the network has no such input",
                "3 mismatches between " + wrong + " and the inputs of network `small`"), e.lines());
    }
}
