package org.netspec.cli;

import java.io.Console;
import java.io.PrintWriter;

/**
 * A one-line progress bar on standard error, drawn only when standard output is a terminal, so
 * piped and redirected output stays clean. Redraws at most every 100 ms.
 */
final class ProgressBar implements AutoCloseable {
    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean enabled;
    private final int passes;
    private long lastDraw;
    private boolean drawn;

    private ProgressBar(PrintWriter err, boolean enabled, int passes) {
        this.err = err;
        this.enabled = enabled;
        this.passes = passes;
    }

    /** A bar that draws when standard output is a terminal and is quiet otherwise. */
    static ProgressBar onTerminal(PrintWriter err, int passes) {
        return new ProgressBar(err, stdoutIsTerminal(), passes);
    }

    private static boolean stdoutIsTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // from Java 22 a console exists even when redirected; isTerminal() tells them apart
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    void show(int pass, int done, int total, String node) {
        if (!enabled) {
            return;
        }
        long now = System.nanoTime();
        if (done < total && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        int filled = (int) ((long) WIDTH * done / total);
        String run = passes > 1 ? " run " + (pass + 1) + "/" + passes : "";
        String line = "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total + run + " " + node;
        err.print("\r" + (line.length() > 100 ? line.substring(0, 100) : line) + "\u001b[K");
        err.flush();
        drawn = true;
    }

    @Override
    public void close() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }
}
