package org.netspec.exec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.netspec.graph.Node;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/**
 * What running a network did: each node run with the shape its kernel produced and its time, the
 * network outputs, the peak of live tensor memory, and where the run stopped if a node's executed
 * shape differed from the inferred one or its kernel refused its input.
 *
 * @param runs the nodes run, in order; nodes that reach no output and nodes after a stop are not run
 * @param nanos wall time of the forward pass: every node's kernel and the memory bookkeeping, not the
 *     drawing of weights and inputs
 * @param peakBytes the largest total of live activations, arg-max indices and weights while a node ran
 * @param kernels which convolution kernels ran
 */
public record Execution(List<NodeRun> runs, Map<Node, Tensor> outputs, long nanos, long peakBytes, MemoryPlan plan,
        int threads, String kernels, Optional<Stop> stop) {
    /** One node run: the shape its kernel produced and its kernel's time. */
    public record NodeRun(Node node, Shape shape, long nanos) {
        public boolean matches() {
            return shape.equals(node.shape());
        }
    }

    /** The node where the run stopped and why. */
    public record Stop(Node node, String reason) {
    }

    public Execution {
        runs = List.copyOf(runs);
        outputs = Map.copyOf(outputs);
    }

    /** This execution without its output tensors, to keep its times while the outputs are collected. */
    public Execution withoutOutputs() {
        return new Execution(runs, Map.of(), nanos, peakBytes, plan, threads, kernels, stop);
    }

    /** True when every node ran and produced its inferred shape. */
    public boolean shapesMatch() {
        return stop.isEmpty();
    }

    public Optional<NodeRun> run(Node node) {
        return runs.stream().filter(r -> r.node() == node).findFirst();
    }

    /**
     * Repeated runs of one network summarised as one: the last run with each node's time and the
     * total time replaced by their medians over all the runs (the runs compute the same bits).
     */
    public static Execution medianOf(List<Execution> repeats) {
        Execution last = repeats.get(repeats.size() - 1);
        List<NodeRun> runs = new ArrayList<>();
        for (int i = 0; i < last.runs.size(); i++) {
            int node = i;
            runs.add(new NodeRun(last.runs.get(i).node(), last.runs.get(i).shape(),
                    median(repeats.stream().mapToLong(e -> e.runs.get(node).nanos()).toArray())));
        }
        long total = median(repeats.stream().mapToLong(Execution::nanos).toArray());
        return new Execution(runs, last.outputs, total, last.peakBytes, last.plan, last.threads, last.kernels, last.stop);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
