package org.netspec.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.netspec.device.DeviceLoader;
import org.netspec.device.DeviceProfile;
import org.netspec.spec.SpecException;
import picocli.CommandLine.Option;

/** The device profile whose estimated times a command adds ({@code --device}). */
final class DeviceOption {
    @Option(names = "--device", paramLabel = "PROFILE",
            description = "add estimated times on a device: a profile file, or the name of one in specs/devices/ "
                    + "(e.g. h200-pytorch-fp32)")
    String device;

    /** The profile, when one was given; a name without a file is looked up in specs/devices/. */
    Optional<DeviceProfile> profile() throws SpecException {
        if (device == null) {
            return Optional.empty();
        }
        Path file = Path.of(device);
        Path library = Path.of("specs", "devices", device + ".yaml");
        if (!Files.exists(file) && !device.contains("/") && Files.isRegularFile(library)) {
            file = library;
        }
        return Optional.of(DeviceLoader.load(file));
    }
}
