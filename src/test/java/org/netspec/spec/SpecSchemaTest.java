package org.netspec.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.netspec.testing.SpecFixtures;

/** The published JSON Schema is the generated one, and every spec in the library conforms to it. */
class SpecSchemaTest {
    private static final Path PUBLISHED = Path.of("specs/netspec.schema.json");
    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
            .getSchema(SpecSchema.json());

    @Test
    void thePublishedSchemaIsTheGeneratedOne() throws IOException {
        assertEquals(SpecSchema.json(), Files.readString(PUBLISHED),
                "specs/netspec.schema.json is stale: regenerate it with ./analyzer schema > specs/netspec.schema.json");
    }

    @TestFactory
    Stream<DynamicTest> everySpecConforms() throws IOException {
        return Stream.concat(SpecFixtures.specFilesUnder("specs").stream(), SpecFixtures.specFilesUnder("examples").stream())
                .map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
                    Set<ValidationMessage> problems = SCHEMA.validate(new YAMLMapper().readTree(p.toFile()));
                    assertTrue(problems.isEmpty(), problems::toString);
                }));
    }

    @Test
    void aMisspeltAttributeOrOperatorFailsTheSchema() throws IOException {
        JsonNode typo = new YAMLMapper().readTree("""
                network: typo
                inputs: {x: [1, 3, 8, 8]}
                layers:
                  - {name: a, op: conv, out: 4, kernel: 3, dilaton: 2}
                """);
        assertFalse(SCHEMA.validate(typo).isEmpty());
        JsonNode op = new YAMLMapper().readTree("""
                network: typo
                inputs: {x: [1, 3, 8, 8]}
                layers:
                  - {name: a, op: cnov}
                """);
        assertFalse(SCHEMA.validate(op).isEmpty());
    }
}
