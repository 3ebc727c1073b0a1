package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.netspec.cli.BadInputCorpusTest.GUARD;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing in a spec runs code: expressions that try to reach Java classes, files, the network or
 * the environment, convert types or exhaust the evaluator fail with one clean line at the value
 * that holds them, and nothing happens: the canary file is untouched, the listening socket gets no
 * connection, and the JVM is still here to check.
 */
class ExpressionSandboxTest {
    @TempDir
    Path dir;

    @Test
    void expressionsCannotReachClassesFilesTheNetworkOrTheEnvironment() throws IOException {
        Path canary = dir.resolve("canary.txt");
        Files.writeString(canary, "untouched");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + listener.getLocalPort() + "/";
            String file = canary.toString().replace("\\", "/");
            List<String> attempts = List.of(
                    "java.lang.System.exit(1)",
                    "java.lang.Runtime.getRuntime().exec('touch " + file + "')",
                    "T(java.lang.System).getenv('HOME')",
                    "size(read('" + file + "'))",
                    "size(write('" + file + "', 'changed'))",
                    "size(files.read('" + file + "'))",
                    "size(http.get('" + url + "'))",
                    "size(fetch('" + url + "'))",
                    "size(env('HOME'))",
                    "size(getenv('PATH'))",
                    "size(System.getProperty('user.home'))",
                    "int(type(1))",
                    "dyn(google.protobuf.Any{})",
                    "size(bytes(read('" + file + "')))",
                    "timestamp('2020-01-01T00:00:00Z')",
                    "'" + "x".repeat(3_000) + "'.size()",
                    "(".repeat(200) + "1" + ")".repeat(200));
            for (String attempt : attempts) {
                Path spec = dir.resolve("attempt.yaml");
                Files.writeString(spec, "network: attempt\ninputs: {x: [1, 3, 8, 8]}\nlayers:\n  - {name: a, op: conv, kernel: 1, out: \""
                        + attempt.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}\n");
                CommandLineTest.Run r = assertTimeoutPreemptively(GUARD, () -> CommandLineTest.run("analyze", spec.toString()));
                assertEquals(2, r.code(), () -> attempt + ": " + r.err());
                assertEquals(1, r.err().lines().count(), r::err);
                assertTrue(r.err().startsWith(spec + ":4:"), r::err);
                assertFalse(r.err().contains("Exception") || r.err().contains("internal error"), r::err);
            }
            assertEquals("untouched", Files.readString(canary));
            listener.setSoTimeout(200);
            assertThrows(SocketTimeoutException.class, listener::accept, "an expression connected to the listening socket");
        }
    }

    @Test
    void evaluationCannotExhaustMemoryOrTime() {
        for (String attempt : List.of("size(range(10000).map(i, range(10000)))",
                "range(5000).filter(i, range(5000).exists(j, i * j == 7)).size() + 1",
                "size(range(-9223372036854775808, 9223372036854775807))")) {
            Path spec = write(attempt);
            CommandLineTest.Run r = assertTimeoutPreemptively(GUARD, () -> CommandLineTest.run("analyze", spec.toString()));
            assertEquals(2, r.code(), r::err);
            assertTrue(r.err().contains("raise it with --max-") || r.err().contains("raise the limit with --max-"), r::err);
        }
    }

    private Path write(String expression) {
        try {
            Path spec = dir.resolve("exhaust.yaml");
            Files.writeString(spec, "network: exhaust\ninputs: {x: [1, 3, 8, 8]}\nlayers:\n  - {name: a, op: conv, kernel: 1, out: \""
                    + expression + "\"}\n");
            return spec;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
