package org.netspec.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A fixed number of threads that run the tasks of a loop. Tasks are handed out dynamically, but
 * each task always computes the same outputs in the same order, so results never depend on the
 * thread count or on which thread ran what.
 */
public final class Parallel implements AutoCloseable {
    /** Rows of a band of {@link #forEachBand}: enough to keep a task's start-up small, few enough that few planes feed every thread. */
    static final int BAND_ROWS = 8;

    /** Work on rows {@code [from, to)} of one plane. */
    interface Band {
        void run(int plane, int from, int to);
    }

    private final int threads;
    private final ExecutorService pool;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one thread, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            Thread t = new Thread(r, "netspec-kernel");
            t.setDaemon(true);
            return t;
        });
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code task.accept(i)} for every i in [0, count), the calling thread taking part. */
    public void forEach(int count, IntConsumer task) {
        if (pool == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                task.accept(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                task.accept(i);
            }
        };
        List<Future<?>> helpers = new ArrayList<>();
        for (int t = 1; t < Math.min(threads, count); t++) {
            helpers.add(pool.submit(worker));
        }
        worker.run();
        for (Future<?> f : helpers) {
            try {
                f.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for kernel threads", e);
            }
        }
    }

    /** Runs {@code task} on every band of {@link #BAND_ROWS} rows of each of {@code planes} planes of {@code rows} rows. */
    void forEachBand(int planes, int rows, Band task) {
        int bands = (rows + BAND_ROWS - 1) / BAND_ROWS;
        forEach(planes * bands, t -> {
            int from = t % bands * BAND_ROWS;
            task.run(t / bands, from, Math.min(rows, from + BAND_ROWS));
        });
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }
}
