package org.netspec.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Graphviz's {@code dot} program, when installed, rendering DOT text to SVG or PNG. netspec draws
 * no graph layouts itself; without {@code dot} the DOT text is still available.
 */
public final class Graphviz {
    /** The program looked up on the PATH. */
    public static final String PROGRAM = "dot";

    private Graphviz() {
    }

    /** Whether {@code dot} can be run. */
    public static boolean installed() {
        try {
            return render("digraph G {}", "svg").isPresent();
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * The DOT text rendered in {@code format} ({@code svg}, {@code png}); empty when {@code dot} is
     * not installed.
     *
     * @throws IllegalStateException when {@code dot} runs but fails, with what it said
     */
    public static Optional<byte[]> render(String dot, String format) {
        Process p;
        try {
            p = new ProcessBuilder(List.of(PROGRAM, "-T" + format)).start();
        } catch (IOException notInstalled) {
            return Optional.empty();
        }
        CompletableFuture<byte[]> errors = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try (OutputStream in = p.getOutputStream()) {
            in.write(dot.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(PROGRAM + " stopped reading its input: " + e.getMessage(), e);
        }
        try {
            int code = p.waitFor();
            if (code != 0) {
                throw new IllegalStateException(PROGRAM + " -T" + format + " failed (exit " + code + "): "
                        + new String(errors.join(), StandardCharsets.UTF_8).strip());
            }
            return Optional.of(output.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + PROGRAM + " ran", e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            in.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
