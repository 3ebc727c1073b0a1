package org.netspec.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.cli.Main;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.graph.Specs;
import org.netspec.ops.Operator;
import org.netspec.ops.Operators;
import org.netspec.ops.Pair;
import org.netspec.spec.SpecException;

/** The PyTorch file's structure and literals, and the names it refuses, without running Python. */
class PyTorchCodeTest {
    private static final Pattern CLASS = Pattern.compile("(?m)^class (\\w+)\\(nn\\.Module\\):$");

    private static List<String> classes(String code) {
        List<String> out = new ArrayList<>();
        Matcher m = CLASS.matcher(code);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void everyOperatorOfTheCatalogueRunsInTheCheckedCatalogueNetwork() throws SpecException {
        Network net = Specs.load(Path.of("src/test/resources/specs/export/every-op.yaml"));
        Set<String> run = new TreeSet<>();
        for (Node n : net.nodes()) {
            if (!net.isUnused(n)) {
                run.add(n.op().name());
            }
        }
        Set<String> all = new TreeSet<>();
        Operators.all().stream().map(Operator::name).forEach(all::add);
        assertEquals(all, run);
    }

    @Test
    void valuesAreWrittenAsPythonLiterals() {
        assertEquals("1e-05", Python.literal(1e-5));
        assertEquals("0.001", Python.literal(0.001));
        assertEquals("2.0", Python.literal(2.0));
        assertEquals("1.5e+20", Python.literal(1.5e20));
        assertEquals("3", Python.literal(Pair.square(3)));
        assertEquals("(1, 5)", Python.literal(new Pair(1, 5)));
        assertEquals("[10, 18]", Python.literal(List.of(10L, 18L)));
        assertEquals("'it\\'s'", Python.literal("it's"));
        assertEquals("False", Python.literal(false));
    }

    /**
     * ESPNet by hand from espnet.yaml: both cbr instances (3x3, stride 2 and 1) have one structure,
     * as have the five br; the ESP modules have two, with the residual (stride 1, add) and without it
     * (the strided ones and the decoder's add: false); p = 2 and q = 8 identical modules repeat.
     */
    @Test
    void espnetHasAClassPerBlockStructureAndSequencesForItsRepeats() throws SpecException {
        String code = PyTorchExport.of(Specs.load(Path.of("specs/networks/espnet.yaml")));
        assertEquals(List.of("Cbr", "Sample2", "Br", "Esp", "Esp_2", "Espnet"), classes(code));
        assertTrue(code.contains("self.level2 = nn.Sequential(*[Esp_2(64, "), code);
        assertTrue(code.contains(" for _ in range(2)])\n"), code);
        assertTrue(code.contains(" for _ in range(8)])\n"), code);
        // b2 reads level2 (64 channels), level2_0 (64) and the twice-pooled image (3)
        assertTrue(code.contains("self.decoder.level3_C = nn.Conv2d(131, 20, 1, bias=False)\n"), code);
        assertTrue(code.contains("        residual = x + cat\n"), code);
    }

    @Test
    void enetsDownsamplingBottlenecksHandTheirPoolIndicesToTheDecoder() throws SpecException {
        String code = PyTorchExport.of(Specs.load(Path.of("specs/networks/enet.yaml")));
        assertTrue(code.contains("pool, pool_indices = self.pool(x)\n"), code);
        assertTrue(code.contains("bottleneck2_0, bottleneck2_0_pool_indices = self.stage2.bottleneck2_0(bottleneck1_4)\n"), code);
        assertTrue(code.contains("self.stage4.bottleneck4_0(bottleneck3_8, bottleneck2_0_pool_indices)\n"), code);
        assertTrue(code.contains("unpool = self.unpool(shortcut_bn, pool_indices)\n"), code);
    }

    @Test
    void weightsUnderANameNnModuleAssignsAreRefusedWithTheirLocation(@TempDir Path dir) throws IOException {
        Path spec = dir.resolve("bad.yaml");
        Files.writeString(spec, "network: bad\ninputs: {x: [1, 3, 8, 8]}\nlayers:\n"
                + "  - {name: training, op: relu}\n  - {name: ok, op: conv, out: 4, kernel: 1}\n"
                + "  - {name: block, layers: [{name: training, op: conv, out: 4, kernel: 1}]}\n");
        ExportException e = assertThrows(ExportException.class, () -> PyTorchExport.of(Specs.load(spec)));
        assertTrue(e.getMessage().startsWith(spec.toAbsolutePath().normalize() + ":6:"), e.getMessage());
        assertTrue(e.getMessage().contains("`block.training` has weights below the name `training`"), e.getMessage());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "export", spec.toString(), "--format", "pytorch",
                "-o", dir.resolve("model.py").toString());
        assertEquals(2, code);
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertTrue(Files.notExists(dir.resolve("model.py")));
    }

    @Test
    void aWeightlessLayerUnderSuchANameGetsAnotherAttribute(@TempDir Path dir) throws IOException, SpecException {
        Path spec = dir.resolve("relu.yaml");
        Files.writeString(spec, "network: relu\ninputs: {x: [1, 3, 8, 8]}\nlayers:\n"
                + "  - {name: training, op: relu}\n  - {name: conv, op: conv, out: 4, kernel: 1}\n");
        String code = PyTorchExport.of(Specs.load(spec));
        assertTrue(code.contains("self.training_ = nn.ReLU()\n"), code);
        assertTrue(code.contains("training = self.training_(x)\n"), code);
    }

    @Test
    void theExportCommandWritesTheFileAndNamesTheClass(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("model.py");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out), new PrintWriter(err), "export", "specs/networks/espnet-c.yaml", "--format",
                "pytorch", "-o", file.toString(), "--input", "1x3x32x64");
        assertEquals(0, code, err.toString());
        assertEquals("wrote " + file + ": class EspnetC\n", out.toString());
        assertTrue(Files.readString(file).contains("INPUT_SHAPES = {'image': (1, 3, 32, 64)}\n"));
    }
}
