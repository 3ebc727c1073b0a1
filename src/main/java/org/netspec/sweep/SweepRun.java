package org.netspec.sweep;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Evaluates a share of a sweep's variants on a fixed pool of threads and hands the outcomes on
 * in variant order, so what is written does not depend on the threads' timing. At most a few
 * variants per thread are in flight, so memory stays flat however large the sweep.
 */
public final class SweepRun {
    private SweepRun() {
    }

    /**
     * Whether variant {@code index} belongs to shard {@code shard} of {@code shards}: a
     * deterministic share, every {@code shards}-th variant.
     */
    public static boolean inShard(long index, int shard, int shards) {
        return index % shards == shard;
    }

    /**
     * @param done indices already evaluated (from an interrupted run), skipped
     * @param sink called on the calling thread, in index order
     */
    public static void run(Evaluator evaluator, List<Map<String, Object>> variants, int shard, int shards, Set<Long> done,
            int threads, Consumer<Outcome> sink) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "sweep");
            t.setDaemon(true);
            return t;
        });
        try {
            ArrayDeque<Future<Outcome>> inFlight = new ArrayDeque<>();
            int window = threads * 16;
            for (int i = 0; i < variants.size(); i++) {
                long index = i;
                if (!inShard(index, shard, shards) || done.contains(index)) {
                    continue;
                }
                Map<String, Object> values = variants.get(i);
                inFlight.add(pool.submit(() -> evaluator.evaluate(index, values)));
                if (inFlight.size() >= window) {
                    sink.accept(next(inFlight));
                }
            }
            while (!inFlight.isEmpty()) {
                sink.accept(next(inFlight));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static Outcome next(ArrayDeque<Future<Outcome>> inFlight) throws InterruptedException {
        try {
            return inFlight.poll().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
