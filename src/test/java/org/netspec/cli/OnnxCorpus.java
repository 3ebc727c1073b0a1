package org.netspec.cli;

import static org.netspec.testing.OnnxFixtures.convRelu;
import static org.netspec.testing.OnnxFixtures.convReluGraph;
import static org.netspec.testing.OnnxFixtures.floats;
import static org.netspec.testing.OnnxFixtures.ints;
import static org.netspec.testing.OnnxFixtures.longs;
import static org.netspec.testing.OnnxFixtures.model;
import static org.netspec.testing.OnnxFixtures.node;
import static org.netspec.testing.OnnxFixtures.value;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.netspec.onnx.Onnx.AttributeProto;
import org.netspec.onnx.Onnx.GraphProto;
import org.netspec.onnx.Onnx.ModelProto;
import org.netspec.onnx.Onnx.StringStringEntryProto;
import org.netspec.onnx.Onnx.TensorProto;

/**
 * The ONNX cases of the bad-input corpus, written by the test: broken files (truncated, not
 * protobuf, length fields that claim gigabytes, nesting without end), models netspec refuses
 * (external data outside the model's directory, more nodes or bytes than the limits, an old
 * opset, an operator it does not read) and models that contradict themselves (a weight of the
 * wrong shape, a declared shape netspec does not infer). Each fails with one line naming the file
 * (and the node, where there is one).
 */
final class OnnxCorpus {
    /** One case: the file, options after it, and a fragment of the one error line. */
    record Case(String file, List<String> options, String fragment) {
        @Override
        public String toString() {
            return file;
        }
    }

    private final Path dir;
    private final List<Case> cases = new ArrayList<>();

    private OnnxCorpus(Path dir) {
        this.dir = dir;
    }

    static List<Case> write(Path dir) throws IOException {
        OnnxCorpus c = new OnnxCorpus(dir);
        c.files();
        c.specialFiles();
        c.limits();
        c.externalData();
        c.models();
        return c.cases;
    }

    private void add(String file, byte[] bytes, String fragment, String... options) throws IOException {
        Files.write(dir.resolve(file), bytes);
        cases.add(new Case(file, List.of(options), fragment));
    }

    private void add(String file, ModelProto model, String fragment, String... options) throws IOException {
        add(file, model.toByteArray(), fragment, options);
    }

    /**
     * Paths that are not regular files, refused before they are opened (a FIFO would block, a
     * device never ends), and a file whose reported size (0, as /proc reports it) is not its
     * length: its bytes are counted as they are read.
     */
    private void specialFiles() throws IOException {
        Files.createDirectory(dir.resolve("directory.onnx"));
        cases.add(new Case("directory.onnx", List.of(), "is a directory"));
        Files.createSymbolicLink(dir.resolve("zero.onnx"), Path.of("/dev/zero"));
        cases.add(new Case("zero.onnx", List.of(), "is not a regular file (a device, FIFO or socket)"));
        Files.createSymbolicLink(dir.resolve("urandom.onnx"), Path.of("/dev/urandom"));
        cases.add(new Case("urandom.onnx", List.of(), "is not a regular file (a device, FIFO or socket)"));
        try {
            if (new ProcessBuilder("mkfifo", dir.resolve("fifo.onnx").toString()).start().waitFor() == 0) {
                cases.add(new Case("fifo.onnx", List.of(), "is not a regular file (a device, FIFO or socket)"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // /proc/self/maps reports 0 bytes but holds a line per mapping, far more than 100 bytes.
        Files.createSymbolicLink(dir.resolve("size-zero-but-longer.onnx"), Path.of("/proc/self/maps"));
        cases.add(new Case("size-zero-but-longer.onnx", List.of("--max-model-bytes", "100"),
                "the file is more than 100 bytes, more than the limit of 100 (raise it with --max-model-bytes)"));
    }

    /** Files that are not a model at all, or a model cut short. */
    private void files() throws IOException {
        byte[] good = convRelu().toByteArray();
        add("empty.onnx", new byte[0], "the file is empty");
        add("truncated.onnx", Arrays.copyOf(good, good.length / 2), "it ends in the middle of a value: the file is truncated");
        add("text.onnx", "network: x\ninputs: {x: [1, 3, 8, 8]}\n".getBytes(StandardCharsets.UTF_8), "not a readable ONNX model");
        // field 7 (the graph), length-delimited, claiming 2,000,000,000 bytes: only 4 follow
        add("length-claims-gigabytes.onnx", concat(new byte[] {0x08, 0x08, 0x3a}, varint(2_000_000_000L), new byte[4]),
                "a length field claims more bytes than follow");
        add("length-beyond-2-gb.onnx", concat(new byte[] {0x3a}, varint(0xFFFFFFFFL), new byte[4]),
                "a length field is negative or claims more than 2 GB");
        add("no-graph.onnx", ModelProto.newBuilder().setIrVersion(8).build(), "not an ONNX model: it has no graph");
        GraphProto deep = convReluGraph().build();
        for (int i = 0; i < 70; i++) {
            deep = GraphProto.newBuilder().setName("g").addNode(node("If", "branch", List.of("x"), List.of("z"),
                    AttributeProto.newBuilder().setName("then_branch").setType(AttributeProto.AttributeType.GRAPH).setG(deep)
                            .build())).build();
        }
        add("nesting-without-end.onnx", model(17, deep), "its messages nest more than 64 deep");
    }

    /** Models larger than the limits the command line sets. */
    private void limits() throws IOException {
        add("more-nodes-than-the-limit.onnx", convRelu(), "the graph has 2 nodes, more than the limit of 1 (raise it with "
                + "--max-nodes)", "--max-nodes", "1");
        add("more-bytes-than-the-limit.onnx", convRelu(), "bytes, more than the limit of 100 (raise it with --max-model-bytes)",
                "--max-model-bytes", "100");
        TensorProto huge = TensorProto.newBuilder().setName("conv.weight").setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addAllDims(List.of(1L << 40, 1L << 40)).build();
        add("elements-beyond-64-bits.onnx", model(17, convReluGraph().setInitializer(0, huge).build()),
                "the tensor `conv.weight` claims more elements than fit in 64 bits");
        TensorProto shortData = floats("conv.weight", new long[] {8, 3, 3, 3}).toBuilder().clearDims().addAllDims(
                List.of(8L, 3L, 3L, 30L)).build();
        add("data-shorter-than-its-dimensions.onnx", model(17, convReluGraph().setInitializer(0, shortData).build()),
                "the tensor `conv.weight` holds 216 elements but its dimensions say 2160");
        GraphProto bomb = GraphProto.newBuilder().setName("bomb").addInput(value("x", 1, 3, 8, 8))
                .addInitializer(longs("size", 100_000, 100_000))
                .addNode(node("ConstantOfShape", "fill", List.of("size"), List.of("filled")))
                .addNode(node("Reshape", "reshape", List.of("x", "filled"), List.of("y")))
                .addOutput(value("y", 1, 192)).build();
        add("constant-of-ten-billion.onnx", model(17, bomb), "node `reshape` (Reshape): the constant `filled` would hold "
                + "10000000000 elements");
    }

    /** External weights: a path outside the model's directory, a link out of it, a range past the file's end. */
    private void externalData() throws IOException {
        Path inside = Files.createDirectories(dir.resolve("models"));
        Files.write(dir.resolve("outside.bin"), new byte[8 * 3 * 3 * 3 * 4]);
        Files.write(inside.resolve("short.bin"), new byte[10]);
        Files.createSymbolicLink(inside.resolve("link.bin"), dir.resolve("outside.bin"));
        String tensor = "the tensor `conv.weight` ";
        for (String[] c : new String[][] {
            {"external-parent.onnx", "../outside.bin", "names the external file `../outside.bin`, outside the model's directory"},
            {"external-absolute.onnx", dir.resolve("outside.bin").toString(), "names the external file `"
                + dir.resolve("outside.bin") + "`, outside the model's directory"},
            {"external-link.onnx", "link.bin", "names the external file `link.bin`, a link to outside the model's directory"},
            {"external-short.onnx", "short.bin", "reads bytes 0 to 864 of `short.bin`, which holds 10"},
            {"external-missing.onnx", "missing.bin", "names the external file `missing.bin`, which cannot be read"}}) {
            TensorProto weight = TensorProto.newBuilder().setName("conv.weight").setDataType(TensorProto.DataType.FLOAT_VALUE)
                    .addAllDims(List.of(8L, 3L, 3L, 3L)).setDataLocation(TensorProto.DataLocation.EXTERNAL)
                    .addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(c[1])).build();
            Files.write(inside.resolve(c[0]), model(17, convReluGraph().setInitializer(0, weight).build()).toByteArray());
            cases.add(new Case("models/" + c[0], List.of(), tensor + c[2]));
        }
    }

    /** Models that read but that netspec refuses or that contradict themselves. */
    private void models() throws IOException {
        add("opset-9.onnx", model(9, convReluGraph().build()), "the model uses opset 9; netspec reads opset 11 and newer");
        GraphProto.Builder einsum = convReluGraph();
        einsum.setNode(1, node("Einsum", "mix", List.of("c"), List.of("y")));
        add("unsupported-operator.onnx", model(17, einsum.build()), "node `mix` (Einsum): netspec does not read Einsum nodes; "
                + "it reads Add, AveragePool, BatchNormalization, Clip, Concat, Conv");
        GraphProto.Builder undefined = convReluGraph();
        undefined.setNode(1, node("Relu", "act", List.of("nowhere"), List.of("y")));
        add("reads-undefined.onnx", model(17, undefined.build()), "node `act` (Relu) reads `nowhere`, which no input, "
                + "initializer or earlier node defines");
        GraphProto.Builder twice = convReluGraph();
        twice.setNode(1, node("Relu", "act", List.of("c"), List.of("c")));
        add("written-twice.onnx", model(17, twice.build()), "node `act` (Relu) writes `c`, which node `conv` (Conv) already defines");
        add("weight-of-wrong-shape.onnx", model(17, convReluGraph().setInitializer(0, floats("conv.weight",
                new long[] {8, 4, 3, 3})).build()), "node `conv` (Conv): its weight `conv.weight` is [8, 4, 3, 3] but the weight "
                + "of this `conv` is [8, 3, 3, 3]");
        add("declared-shape.onnx", model(17, convReluGraph().setOutput(0, value("y", 1, 8, 9, 9)).build()),
                "node `act` (Relu): netspec infers 1x8x8x8 for `y`, the model declares 1x8x9x9");
        add("symbolic-height.onnx", model(17, convReluGraph().setInput(0, value("x", 1, 3, "height", 8)).build()),
                "the input `x` has a symbolic size `height` on axis 2; give its shape with --input x=NxCxHxW");
        GraphProto.Builder asymmetric = convReluGraph();
        asymmetric.setNode(0, node("Conv", "conv", List.of("x", "conv.weight", "conv.bias"), List.of("c"),
                ints("kernel_shape", 3, 3), ints("pads", 0, 0, 2, 2)));
        add("asymmetric-padding.onnx", model(17, asymmetric.build()), "node `conv` (Conv): `pads` [0, 0, 2, 2] pads the sides");
    }

    private static byte[] varint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
