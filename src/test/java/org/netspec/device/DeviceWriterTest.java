package org.netspec.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void anUnblockedEfficiencyAndABytesTableAreWrittenAndReadBack() throws Exception {
        DeviceProfile p = TestDevices.load(dir, "device: d\nruntime: r\npeak_gflops: 1\nbandwidth_gbs: 1\ndispatch_us: 1\n"
                + "layout_block: 16\n", "dense_conv: {efficiency: 0.9, unblocked: 0.45}",
                "reorder: {efficiency: 0.3, by_bytes: {1204224: 2.5, 77070336: 1}}");
        assertEquals(0.45, p.params(KernelClass.DENSE_CONV).unblocked());
        assertEquals(1, p.params(KernelClass.POINTWISE_CONV).unblocked());
        String yaml = DeviceWriter.yaml(p, "a copy");
        assertTrue(yaml.contains("dense_conv: {efficiency: 0.9, unblocked: 0.45}"), yaml);
        assertTrue(yaml.contains("reorder: {efficiency: 0.3, by_bytes: {1204224: 2.5, 77070336: 1}}"), yaml);
        Path copy = dir.resolve("copy.yaml");
        Files.writeString(copy, yaml);
        assertEquals(p, DeviceLoader.load(copy));
    }
}
