package org.netspec.device;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * What the latency model knows of one device and runtime: its roofline (peak compute and memory
 * bandwidth), the cost of dispatching one kernel, how close each kernel class comes to the
 * roofline, and the fusions the runtime does. Loaded by {@link DeviceLoader}.
 *
 * @param name the profile's name, shown beside every estimate
 * @param runtime the runtime and precision the numbers hold for
 * @param threads threads the runtime used (1 for a GPU's host thread)
 * @param elementBytes bytes per tensor element (4 for float32)
 * @param peakGflops peak compute in GFLOP/s (the roofline's)
 * @param peakByFlops compute in GFLOP/s by the FLOPs one kernel does (interpolated in log2, flat
 *     beyond its ends): small kernels leave threads idle that large ones keep busy; empty for
 *     {@code peakGflops} at every size
 * @param bandwidthGbs memory bandwidth in GB/s, from main memory (the roofline's), at every size: a
 *     network's layers each write a tensor of their own, and miss the caches as large ones do
 * @param dispatchMicros time to dispatch one kernel, in microseconds, unless its class says otherwise
 * @param classes the parameters of every kernel class
 * @param fusions what the runtime fuses
 * @param layoutBlock channels per block of the blocked layout (NCHWc) the runtime runs convolutions
 *     in, reordering tensors where they meet operators that cannot run in it; 0 when it keeps NCHW
 * @param measurements the measurements the profile was fitted to, as written (kept, not used)
 */
public record DeviceProfile(String name, String runtime, int threads, int elementBytes, double peakGflops,
        NavigableMap<Long, Double> peakByFlops, double bandwidthGbs, double dispatchMicros, Map<KernelClass, ClassParams> classes, Set<Fusion> fusions,
        int layoutBlock, List<Measurement> measurements) {

    /**
     * How one kernel class runs.
     *
     * @param efficiency fraction of the roofline (peak compute or bandwidth) it attains, in (0, 1]
     * @param dispatchMicros its dispatch cost in microseconds, or NaN for the device's
     * @param byDilation multipliers of the efficiency by dilation (interpolated in log2, held flat outside)
     * @param byGroups multipliers of the efficiency by number of groups (likewise)
     * @param byStride multipliers of the efficiency by stride (likewise)
     * @param byBytes multipliers of the efficiency by the bytes the kernel reads and writes (likewise): a
     *     tensor that stays in the caches is copied faster than one streamed from main memory
     * @param unblocked multiplier of the efficiency of a node the runtime runs outside its blocked layout
     *     (see {@code layoutBlock}) with a plain kernel of its kind (a convolution as a column matrix and a
     *     matrix product, a pooling, a bilinear up-sampling); 1 for none
     */
    public record ClassParams(double efficiency, double dispatchMicros, NavigableMap<Long, Double> byDilation,
            NavigableMap<Long, Double> byGroups, NavigableMap<Long, Double> byStride, NavigableMap<Long, Double> byBytes,
            double unblocked) {
    }

    /** One measured case: what it was, the time measured, in milliseconds. */
    public record Measurement(String kind, double milliseconds) {
    }

    public ClassParams params(KernelClass k) {
        return classes.get(k);
    }

    /** The dispatch cost of a class in seconds. */
    public double dispatchSeconds(KernelClass k) {
        double us = classes.get(k).dispatchMicros();
        return (Double.isNaN(us) ? dispatchMicros : us) * 1e-6;
    }

    /** The compute rate in GFLOP/s a kernel doing this many FLOPs attains at full efficiency. */
    public double peakGflops(double flops) {
        return peakByFlops.isEmpty() ? peakGflops : multiplier(peakByFlops, Math.max(1, Math.round(flops)));
    }

    /** The roofline's time for this work at full efficiency: compute- or memory-bound, whichever is slower. */
    public double rooflineSeconds(double flops, double bytes) {
        return Math.max(flops / (peakGflops(flops) * 1e9), bytes / (bandwidthGbs * 1e9));
    }

    /**
     * A class's efficiency at a dilation, group count and stride, for a kernel moving this many bytes,
     * inside or outside the blocked layout.
     */
    public double efficiency(KernelClass k, long dilation, long groups, long stride, double bytes, boolean unblocked) {
        ClassParams p = classes.get(k);
        return p.efficiency() * multiplier(p.byDilation(), dilation) * multiplier(p.byGroups(), groups)
                * multiplier(p.byStride(), stride) * multiplier(p.byBytes(), Math.max(1, Math.round(bytes)))
                * (unblocked ? p.unblocked() : 1);
    }

    /** A table's value at a key, linear in log2 of the key between entries, flat beyond them; 1 if empty. */
    static double multiplier(NavigableMap<Long, Double> table, long key) {
        if (table.isEmpty()) {
            return 1;
        }
        Map.Entry<Long, Double> lo = table.floorEntry(key);
        Map.Entry<Long, Double> hi = table.ceilingEntry(key);
        if (lo == null) {
            return hi.getValue();
        }
        if (hi == null || lo.getKey().equals(hi.getKey())) {
            return lo.getValue();
        }
        double t = (log2(key) - log2(lo.getKey())) / (log2(hi.getKey()) - log2(lo.getKey()));
        return lo.getValue() + t * (hi.getValue() - lo.getValue());
    }

    private static double log2(long v) {
        return Math.log(v) / Math.log(2);
    }
}
