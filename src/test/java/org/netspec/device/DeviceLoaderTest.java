package org.netspec.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.spec.SpecException;

/** Device profiles: located errors, and the multiplier tables. */
class DeviceLoaderTest {
    @TempDir
    Path dir;

    @Test
    void anUnknownKeyIsAnErrorAtItsLine() throws Exception {
        Path p = dir.resolve("bad.yaml");
        Files.writeString(p, "device: d\nruntime: r\npeak_gflops: 1\nbandwidth_gbs: 1\ndispatch_us: 1\nclasses:\n"
                + "  dense_conv: {efficiency: 1, speed: 2}\n");
        SpecException e = assertThrows(SpecException.class, () -> DeviceLoader.load(p));
        assertTrue(e.getMessage().contains(p + ":7:31: error: unknown key `speed`"), e.getMessage());
        assertTrue(e.getMessage().contains("missing kernel class `copy`"), e.getMessage());
    }

    @Test
    void theLibraryProfileLoads() throws Exception {
        DeviceProfile h200 = DeviceLoader.load(Path.of("specs/devices/h200-pytorch-fp32.yaml"));
        assertEquals("h200-pytorch-fp32", h200.name());
        assertEquals(28, h200.measurements().size());
        assertEquals(KernelClass.values().length, h200.classes().size());
    }

    @Test
    void multipliersAreLinearInLogTwoBetweenEntriesAndFlatBeyond() {
        TreeMap<Long, Double> t = new TreeMap<>();
        t.put(2L, 1.0);
        t.put(8L, 0.4);
        assertEquals(1.0, DeviceProfile.multiplier(t, 1));
        assertEquals(0.7, DeviceProfile.multiplier(t, 4), 1e-12); // log2 4 is halfway from 1 to 3
        assertEquals(0.4, DeviceProfile.multiplier(t, 16));
        assertEquals(1.0, DeviceProfile.multiplier(new TreeMap<>(), 16));
    }
}
