package org.netspec.graph;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.ImportRoots;
import org.netspec.spec.Limits;
import org.netspec.spec.Overrides;
import org.netspec.spec.SpecException;

/** Load, build, stop on errors: what the Java API and every command get from one spec. */
class SpecsTest {
    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("net.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private NetworkBuilder.Result build(Path file) throws SpecException {
        return Specs.build(file, Overrides.NONE, Limits.DEFAULT, ImportRoots.of(file, List.of()));
    }

    @Test
    void aNetworkWithAnUnusedLayerIsBuiltWithOneWarning() throws Exception {
        Path file = write("""
                network: n
                inputs: {x: [1, 3, 8, 8]}
                layers:
                  - {name: unused, op: relu}
                  - {name: out, op: sigmoid, from: x}
                """);
        NetworkBuilder.Result result = build(file);
        assertEquals(1, result.warnings().size(), result.diagnostics()::toString);
        assertTrue(result.warnings().get(0).message().contains("unused"), result.diagnostics()::toString);
        Network network = result.orThrow();
        assertEquals(List.of("x", "unused", "out"), network.nodes().stream().map(Node::name).toList());
        assertEquals(3, Specs.load(file).nodes().size());
    }

    @Test
    void buildErrorsComeInTheResultAndAreThrownByOrThrow() throws Exception {
        Path file = write("""
                network: n
                inputs: {x: [1, 3, 8, 8]}
                layers:
                  - {name: a, op: relu, from: nowhere}
                  - {name: b, op: relu, from: elsewhere}
                """);
        NetworkBuilder.Result result = build(file);
        assertTrue(result.hasErrors());
        assertFalse(result.network().isPresent());
        SpecException e = assertThrows(SpecException.class, result::orThrow);
        assertEquals(2, e.diagnostics().size(), e::getMessage);
        assertTrue(e.diagnostics().stream().allMatch(Diagnostic::isError));
        assertTrue(e.diagnostics().get(0).message().contains("`nowhere`, which is not defined"), e::getMessage);
        assertTrue(e.diagnostics().get(1).message().contains("`elsewhere`, which is not defined"), e::getMessage);
        SpecException thrown = assertThrows(SpecException.class, () -> Specs.load(file));
        assertEquals(e.getMessage(), thrown.getMessage());
    }

    @Test
    void aFileThatDoesNotLoadThrowsBeforeBuilding() throws Exception {
        Path file = write("network: n\ninputs: {x: [1, 3, 8, 8]}\nlayers: [{name: a, op: rleu}]\n");
        SpecException e = assertThrows(SpecException.class, () -> build(file));
        assertTrue(e.getMessage().contains("unknown operator `rleu`; did you mean `relu`?"), e::getMessage);
    }
}
