package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.netspec.testing.SpecFixtures;

/**
 * How a real {@code analyzer} process ends when its heap runs out or it is told to stop. The
 * timeouts only catch a hang; nothing here depends on how fast the machine is.
 */
class ProcessEndTest {
    /** 2000 blocks of about 2 MiB of footprint per layer, with the total step budget lifted: far more than 64 MiB. */
    private static final String[] UNBOUNDED = {"analyze", SpecFixtures.spec("work/many-wide-blocks.yaml").toString(),
        "--format", "json", "--max-analysis-steps", "1000000000000000"};

    private static Process start(String heap, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void runningOutOfMemoryIsOneLineAndExitCode2() throws Exception {
        Process p = start("-Xmx64m", UNBOUNDED);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(10, TimeUnit.MINUTES), "hung");
        assertEquals(2, p.exitValue(), err);
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("analyzer: out of memory: this run needs more than its "), err);
        assertTrue(err.contains("NETSPEC_JAVA_OPTS=-Xmx8g"), err);
    }

    /** Sends SIGTERM once the command runs on Main's worker thread (named "analyzer", as Linux lists it). */
    @Test
    void sigtermEndsTheProcessWhileItWorks() throws Exception {
        Path tasks = Path.of("/proc/self/task");
        assumeTrue(Files.isDirectory(tasks), "needs Linux's /proc");
        Process p = start("-Xmx1g", UNBOUNDED);
        Path threads = Path.of("/proc", Long.toString(p.pid()), "task");
        while (p.isAlive() && !hasThread(threads, "analyzer")) {
            Thread.sleep(20);
        }
        assertTrue(p.isAlive(), "ended before it was stopped");
        p.destroy();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "SIGTERM did not end the process");
        // 128 + 15: ended by the signal
        assertEquals(143, p.exitValue());
    }

    private static boolean hasThread(Path threads, String name) {
        try (Stream<Path> tasks = Files.list(threads)) {
            return tasks.anyMatch(t -> {
                try {
                    return Files.readString(t.resolve("comm")).strip().equals(name);
                } catch (IOException e) {
                    return false;
                }
            });
        } catch (IOException e) {
            return false;
        }
    }
}
