package org.netspec.calibrate;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.math3.stat.descriptive.DescriptiveStatistics;
import org.netspec.analysis.MemoryAccessCost;
import org.netspec.analysis.latency.Latency;
import org.netspec.device.DeviceProfile;
import org.netspec.device.Fusion;
import org.netspec.device.KernelClass;
import org.netspec.graph.Network;
import org.netspec.graph.Node;

/**
 * Fits a device profile to measured micro cases with per-class ratios:
 * <ol>
 * <li>dispatch: the median time per layer of the tiny element-wise cases, whose work is nil;</li>
 * <li>bandwidth: the bytes a layer of the element-wise case (sums of 100 MB tensors) moves over its
 * time beyond dispatch, the same at every size (a table by bytes, fitted to in-place ReLUs that keep
 * one buffer in the caches, put memory-bound blocks 30-50% under their measured time);</li>
 * <li>peak compute by FLOPs: the FLOP rate of the dense convolutions at dilation 1 (in the blocked
 * layout, where the runtime has one), per layer's FLOPs, beyond dispatch and the reorders of their
 * input and output (the median where cases do equal work; small layers leave threads idle), and the
 * roofline's peak that of the largest;</li>
 * <li>reorders between layouts: a case's time less the estimate of its layers, per reorder, by the
 * bytes a reorder copies;</li>
 * <li>each class in turn: for every case, its time less the estimate of everything else in it
 * (layers of other, already fitted, classes and layout reorders), per layer of the class, less
 * dispatch, gives the efficiency {@code roofline work / time}; the class's efficiency is the
 * median at dilation 1, stride 1 and its smallest group count, by_dilation / by_groups / by_stride
 * hold the medians at the others over it, and unblocked that of the cases the runtime runs outside
 * its blocked layout.</li>
 * </ol>
 * The peaks, reorders and classes are fitted again, pass after pass, until they no longer change.
 */
public final class Fit {
    /** A case and its measured time in seconds. */
    public record Measured(MicroCases.Case micro, Network network, double seconds) {
    }

    /**
     * Each class is fitted with the estimates of those before it: reorders come early, as most cases
     * have two; pooling and resize before the convolutions, whose strided cases up-sample back.
     */
    private static final List<KernelClass> ORDER = List.of(KernelClass.ELEMENT_WISE, KernelClass.POINTWISE_CONV,
            KernelClass.REORDER, KernelClass.PRELU, KernelClass.POOLING, KernelClass.RESIZE, KernelClass.DENSE_CONV,
            KernelClass.DEPTHWISE_CONV, KernelClass.GROUPED_CONV, KernelClass.TRANSPOSED_CONV, KernelClass.POOLING_INDICES,
            KernelClass.COPY);

    /** Passes of the fit at most (see {@link #of}). */
    private static final int MAX_PASSES = 10;

    private Fit() {
    }

    /** @param layoutBlock the runtime's blocked-layout block, 0 for none (see {@link DeviceProfile#layoutBlock()}) */
    public static DeviceProfile of(List<Measured> cases, String name, String runtime, int threads, Set<Fusion> fusions,
            int layoutBlock) {
        double dispatch = median(cases.stream().filter(c -> c.micro().name().startsWith("dispatch"))
                .mapToDouble(c -> c.seconds() / layers(c, c.micro().kernelClass())).toArray());
        Map<KernelClass, DeviceProfile.ClassParams> classes = new EnumMap<>(KernelClass.class);
        for (KernelClass k : KernelClass.values()) {
            classes.put(k, new DeviceProfile.ClassParams(1, Double.NaN, new TreeMap<>(), new TreeMap<>(), new TreeMap<>(),
                    new TreeMap<>(), 1));
        }
        List<Double> bandwidths = new ArrayList<>();
        for (Measured c : cases) {
            if (c.micro().kernelClass() == KernelClass.ELEMENT_WISE && !c.micro().name().startsWith("dispatch")) {
                Node n = classNodes(c, KernelClass.ELEMENT_WISE).get(0);
                bandwidths.add(bytes(c, n) / Math.max(c.seconds() / layers(c, KernelClass.ELEMENT_WISE) - dispatch, 1e-9) / 1e9);
            }
        }
        double bandwidth = bandwidths.isEmpty() ? 1e-6 : round(median(bandwidths));
        List<DeviceProfile.Measurement> measurements = cases.stream()
                .map(c -> new DeviceProfile.Measurement(c.micro().name(), c.seconds() * 1e3)).toList();
        NavigableMap<Long, Double> peakByFlops = new TreeMap<>();
        double peak = 1e-6;
        // Until nothing changes: cases of one class hold layers of classes fitted after it (reorders in
        // most, which the dense cases behind the peaks hold too), which each pass estimates with the
        // parameters of the pass before. FitTest's blocked device took four passes.
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            Map<KernelClass, DeviceProfile.ClassParams> before = new EnumMap<>(classes);
            NavigableMap<Long, Double> peaksBefore = peakByFlops;
            peakByFlops = peaks(cases, new DeviceProfile(name, runtime, threads, 4, peak, peakByFlops, bandwidth,
                    dispatch * 1e6, classes, fusions, layoutBlock, measurements));
            peak = peakByFlops.isEmpty() ? 1e-6 : peakByFlops.lastEntry().getValue();
            for (KernelClass k : ORDER) {
                DeviceProfile sofar = new DeviceProfile(name, runtime, threads, 4, peak, peakByFlops, bandwidth,
                        dispatch * 1e6, classes, fusions, layoutBlock, measurements);
                List<Measured> mine = cases.stream()
                        .filter(c -> c.micro().kernelClass() == k && !c.micro().name().startsWith("dispatch")).toList();
                Optional<DeviceProfile.ClassParams> fitted = k == KernelClass.REORDER
                        ? reorders(mine, sofar) : fitClass(k, mine, sofar);
                fitted.ifPresent(p -> classes.put(k, p));
            }
            if (classes.equals(before) && peakByFlops.equals(peaksBefore)) {
                break;
            }
        }
        return new DeviceProfile(name, runtime, threads, 4, peak, peakByFlops, bandwidth, round(dispatch * 1e6),
                classes, fusions.isEmpty() ? EnumSet.noneOf(Fusion.class) : fusions, layoutBlock, measurements);
    }

    /**
     * Compute rate by FLOPs: the FLOP rate of the dense convolutions at dilation 1 and stride 1 (inside
     * the blocked layout, on a runtime that has one), per layer's FLOPs, beyond dispatch and the layout
     * reorders of their input and output estimated so far (the median where cases do equal work).
     */
    private static NavigableMap<Long, Double> peaks(List<Measured> cases, DeviceProfile sofar) {
        Map<Long, List<Double>> ratesByFlops = new TreeMap<>();
        for (Measured c : cases) {
            if (c.micro().kernelClass() == KernelClass.DENSE_CONV && c.micro().dilation() == 1 && c.micro().stride() == 1) {
                Latency l = Latency.of(c.network(), MemoryAccessCost.of(c.network()), sofar);
                Latency.Estimate e = l.of(classNodes(c, KernelClass.DENSE_CONV).get(0));
                if (e.unblocked()) {
                    continue;
                }
                double per = Math.max((c.seconds() - l.reorderSeconds()) / layers(c, KernelClass.DENSE_CONV)
                        - sofar.dispatchSeconds(KernelClass.DENSE_CONV), 1e-9);
                ratesByFlops.computeIfAbsent(Math.round(e.flops()), f -> new ArrayList<>()).add(e.flops() / per / 1e9);
            }
        }
        NavigableMap<Long, Double> out = new TreeMap<>();
        ratesByFlops.forEach((flops, rates) -> out.put(flops, round(median(rates))));
        return out;
    }

    /**
     * A class's parameters from its cases: each case's efficiency is the roofline work of its
     * layers of the class over their time (the case's time less the estimate of everything else,
     * less dispatch); the efficiency is the median at dilation 1, stride 1 and the smallest group
     * count, the tables the medians at the others over it, and {@code unblocked} the median of the
     * cases the runtime runs outside its blocked layout over it. A class whose cases differ in size
     * alone takes its efficiency from the cases whose layers move the most bytes, and by_bytes from
     * the others: a second thread speeds up large kernels, not small ones.
     */
    private static Optional<DeviceProfile.ClassParams> fitClass(KernelClass k, List<Measured> cases, DeviceProfile sofar) {
        Map<Long, List<Double>> byDilation = new TreeMap<>();
        Map<Long, List<Double>> byGroups = new TreeMap<>();
        Map<Long, List<Double>> byStride = new TreeMap<>();
        NavigableMap<Long, List<Double>> bySize = new TreeMap<>();
        List<Double> unblocked = new ArrayList<>();
        for (Measured c : cases) {
            Latency l = Latency.of(c.network(), MemoryAccessCost.of(c.network()), sofar);
            List<Node> mine = classNodes(c, k);
            double others = l.total() - mine.stream().mapToDouble(n -> l.of(n).kernelSeconds()).sum();
            double per = Math.max((c.seconds() - others) / mine.size() - sofar.dispatchSeconds(k), 1e-9);
            double work = mine.stream().mapToDouble(n -> sofar.rooflineSeconds(l.of(n).flops(), l.of(n).bytes()))
                    .average().orElse(0);
            double ratio = Math.min(1, Math.max(1e-3, work / per));
            if (l.of(mine.get(0)).unblocked()) {
                unblocked.add(ratio);
            } else if (c.micro().stride() > 1) {
                byStride.computeIfAbsent(c.micro().stride(), s -> new ArrayList<>()).add(ratio);
            } else {
                byDilation.computeIfAbsent(c.micro().dilation(), d -> new ArrayList<>()).add(ratio);
                byGroups.computeIfAbsent(c.micro().groups(), g -> new ArrayList<>()).add(ratio);
                long bytes = Math.round(mine.stream().mapToDouble(n -> l.of(n).bytes()).average().orElse(0));
                bySize.computeIfAbsent(bytes, b -> new ArrayList<>()).add(ratio);
            }
        }
        if (byDilation.isEmpty()) {
            return Optional.empty();
        }
        boolean grouped = k == KernelClass.GROUPED_CONV;
        boolean sizesAlone = byDilation.size() == 1 && byGroups.size() == 1 && byStride.isEmpty();
        Map<Long, List<Double>> sweep = grouped ? byGroups : byDilation;
        double efficiency = sizesAlone ? largest(bySize) : median(sweep.values().iterator().next());
        NavigableMap<Long, Double> table = sweep.size() > 1 ? relative(sweep, efficiency) : new TreeMap<>();
        NavigableMap<Long, Double> strides = byStride.isEmpty() ? new TreeMap<>() : relative(byStride, efficiency);
        if (!strides.isEmpty()) {
            strides.put(1L, 1.0);
        }
        return Optional.of(new DeviceProfile.ClassParams(round(efficiency), Double.NaN,
                grouped ? new TreeMap<>() : table, grouped ? table : new TreeMap<>(), strides,
                sizesAlone ? sizes(bySize, efficiency) : new TreeMap<>(),
                unblocked.isEmpty() ? 1 : round(median(unblocked) / efficiency)));
    }

    /** The median ratio of the cases whose kernels move the most bytes: the size networks' time is in. */
    private static double largest(NavigableMap<Long, List<Double>> bySize) {
        return median(bySize.lastEntry().getValue());
    }

    /** by_bytes: each size's median ratio over the efficiency, when the cases come in more than one size. */
    private static NavigableMap<Long, Double> sizes(NavigableMap<Long, List<Double>> bySize, double efficiency) {
        return bySize.size() > 1 ? relative(bySize, efficiency) : new TreeMap<>();
    }

    /** Each key's median ratio over the class's efficiency. */
    private static NavigableMap<Long, Double> relative(Map<Long, List<Double>> ratios, double efficiency) {
        NavigableMap<Long, Double> table = new TreeMap<>();
        ratios.forEach((at, values) -> table.put(at, round(median(values) / efficiency)));
        return table;
    }

    /**
     * The reorder class from its cases: a case's time less the estimate of its layers is the time
     * of its reorders; at efficiency 1 they would take dispatch plus their copies at the bandwidth.
     * The efficiency is the median of the cases that copy the most bytes a reorder, and by_bytes the
     * median of each size of copy over it.
     */
    private static Optional<DeviceProfile.ClassParams> reorders(List<Measured> cases, DeviceProfile sofar) {
        NavigableMap<Long, List<Double>> byBytes = new TreeMap<>();
        for (Measured c : cases) {
            Latency l = Latency.of(c.network(), MemoryAccessCost.of(c.network()), sofar);
            if (l.reorderCount() == 0) {
                continue;
            }
            double dispatches = l.reorderCount() * sofar.dispatchSeconds(KernelClass.REORDER);
            double work = l.reorderBytes() / (sofar.bandwidthGbs() * 1e9);
            double time = Math.max(c.seconds() - (l.total() - l.reorderSeconds()) - dispatches, 1e-9);
            byBytes.computeIfAbsent(Math.round(l.reorderBytes() / l.reorderCount()), b -> new ArrayList<>())
                    .add(Math.min(1, Math.max(1e-3, work / time)));
        }
        if (byBytes.isEmpty()) {
            return Optional.empty();
        }
        double efficiency = largest(byBytes);
        return Optional.of(new DeviceProfile.ClassParams(round(efficiency), Double.NaN, new TreeMap<>(), new TreeMap<>(),
                new TreeMap<>(), sizes(byBytes, efficiency), 1));
    }

    private static List<Node> classNodes(Measured c, KernelClass k) {
        return c.network().nodes().stream().filter(n -> Latency.kernelClassOf(n).filter(k::equals).isPresent()).toList();
    }

    private static int layers(Measured c, KernelClass k) {
        return classNodes(c, k).size();
    }

    private static double bytes(Measured c, Node n) {
        return 4.0 * MemoryAccessCost.of(c.network()).of(n).total();
    }

    private static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double median(double[] values) {
        return new DescriptiveStatistics(values).getPercentile(50);
    }

    /** Three significant digits: a profile states what its measurements support. */
    private static double round(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v;
        }
        double scale = Math.pow(10, 2 - Math.floor(Math.log10(Math.abs(v))));
        return Math.round(v * scale) / scale;
    }
}
