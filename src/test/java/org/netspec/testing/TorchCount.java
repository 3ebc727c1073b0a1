package org.netspec.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Counts of a model written in PyTorch under {@code src/test/resources/torch/}, derived by
 * {@code netcount.py} with Debian's torch: the independent figures a network's test asserts.
 */
public final class TorchCount {
    static final Path SCRIPTS = Path.of("src/test/resources/torch");

    /** Parameters, BatchNorm running statistics and standard-profile MACs. */
    public record Counts(long params, long buffers, long macs) {
    }

    private TorchCount() {
    }

    /** Runs {@code src/test/resources/torch/SCRIPT} with {@code args}; it calls netcount.report once. */
    public static Counts of(String script, String... args) throws IOException, InterruptedException {
        String python = TorchPython.require();
        String[] command = new String[args.length + 2];
        command[0] = python;
        command[1] = script;
        System.arraycopy(args, 0, command, 2, args.length);
        Process p = new ProcessBuilder(command).directory(SCRIPTS.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(10, TimeUnit.MINUTES), "python did not finish");
        assertEquals(0, p.exitValue(), () -> script + " failed:\n" + out);
        JsonNode json = new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElseThrow());
        return new Counts(json.get("params").asLong(), json.get("buffers").asLong(), json.get("macs").asLong());
    }
}
