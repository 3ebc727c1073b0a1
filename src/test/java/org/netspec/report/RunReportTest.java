package org.netspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Analyses;
import org.netspec.analysis.Profile;
import org.netspec.exec.Execution;
import org.netspec.exec.Executor;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;
import org.netspec.spec.Overrides;

/** The run JSON is the analyze JSON, untouched, plus what the run measured. */
class RunReportTest {
    @Test
    void theRunJsonIsTheAnalyzeJsonWithTheMeasurementsAdded() throws Exception {
        Network net = Specs.load(Path.of("specs/blocks/esp.yaml"), Overrides.NONE.withInput("", "1x64x16x32"));
        Analyses analyses = Analyses.of(net, Profile.STANDARD, 4);
        List<String> specWarnings = List.of("a spec warning");
        Execution execution = Executor.run(net, new Executor.Options(5, 1), (done, total, node) -> { });
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode run = (ObjectNode) mapper.readTree(new RunReport(analyses, specWarnings, execution, 5, 1).json());
        JsonNode analyze = mapper.readTree(new NetworkReport(analyses, specWarnings).json());

        assertTrue(run.remove("executed_shapes_match").asBoolean());
        assertEquals(5, run.remove("run").get("seed").asLong());
        ObjectNode totals = (ObjectNode) run.get("totals");
        for (String measured : List.of("time_ms", "gflops_per_s", "peak_bytes")) {
            assertTrue(totals.remove(measured).isNumber(), measured);
        }
        for (JsonNode layer : run.get("layers")) {
            ObjectNode l = (ObjectNode) layer;
            assertEquals(l.get("output_shape"), l.remove("executed_shape"), l.get("name").asText());
            assertTrue(l.remove("time_ms").isNumber(), l.get("name").asText());
        }
        assertEquals(analyze, run);
    }
}
