package org.netspec.spec;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The loader and the published schema read the same grammar: a key a section does not declare is
 * refused by both, and the smallest valid form of each section is accepted by both.
 */
class SpecGrammarTest {
    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
            .getSchema(SpecSchema.json());
    private static final String LAYER = "[{name: a, op: relu}]";
    private static final String SAMPLE = "sample: {inputs: {x: [1, 3, 8, 8]}}";

    @TempDir
    Path dir;

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("case.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static boolean schemaAccepts(String yaml) throws IOException {
        return SCHEMA.validate(new YAMLMapper().readTree(yaml)).isEmpty();
    }

    /** Each template has one mapping of the section with `%s` where another key may go. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{network: n, inputs: {x: [1, 3, 8, 8]}, layers: " + LAYER + "%s}                                  | a network",
        "{block: b, layers: " + LAYER + ", " + SAMPLE + "%s}                                                 | a block",
        "{block: b, require: [{that: true, message: ok%s}], layers: " + LAYER + ", " + SAMPLE + "}           | a requirement",
        "{block: b, layers: " + LAYER + ", sample: {inputs: {x: [1, 3, 8, 8]}%s}}                            | `sample`",
        "{network: n, params: {k: {type: int, default: 2%s}}, inputs: {x: [1, 3, 8, 8]}, layers: " + LAYER + "} | a parameter",
        "{network: n, inputs: {x: [1, 3, 8, 8]}, layers: [{for: k in range(2), layers: [{op: relu}]%s}]}    | a loop",
        "{network: n, inputs: {x: [1, 3, 8, 8]}, layers: [{name: g, layers: [{op: relu}]%s}]}               | a group",
    })
    void anUndeclaredKeyIsRefusedByTheLoaderAndTheSchema(String template, String what) throws IOException {
        String valid = template.strip().formatted("");
        assertDoesNotThrow(() -> SpecLoader.load(write(valid), Limits.DEFAULT));
        assertTrue(schemaAccepts(valid), valid);

        String extra = template.strip().formatted(", colour: red");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(write(extra), Limits.DEFAULT));
        assertEquals(1, e.diagnostics().size(), e::getMessage);
        assertTrue(e.diagnostics().get(0).message().startsWith("unknown key `colour` in " + what + " (expected "), e::getMessage);
        assertFalse(schemaAccepts(extra), extra);
    }

    @Test
    void theLoaderListsTheKeysANetworkTakes() throws IOException {
        Path file = write("{network: n, inputs: {x: [1, 3, 8, 8]}, layers: " + LAYER + ", output: a}");
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(file, Limits.DEFAULT));
        assertEquals("unknown key `output` in a network; did you mean `outputs`? "
                + "(expected doc, imports, inputs, layers, let, network, outputs, params)", e.diagnostics().get(0).message());
    }

    @Test
    void anAttributeTheOperatorDoesNotTakeIsRefusedByTheLoaderAndTheSchema() throws IOException {
        String yaml = "{network: n, inputs: {x: [1, 3, 8, 8]}, layers: [{name: a, op: relu, kernel: 3}]}";
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(write(yaml), Limits.DEFAULT));
        assertTrue(e.diagnostics().get(0).message().startsWith("`relu` has no attribute `kernel`"), e::getMessage);
        assertFalse(schemaAccepts(yaml));
    }

    @Test
    void aBlockLayerTakesTheBlocksParametersInBoth() throws IOException, SpecException {
        String yaml = "{network: n, inputs: {x: [1, 3, 8, 8]}, layers: [{name: a, block: b, out: 8}]}";
        assertTrue(schemaAccepts(yaml));
        LayerSpec.BlockLayer layer = (LayerSpec.BlockLayer) SpecLoader.load(write(yaml), Limits.DEFAULT).layers().get(0);
        assertEquals(List.of("out"), List.copyOf(layer.arguments().keySet()));
    }

    @Test
    void aSampleWithoutInputsIsRefusedByTheLoaderAndTheSchema() throws IOException {
        String yaml = "{block: b, layers: " + LAYER + ", sample: {params: {}}}";
        SpecException e = assertThrows(SpecException.class, () -> SpecLoader.load(write(yaml), Limits.DEFAULT));
        assertTrue(e.getMessage().contains("`sample:` needs `inputs:` with a shape per block input"), e::getMessage);
        assertFalse(schemaAccepts(yaml));
    }
}
