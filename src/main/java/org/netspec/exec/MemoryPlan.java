package org.netspec.exec;

import org.netspec.analysis.ActivationMemory;
import org.netspec.graph.Network;
import org.netspec.graph.Node;

/**
 * The memory an execution will need, planned before anything is allocated: the live activations
 * of {@link ActivationMemory}'s declared order (the order the executor runs), plus the working copies
 * a kernel holds while it runs (a convolution's padded input, a sliced pooling's channel slices),
 * plus every weight.
 *
 * @param peakBytes the largest planned total
 * @param peakNode the node running at that moment
 * @param activationBytes live activations at that node
 * @param scratchBytes the kernel's working copies at that node
 * @param weightBytes parameters and buffers of the whole network
 */
public record MemoryPlan(long peakBytes, Node peakNode, long activationBytes, long scratchBytes, long weightBytes) {
    private static final int FLOAT_BYTES = 4;

    /**
     * The heap to give a run: twice the planned peak, for the garbage of earlier nodes and the
     * float copies of read tensor files, plus 128 MiB for the JVM's own objects. A heap this small
     * keeps the resident memory near the plan; the default (a quarter of the machine) lets garbage
     * pile up to many times it before a collection.
     */
    public long heapBytes() {
        return 2 * peakBytes + (128L << 20);
    }

    public static MemoryPlan of(Network network) {
        ActivationMemory memory = ActivationMemory.of(network, FLOAT_BYTES);
        ActivationMemory.Schedule order = memory.declared();
        Node peakNode = null;
        long peakActivations = 0;
        long peakScratch = 0;
        for (Node n : order.order()) {
            long live = order.liveBytes().get(n);
            long scratch = FastKernels.scratchBytes(n);
            if (peakNode == null || live + scratch > peakActivations + peakScratch) {
                peakNode = n;
                peakActivations = live;
                peakScratch = scratch;
            }
        }
        long weights = memory.weightBytes();
        return new MemoryPlan(peakActivations + peakScratch + weights, peakNode, peakActivations, peakScratch, weights);
    }
}
