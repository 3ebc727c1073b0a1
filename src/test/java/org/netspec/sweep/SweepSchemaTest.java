package org.netspec.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.netspec.spec.Limits;

/** The published sweep-file schema accepts every example sweep (which the loader reads too) and refuses a typo. */
class SweepSchemaTest {
    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Path.of("specs/sweep.schema.json").toUri());

    @Test
    void everyExampleSweepConformsAndLoads() throws Exception {
        List<Path> sweeps;
        try (Stream<Path> files = Files.walk(Path.of("examples"))) {
            sweeps = files.filter(p -> p.toString().endsWith(".sweep.yaml")).sorted().toList();
        }
        assertEquals(4, sweeps.size(), sweeps.toString());
        for (Path p : sweeps) {
            assertEquals(List.of(), List.copyOf(SCHEMA.validate(new YAMLMapper().readTree(p.toFile()))), p.toString());
            SweepLoader.load(p, Limits.DEFAULT);
        }
    }

    @Test
    void conditionalDomainsConform() throws Exception {
        JsonNode conditional = new YAMLMapper().readTree("""
                sweep: t
                spec: x.yaml
                params:
                  K: [2, 3, 4]
                  out: {when: "K % 2 == 0", values: [32, 64]}
                  width: {when: "K == 4", from: 8, to: 24, step: 8}
                  dilations: {when: "K == 2", increasing: K, from: [1, 2, 4]}
                """);
        assertEquals(List.of(), List.copyOf(SCHEMA.validate(conditional)));
        JsonNode typo = new YAMLMapper().readTree("""
                sweep: t
                spec: x.yaml
                params: {K: [2, 3], out: {when: "K == 2", value: [32]}}
                """);
        assertFalse(SCHEMA.validate(typo).isEmpty());
    }

    @Test
    void aMisspelledKeyIsRefused() throws Exception {
        JsonNode typo = new YAMLMapper().readTree("""
                sweep: t
                spec: x.yaml
                params: {K: [2, 3]}
                constraints: [{quantity: params, maxx: 3}]
                """);
        assertFalse(SCHEMA.validate(typo).isEmpty());
    }
}
