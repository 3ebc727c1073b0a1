package org.netspec.device;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Device profiles for tests, written as YAML and read by {@link DeviceLoader} as a user's would be:
 * a test states the profile's head and the classes it cares about; every other class runs at
 * efficiency 1.
 */
public final class TestDevices {
    private TestDevices() {
    }

    /**
     * @param head the keys before {@code classes:} (name, runtime, roofline, dispatch, ...)
     * @param classes class lines such as {@code "pointwise_conv: {efficiency: 0.5}"}
     */
    public static DeviceProfile load(Path dir, String head, String... classes) throws Exception {
        StringBuilder y = new StringBuilder(head.stripTrailing()).append("\nclasses:\n");
        for (String c : classes) {
            if (KernelClass.ofKey(c.substring(0, c.indexOf(':'))).isEmpty()) {
                throw new IllegalArgumentException("no kernel class in " + c);
            }
        }
        for (KernelClass k : KernelClass.values()) {
            String line = Arrays.stream(classes).filter(c -> c.startsWith(k.key() + ":")).findFirst()
                    .orElse(k.key() + ": {efficiency: 1}");
            y.append("  ").append(line).append('\n');
        }
        Path p = Files.createTempFile(dir, "device", ".yaml");
        Files.writeString(p, y);
        return DeviceLoader.load(p);
    }
}
