package org.netspec.importer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs a test script under Debian's PyTorch ({@code NETSPEC_PYTHON}, by default /usr/bin/python3)
 * to write ONNX files with torch.onnx.export. Tests that need it are skipped, saying why, where
 * PyTorch is not installed.
 */
final class TorchExports {
    private TorchExports() {
    }

    static String python() {
        String configured = System.getenv("NETSPEC_PYTHON");
        return configured == null || configured.isBlank() ? "/usr/bin/python3" : configured;
    }

    /** Runs {@code script} (a resource under src/test/resources/onnx) with {@code out} as its argument. */
    static void run(String script, Path out) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Path.of(python())), "no Python at " + python() + " (set NETSPEC_PYTHON)");
        Process check = new ProcessBuilder(python(), "-c", "import torch").redirectErrorStream(true).start();
        assumeTrue(check.waitFor(120, TimeUnit.SECONDS) && check.exitValue() == 0, python() + " has no torch");
        Path log = out.resolve("python.log");
        Process p = new ProcessBuilder(python(), Path.of("src/test/resources/onnx", script).toString(), out.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(script + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new AssertionError(script + " failed:\n" + Files.readString(log, StandardCharsets.UTF_8));
        }
    }
}
