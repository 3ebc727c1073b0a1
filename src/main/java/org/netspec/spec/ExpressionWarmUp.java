package org.netspec.spec;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

/**
 * Sets the expression language up ahead of its first use. Setting CEL up (loading and initialising
 * its classes and protobuf's, linking its call sites) is about a quarter of a short command's work;
 * started first, on a daemon thread, it overlaps with parsing the command line and reading the spec.
 */
public final class ExpressionWarmUp {
    /** The warm-up started by {@link #startInBackground()}, or null. */
    private static Future<?> warmUp;

    private ExpressionWarmUp() {
    }

    /** Starts the warm-up; at most one runs per process. */
    public static synchronized void startInBackground() {
        if (warmUp == null) {
            FutureTask<Object> task = new FutureTask<>(() -> new Expressions(Limits.DEFAULT, true)
                    .evaluate("size(range(2).map(k, pow(2, k))) == min(2, 3) ? 'd' + string(1) : 'sum'", Map.of()));
            Thread thread = new Thread(task, "expressions warm-up");
            thread.setDaemon(true);
            thread.start();
            warmUp = task;
        }
    }

    /**
     * Waits for a warm-up in progress to end: no other thread may initialise CEL's or protobuf's
     * classes meanwhile (class initialisers that need each other, run on two threads at once, can
     * deadlock). Whatever the warm-up met is of no consequence: the spec's own expressions report
     * their errors.
     */
    public static void await() {
        Future<?> started;
        synchronized (ExpressionWarmUp.class) {
            started = warmUp;
        }
        if (started == null) {
            return;
        }
        try {
            started.get();
        } catch (ExecutionException e) {
            // the warm-up's only purpose was loading classes
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
