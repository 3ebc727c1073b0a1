package org.netspec.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Python that has PyTorch, for the checks against torch: {@code NETSPEC_PYTHON}, by default
 * Debian's /usr/bin/python3 with python3-torch (the first python3 on a PATH may be another one).
 * Without torch a check is skipped, unless {@code NETSPEC_REQUIRE_TORCH=1} (CI) makes it fail.
 */
public final class TorchPython {
    private TorchPython() {
    }

    /** The interpreter's path, once it is known to import torch and numpy; skips or fails otherwise. */
    public static String require() throws InterruptedException {
        String python = System.getenv().getOrDefault("NETSPEC_PYTHON", "/usr/bin/python3");
        boolean available;
        try {
            Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            available = p.waitFor(5, TimeUnit.MINUTES) && p.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        }
        String why = python + " cannot import torch and numpy (apt-get install python3-torch, or set NETSPEC_PYTHON)";
        if (!available && "1".equals(System.getenv("NETSPEC_REQUIRE_TORCH"))) {
            fail(why + ", and NETSPEC_REQUIRE_TORCH=1");
        }
        Assumptions.assumeTrue(available, why);
        return python;
    }
}
