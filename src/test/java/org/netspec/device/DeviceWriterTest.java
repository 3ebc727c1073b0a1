package org.netspec.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A written profile reads back as the same profile. */
class DeviceWriterTest {
    @TempDir
    Path dir;

    @Test
    void theH200ProfileSurvivesARoundTrip() throws Exception {
        DeviceProfile h200 = DeviceLoader.load(Path.of("specs/devices/h200-pytorch-fp32.yaml"));
        Path copy = dir.resolve("copy.yaml");
        Files.writeString(copy, DeviceWriter.yaml(h200, "a copy"));
        assertEquals(h200, DeviceLoader.load(copy));
    }
}
