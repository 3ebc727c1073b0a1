package org.netspec.calibrate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.netspec.analysis.MemoryAccessCost;
import org.netspec.analysis.latency.Latency;
import org.netspec.device.DeviceProfile;
import org.netspec.graph.Network;
import org.netspec.graph.Specs;

/** Every micro case "measured" at the time a device's latency model estimates for it. */
final class MicroCaseTimes {
    private MicroCaseTimes() {
    }

    static List<Fit.Measured> estimated(DeviceProfile device, Path dir) throws Exception {
        List<Fit.Measured> measured = new ArrayList<>();
        for (MicroCases.Case c : MicroCases.all()) {
            Path f = dir.resolve("case.yaml");
            Files.writeString(f, c.spec());
            Network net = Specs.load(f);
            measured.add(new Fit.Measured(c, net, Latency.of(net, MemoryAccessCost.of(net), device).total()));
        }
        return measured;
    }
}
