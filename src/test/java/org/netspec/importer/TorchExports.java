package org.netspec.importer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.netspec.testing.TorchPython;

/**
 * Runs a test script under Debian's PyTorch ({@link TorchPython}) to write ONNX files with
 * torch.onnx.export.
 */
final class TorchExports {
    private TorchExports() {
    }

    /** Runs {@code script} (a resource under src/test/resources/onnx) with {@code out} as its argument. */
    static void run(String script, Path out) throws IOException, InterruptedException {
        String python = TorchPython.require();
        Path log = out.resolve("python.log");
        Process p = new ProcessBuilder(python, Path.of("src/test/resources/onnx", script).toString(), out.toString())
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
