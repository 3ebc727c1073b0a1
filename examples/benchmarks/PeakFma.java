import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The processor's measured float32 FMA throughput: each thread runs chains of fused multiply-adds
 * on 12 independent accumulators of the widest vector (more than the FMA latency times the FMA
 * ports, so the ports never wait), from registers only. The best of several trials is the peak the
 * convolution benchmark's GFLOP/s are compared with (2 FLOP per FMA lane).
 *
 *   java --add-modules jdk.incubator.vector examples/benchmarks/PeakFma.java [THREADS]
 */
public final class PeakFma {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final long STEPS = 200_000_000L;

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : Runtime.getRuntime().availableProcessors();
        chains(STEPS / 20);
        double best = 0;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int trial = 0; trial < 5; trial++) {
            List<Callable<Float>> tasks = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                tasks.add(() -> chains(STEPS));
            }
            long start = System.nanoTime();
            float sink = 0;
            for (Future<Float> f : pool.invokeAll(tasks)) {
                sink += f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double gflops = 2.0 * 12 * SPECIES.length() * STEPS * threads / seconds / 1e9;
            best = Math.max(best, gflops);
            System.out.printf("trial %d: %.1f GFLOP/s (%s)%n", trial, gflops, sink == 42 ? "!" : "ok");
        }
        pool.shutdown();
        System.out.printf("peak %.1f GFLOP/s on %d threads, %d floats per vector%n", best, threads, SPECIES.length());
    }

    private static float chains(long steps) {
        FloatVector a = FloatVector.broadcast(SPECIES, 0.999999f);
        FloatVector b = FloatVector.broadcast(SPECIES, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(SPECIES, 1);
        FloatVector c1 = c0;
        FloatVector c2 = c0;
        FloatVector c3 = c0;
        FloatVector c4 = c0;
        FloatVector c5 = c0;
        FloatVector c6 = c0;
        FloatVector c7 = c0;
        FloatVector c8 = c0;
        FloatVector c9 = c0;
        FloatVector c10 = c0;
        FloatVector c11 = c0;
        for (long done = 0; done < steps; done += 1000) {
            for (int i = 0; i < 1000; i++) {
                c0 = c0.fma(a, b);
                c1 = c1.fma(a, b);
                c2 = c2.fma(a, b);
                c3 = c3.fma(a, b);
                c4 = c4.fma(a, b);
                c5 = c5.fma(a, b);
                c6 = c6.fma(a, b);
                c7 = c7.fma(a, b);
                c8 = c8.fma(a, b);
                c9 = c9.fma(a, b);
                c10 = c10.fma(a, b);
                c11 = c11.fma(a, b);
            }
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }
}
