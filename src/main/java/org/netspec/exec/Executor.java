package org.netspec.exec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.netspec.analysis.Liveness;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.OperatorException;
import org.netspec.ops.PerChannel;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/**
 * Runs a network on float32 tensors: given weights and inputs, or seeded random ones, every
 * node that reaches an output in declaration order, and a check after each node that its kernel
 * produced the shape the shape rule inferred. A tensor is dropped when {@link Liveness} frees it, the
 * rule {@link org.netspec.analysis.ActivationMemory} plans with, and a run whose planned peak does
 * not fit in the heap is refused before anything is allocated. A convolution applies the batch norm,
 * PReLU or activation nodes that alone read its output inside its own output loop ({@link Fusion}):
 * those nodes still run and are checked, with the unfused bits.
 */
public final class Executor {
    private static final int FLOAT_BYTES = 4;
    private static final int INDEX_BYTES = 8;

    /**
     * @param threads threads the kernels use; results are the same bits for any count
     * @param weights the values of every node's weights
     * @param inputs the tensor of every input node
     */
    public record Options(int threads, Weights weights, Inputs inputs) {
        /** Weights and inputs drawn from {@code seed}. */
        public Options(long seed, int threads) {
            this(threads, Weights.seeded(seed), Inputs.seeded(seed));
        }
    }

    /** Told after each node has run, for progress displays. */
    @FunctionalInterface
    public interface Progress {
        void ran(int done, int total, Node node);
    }

    private Executor() {
    }

    /**
     * @throws RunRefusedException when the planned memory exceeds the heap or a tensor exceeds an array
     */
    public static Execution run(Network network, Options options, Progress progress) {
        return run(network, options, progress, ConvCore.fastest());
    }

    static Execution run(Network network, Options options, Progress progress, ConvCore core) {
        return run(network, options, progress, core, Runtime.getRuntime().maxMemory());
    }

    static Execution run(Network network, Options options, Progress progress, ConvCore core, long heap) {
        return run(network, options, progress, core, heap, true);
    }

    /** @param fuse whether convolutions apply the per-channel nodes after them ({@link Fusion}) */
    static Execution run(Network network, Options options, Progress progress, ConvCore core, long heap, boolean fuse) {
        for (Node n : network.nodes()) {
            if (n.shape().elements() > Tensor.MAX_ELEMENTS) {
                throw new RunRefusedException("`" + n.name() + "` produces " + n.shape() + ", "
                        + n.shape().elements() + " elements, more than a Java array holds (" + Tensor.MAX_ELEMENTS + ")");
            }
        }
        MemoryPlan plan = MemoryPlan.of(network);
        if (plan.peakBytes() > heap) {
            throw new RunRefusedException(String.format(Locale.ROOT,
                    "the run needs %.1f MiB of heap at `%s` (activations %.1f MiB, kernel working copies %.1f MiB, weights "
                            + "%.1f MiB) but the heap holds at most %.1f MiB; give Java more with -Xmx (for example "
                            + "NETSPEC_JAVA_OPTS=-Xmx%dm) or run a smaller --input",
                    mib(plan.peakBytes()), plan.peakNode().name(), mib(plan.activationBytes()), mib(plan.scratchBytes()),
                    mib(plan.weightBytes()), mib(heap), (long) Math.ceil(mib(plan.peakBytes()) * 1.25) + 64));
        }
        try (Parallel parallel = new Parallel(options.threads())) {
            return new Run(network, options, core, parallel, plan, fuse).execute(progress);
        }
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** The state of one execution: live tensors, readers left, memory in use. */
    private static final class Run {
        private final Network network;
        private final Options options;
        private final ConvCore core;
        private final FastKernels kernels;
        private final MemoryPlan plan;
        private final Liveness liveness;
        private final Liveness.Countdown countdown;
        private final Fusion fusion;
        private final Map<Node, Tensor> tensors = new IdentityHashMap<>();
        private final Map<Node, Shape> executed = new IdentityHashMap<>();
        /** How many live stored tensors hold each array: a fused node hands on its head's. */
        private final Map<float[], Integer> holders = new IdentityHashMap<>();
        private final Buffers buffers;
        private long liveBytes;
        private long peakBytes;

        Run(Network network, Options options, ConvCore core, Parallel parallel, MemoryPlan plan, boolean fuse) {
            this.network = network;
            this.options = options;
            this.core = core;
            // free arrays kept for reuse: at most half the planned activations, so the plan's heap holds them
            this.buffers = new Buffers(plan.activationBytes() / 2);
            this.kernels = new FastKernels(core, parallel, buffers);
            this.plan = plan;
            this.liveness = Liveness.of(network);
            this.countdown = liveness.countdown();
            this.fusion = fuse ? Fusion.of(network, liveness) : Fusion.NONE;
        }

        Execution execute(Progress progress) {
            List<Node> order = liveness.executed();
            Map<Node, List<float[]>> weights = new HashMap<>();
            for (Node n : order) {
                List<float[]> w = options.weights().checkedOf(n);
                weights.put(n, w);
                for (float[] v : w) {
                    liveBytes += (long) FLOAT_BYTES * v.length;
                }
            }
            peakBytes = liveBytes;
            Map<Node, Tensor> given = new IdentityHashMap<>();
            for (Node n : order) {
                if (n.inputs().isEmpty()) {
                    given.put(n, options.inputs().checkedOf(n));
                }
            }
            for (Node n : order) {
                if (producesStorage(n)) {
                    buffers.expect((int) n.shape().elements());
                }
            }
            List<Execution.NodeRun> runs = new ArrayList<>();
            Optional<Execution.Stop> stop = Optional.empty();
            long start = System.nanoTime();
            for (Node n : order) {
                List<Tensor> inputs = n.inputs().isEmpty() ? List.of(given.remove(n)) : inputsOf(n);
                Kernel kernel = kernelOf(n, weights);
                long t0 = System.nanoTime();
                Tensor out;
                try {
                    out = kernel.compute(n.attributes(), inputs, weights.get(n));
                } catch (OperatorException e) {
                    stop = Optional.of(new Execution.Stop(n, "its kernel failed: " + e.getMessage()));
                    break;
                }
                long t1 = System.nanoTime();
                if (producesStorage(n)) {
                    buffers.nodeDone((int) n.shape().elements());
                }
                Execution.NodeRun run = new Execution.NodeRun(n, out.shape(), t1 - t0);
                runs.add(run);
                executed.put(n, out.shape());
                if (!run.matches()) {
                    stop = Optional.of(new Execution.Stop(n, "its kernel produced " + out.shape()
                            + " but the shape rule of `" + n.op().name() + "` inferred " + n.shape()));
                    break;
                }
                store(n, out);
                progress.ran(runs.size(), order.size(), n);
            }
            long nanos = System.nanoTime() - start;
            Map<Node, Tensor> outputs = new LinkedHashMap<>();
            if (stop.isEmpty()) {
                network.outputs().forEach(o -> outputs.put(o, tensors.get(o)));
            }
            return new Execution(runs, outputs, nanos, peakBytes, plan, options.threads(), core.description(), stop);
        }

        /** Whether the node's kernel makes a new tensor: not a view, not a node whose head already did its arithmetic. */
        private boolean producesStorage(Node n) {
            return !n.op().isView() && !fusion.isAbsorbed(n);
        }

        /**
         * The node's fast kernel; for the head of a fused chain, one that applies it; for a fused
         * node, one that hands on the input its head already transformed.
         */
        private Kernel kernelOf(Node n, Map<Node, List<float[]>> weights) {
            if (fusion.isAbsorbed(n)) {
                return (a, inputs, w) -> inputs.get(0);
            }
            List<Node> chain = fusion.chainOf(n);
            if (chain.isEmpty()) {
                return kernels.of(n.op());
            }
            List<Epilogue.Step> steps = new ArrayList<>();
            for (Node f : chain) {
                steps.add(new Epilogue.Step((PerChannel) f.op(), f.attributes(), weights.get(f)));
            }
            return kernels.fused(n.op(), new Epilogue(steps));
        }

        private List<Tensor> inputsOf(Node n) {
            List<Tensor> inputs = new ArrayList<>();
            for (int port = 0; port < n.inputs().size(); port++) {
                Node source = n.inputs().get(port);
                boolean values = n.op().isView() || n.op().readsInput(port);
                inputs.add(values ? tensors.get(source) : Tensor.shapeOnly(executed.get(source)));
            }
            return inputs;
        }

        /** Keeps a node's output, and drops the storages that die after it, their arrays back to the buffers. */
        private void store(Node n, Tensor out) {
            tensors.put(n, out);
            if (!n.op().isView()) {
                liveBytes += bytes(out);
                peakBytes = Math.max(peakBytes, liveBytes);
                holders.merge(out.data(), 1, Integer::sum);
            }
            for (Node freed : countdown.ran(n)) {
                Tensor dead = tensors.get(freed);
                liveBytes -= bytes(dead);
                if (holders.merge(dead.data(), -1, Integer::sum) == 0) {
                    holders.remove(dead.data());
                    buffers.give(dead.data());
                }
                liveness.sharing(freed).forEach(tensors::remove);
            }
        }

        private static long bytes(Tensor t) {
            return (long) FLOAT_BYTES * t.data().length + (t.indices() == null ? 0 : (long) INDEX_BYTES * t.indices().length);
        }
    }
}
