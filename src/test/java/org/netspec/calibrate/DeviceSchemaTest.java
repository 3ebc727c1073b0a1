package org.netspec.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.device.DeviceLoader;
import org.netspec.device.DeviceProfile;
import org.netspec.device.DeviceWriter;
import org.netspec.device.Fusion;

/**
 * The published device-profile schema accepts every library profile and what calibrate writes
 * (both of which the loader reads too), and refuses broken profiles.
 */
class DeviceSchemaTest {
    private static final JsonSchema SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
            .getSchema(Path.of("specs/device.schema.json").toUri());

    @TempDir
    Path dir;

    private static JsonNode yaml(String text) throws Exception {
        return new YAMLMapper().readTree(text);
    }

    @Test
    void everyLibraryProfileConformsAndLoads() throws Exception {
        List<Path> profiles;
        try (Stream<Path> files = Files.list(Path.of("specs/devices"))) {
            profiles = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(profiles.isEmpty());
        for (Path p : profiles) {
            assertEquals(List.of(), List.copyOf(SCHEMA.validate(new YAMLMapper().readTree(p.toFile()))), p.toString());
            DeviceLoader.load(p);
        }
    }

    /** A profile fitted as calibrate fits one (to times the H200 profile estimates) and written as calibrate writes it. */
    @Test
    void whatCalibrateWritesConformsAndLoads() throws Exception {
        DeviceProfile h200 = DeviceLoader.load(Path.of("specs/devices/h200-pytorch-fp32.yaml"));
        List<Fit.Measured> measured = MicroCaseTimes.estimated(h200, dir);
        String written = DeviceWriter.yaml(Fit.of(measured, "fitted", "by hand", 2, EnumSet.of(Fusion.CONV_BN_ACT), 16), "test");
        assertEquals(List.of(), List.copyOf(SCHEMA.validate(yaml(written))));
        Path p = dir.resolve("fitted.yaml");
        Files.writeString(p, written);
        assertEquals(MicroCases.all().size(), DeviceLoader.load(p).measurements().size());
    }

    @Test
    void brokenProfilesAreRefused() throws Exception {
        String good = Files.readString(Path.of("specs/devices/h200-pytorch-fp32.yaml"));
        assertTrue(SCHEMA.validate(yaml(good)).isEmpty());
        // A misspelled class key, a missing class, an efficiency above 1, an unknown fusion, a
        // non-integer dilation key and a measurement without its time: each alone is refused.
        for (String[] edit : new String[][] {
                {"  depthwise_conv: {efficiency: 0.56}", "  depthwise_conv: {eficiency: 0.56}"},
                {"  depthwise_conv: {efficiency: 0.56}\n", ""},
                {"pointwise_conv: {efficiency: 0.28}", "pointwise_conv: {efficiency: 1.28}"},
                {"fusions: []", "fusions: [conv_relu]"},
                {"by_dilation: {8: 1.0, 16: 0.44}", "by_dilation: {8: 1.0, two: 0.44}"},
                {"ms: 0.2074}", "msec: 0.2074}"},
                {"peak_gflops: 494000\n", ""}}) {
            assertTrue(good.contains(edit[0]), edit[0]);
            assertFalse(SCHEMA.validate(yaml(good.replace(edit[0], edit[1]))).isEmpty(), edit[1]);
        }
    }
}
