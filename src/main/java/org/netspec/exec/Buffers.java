package org.netspec.exec;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/**
 * Float arrays for kernel outputs and working copies, reused within one run. A fresh array per
 * node made the JVM zero it and the collector pause for it (30-60 ms of an ESPNetv2 run in pauses).
 * An output's array comes back when its tensor dies ({@link Executor}) and is kept only while a
 * node still to run produces a tensor of that length (the run says which, {@link #expect}) and the
 * free arrays kept stay within a capacity, so the heap the memory plan sizes still holds the run. A
 * kernel's working copy comes back when the kernel is done and is kept until the node ends
 * ({@link #nodeDone}), for the kernel's other tasks. A take that finds no free array of its length
 * drops every free one before it allocates: the collector never moves large arrays, so kept ones
 * could leave no stretch of heap long enough for the new one. A reused array holds old values:
 * only kernels that write every element of what they take use it. Thread-safe.
 */
final class Buffers {
    private static final int FLOAT_BYTES = 4;

    private final long capacityBytes;
    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final Map<Integer, Integer> expected = new HashMap<>();
    private final List<float[]> workingCopies = new ArrayList<>();
    private final Set<float[]> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
    private long freeBytes;

    /** @param capacityBytes the most bytes of free output arrays kept for reuse; 0 keeps none */
    Buffers(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    /** Says that a node still to run produces a tensor of {@code length} floats. */
    synchronized void expect(int length) {
        expected.merge(length, 1, Integer::sum);
    }

    /** Says that a node announced by {@link #expect} has run, and drops the working copies kept for it. */
    synchronized void nodeDone(int length) {
        expected.computeIfPresent(length, (k, v) -> v == 1 ? null : v - 1);
        for (float[] a : workingCopies) {
            free.get(a.length).removeFirstOccurrence(a);
        }
        workingCopies.clear();
    }

    /** An array of {@code length} floats with arbitrary values: a free one of that length, or a new one. */
    synchronized float[] take(int length) {
        ArrayDeque<float[]> same = free.get(length);
        float[] a = same == null ? null : same.pollLast();
        if (a == null) {
            // the collector never moves large arrays: free ones kept would split the heap a new one needs
            free.clear();
            workingCopies.clear();
            freeBytes = 0;
            a = new float[length];
        } else if (!workingCopies.remove(a)) {
            freeBytes -= (long) FLOAT_BYTES * length;
        }
        handedOut.add(a);
        return a;
    }

    /** A tensor of {@code shape} to be overwritten in full: its values are arbitrary. */
    Tensor tensor(Shape shape) {
        return Tensor.of(shape, take(Tensor.checkedSize(shape)));
    }

    /**
     * Returns a dead output's array; it is kept when a node still to run needs that length and the
     * capacity allows. Arrays this pool did not hand out (inputs, reference kernels' outputs) are ignored.
     */
    synchronized void give(float[] a) {
        if (!handedOut.remove(a)) {
            return;
        }
        ArrayDeque<float[]> same = free.computeIfAbsent(a.length, k -> new ArrayDeque<>());
        long bytes = (long) FLOAT_BYTES * a.length;
        if (same.size() < expected.getOrDefault(a.length, 0) && freeBytes + bytes <= capacityBytes) {
            same.addLast(a);
            freeBytes += bytes;
        }
    }

    /** Returns a working copy the kernel is done with: kept for the kernel's other tasks until the node ends. */
    synchronized void giveWorkingCopy(float[] a) {
        if (handedOut.remove(a)) {
            free.computeIfAbsent(a.length, k -> new ArrayDeque<>()).addLast(a);
            workingCopies.add(a);
        }
    }
}
