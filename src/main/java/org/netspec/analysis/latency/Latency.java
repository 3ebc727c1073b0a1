package org.netspec.analysis.latency;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.netspec.analysis.Grouping;
import org.netspec.analysis.MemoryAccessCost;
import org.netspec.device.DeviceProfile;
import org.netspec.device.Fusion;
import org.netspec.device.KernelClass;
import org.netspec.graph.Edge;
import org.netspec.graph.Network;
import org.netspec.graph.Node;
import org.netspec.ops.BatchNorm;
import org.netspec.ops.Category;
import org.netspec.ops.Conv;
import org.netspec.ops.Cost;
import org.netspec.ops.MaxPool;
import org.netspec.ops.Pair;

/**
 * Estimated time of every node on a device: a roofline per kernel class plus a dispatch cost.
 * A node does {@code flops} (2 x MACs plus its other operations) and moves {@code bytes} (its
 * memory access cost times the element size); its class attains a fraction {@code e} of the
 * roofline, so it takes {@code dispatch + max(flops / (e * peak(flops)), bytes / (e * bandwidth))},
 * the peak being what a kernel doing that much work attains (small ones leave threads idle).
 * A node the runtime fuses into its producer costs nothing; inputs, views and unused nodes cost
 * nothing. A runtime with a blocked layout adds a copy for every tensor reordered between layouts
 * ({@link BlockedLayout}), charged to the node that reads it; a convolution in that layout computes
 * whole blocks of channels, and one outside it moves its im2col column matrix too; it, and a pooling
 * or bilinear up-sampling outside that layout, run at their class's {@code unblocked} efficiency. A pure
 * function of the network, its memory access cost and the profile.
 */
public final class Latency {
    /**
     * One node's estimate.
     *
     * @param kernelClass the class it runs as, empty when it runs no kernel
     * @param fused whether it runs inside its producer's kernel
     * @param flops floating-point operations, as the runtime does them (whole blocks of channels in a
     *     blocked layout)
     * @param bytes bytes read and written, weights included
     * @param unblocked whether the runtime runs it outside its blocked layout with a plain kernel of its
     *     kind (see {@link BlockedLayout#unblocked})
     * @param seconds estimated time
     * @param reorderSeconds the part of it spent reordering tensors between layouts
     */
    public record Estimate(Optional<KernelClass> kernelClass, boolean fused, double flops, double bytes,
            boolean unblocked, double efficiency, double seconds, double reorderSeconds) {
        static final Estimate NONE = new Estimate(Optional.empty(), false, 0, 0, false, 0, 0, 0);

        /** FLOPs per byte moved: where the node sits on the roofline's x axis. */
        public double arithmeticIntensity() {
            return bytes == 0 ? 0 : flops / bytes;
        }

        /** The time of the node's own kernel, without the reorders charged to it. */
        public double kernelSeconds() {
            return seconds - reorderSeconds;
        }
    }

    /** A group's name, nodes and summed estimated time. */
    public record Group(String name, List<Node> nodes, double seconds) {
    }

    private final Network network;
    private final DeviceProfile device;
    private final Map<Node, Estimate> perNode = new LinkedHashMap<>();
    private final double total;
    private final int reorders;
    private final double reorderBytes;

    private Latency(Network network, MemoryAccessCost access, DeviceProfile device) {
        this.network = network;
        this.device = device;
        Map<Node, Double> charged = new HashMap<>();
        BlockedLayout layout = device.layoutBlock() > 0 ? BlockedLayout.of(network, device.layoutBlock(), this::fused) : null;
        Map<Node, Node> reordered = layout == null ? Map.of() : layout.reorders();
        double copied = 0;
        for (Map.Entry<Node, Node> r : reordered.entrySet()) {
            double bytes = 2.0 * r.getKey().shape().elements() * device.elementBytes();
            charged.merge(r.getValue(), reorderSeconds(bytes), Double::sum);
            copied += bytes;
        }
        double sum = 0;
        for (Node n : network.nodes()) {
            long columns = layout == null ? 0 : layout.columnElements(n);
            Estimate e = estimate(n, layout == null ? Latency.flops(n) : layout.flops(n), access.of(n).total() + 2 * columns,
                    layout != null && layout.unblocked(n), charged.getOrDefault(n, 0.0));
            perNode.put(n, e);
            sum += e.seconds();
        }
        this.total = sum;
        this.reorders = reordered.size();
        this.reorderBytes = copied;
    }

    /** A reorder of a tensor, this many bytes read and written, as a reorder-class kernel. */
    private double reorderSeconds(double bytes) {
        return device.dispatchSeconds(KernelClass.REORDER) + bytes / (device.bandwidthGbs() * 1e9)
                / device.efficiency(KernelClass.REORDER, 1, 1, 1, bytes, false);
    }

    public static Latency of(Network network, MemoryAccessCost access, DeviceProfile device) {
        return new Latency(network, access, device);
    }

    public DeviceProfile device() {
        return device;
    }

    public Estimate of(Node node) {
        return perNode.get(node);
    }

    /** Estimated time of the whole network, in seconds. */
    public double total() {
        return total;
    }

    /** Tensors copied between layouts (see {@link BlockedLayout}). */
    public int reorderCount() {
        return reorders;
    }

    /** Bytes read and written by every copy between layouts. */
    public double reorderBytes() {
        return reorderBytes;
    }

    /** Estimated time of every copy between layouts, in seconds. */
    public double reorderSeconds() {
        return perNode.values().stream().mapToDouble(Estimate::reorderSeconds).sum();
    }

    /**
     * The node whose kernel runs this one: itself, or for a node fused into its producer's kernel
     * (a batch norm or activation after a convolution), the first node of that chain.
     */
    public Node kernelNode(Node node) {
        Node n = node;
        while (perNode.get(n).fused()) {
            n = n.inputs().get(0);
        }
        return n;
    }

    /**
     * The GFLOP/s a node's class can attain at its arithmetic intensity: the roofline
     * {@code min(peak, intensity x bandwidth)} scaled by the class's efficiency.
     */
    public double attainableGflops(Node node) {
        Estimate e = perNode.get(node);
        return e.efficiency() * Math.min(device.peakGflops(e.flops()), e.arithmeticIntensity() * device.bandwidthGbs());
    }

    /** Estimated time per kernel class, in seconds, every class present (0 when none runs). */
    public Map<KernelClass, Double> byClass() {
        Map<KernelClass, Double> out = new EnumMap<>(KernelClass.class);
        for (KernelClass k : KernelClass.values()) {
            out.put(k, 0.0);
        }
        perNode.values().forEach(e -> e.kernelClass().ifPresent(k -> out.merge(k, e.seconds(), Double::sum)));
        return out;
    }

    public List<Group> rollup(Grouping grouping) {
        List<Group> out = new ArrayList<>();
        for (Map.Entry<String, List<Node>> g : grouping.groups(network).entrySet()) {
            double s = 0;
            for (Node n : g.getValue()) {
                s += perNode.get(n).seconds();
            }
            out.add(new Group(g.getKey(), List.copyOf(g.getValue()), s));
        }
        return out;
    }

    /**
     * @param flops its floating-point operations as the runtime does them
     * @param elementsMoved its memory access cost, plus the column matrix im2col writes and reads
     * @param unblocked whether it runs outside the blocked layout with a plain kernel of its kind
     * @param reorder the time of the layout reorders charged to this node (see {@link BlockedLayout})
     */
    private Estimate estimate(Node n, double flops, long elementsMoved, boolean unblocked, double reorder) {
        Optional<KernelClass> k = kernelClassOf(n);
        if (k.isEmpty() || network.isUnused(n)) {
            return reorder == 0 ? Estimate.NONE : new Estimate(k, false, 0, 0, false, 0, reorder, reorder);
        }
        double bytes = (double) elementsMoved * device.elementBytes();
        if (fused(n)) {
            return new Estimate(k, true, flops, bytes, false, 0, reorder, reorder);
        }
        long dilation = 1;
        long groups = 1;
        long stride = 1;
        if (n.op().category() == Category.CONVOLUTION || n.op().category() == Category.TRANSPOSED_CONVOLUTION) {
            Pair d = n.attributes().get(Conv.DILATION);
            dilation = Math.max(d.h(), d.w());
            groups = n.attributes().get(Conv.GROUPS);
            Pair s = n.attributes().get(Conv.STRIDE);
            stride = Math.max(s.h(), s.w());
        }
        double eff = device.efficiency(k.get(), dilation, groups, stride, bytes, unblocked);
        double work = device.rooflineSeconds(flops, bytes) / eff;
        return new Estimate(k, false, flops, bytes, unblocked, eff, device.dispatchSeconds(k.get()) + work + reorder, reorder);
    }

    /** A node's floating-point operations: 2 per MAC, plus bias adds and every other operation. */
    public static double flops(Node n) {
        Cost c = n.cost();
        return 2.0 * c.macs() + c.biasAdds() + c.ops();
    }

    /** The kernel class a node runs as; empty for inputs and views. */
    public static Optional<KernelClass> kernelClassOf(Node n) {
        return Optional.ofNullable(switch (n.op().category()) {
            case INPUT, PASS_THROUGH -> null;
            case CONVOLUTION -> switch (Conv.connectivity(n.attributes(), n.inputShapes().get(0))) {
                case DEPTHWISE -> KernelClass.DEPTHWISE_CONV;
                case GROUPED -> KernelClass.GROUPED_CONV;
                case DENSE -> n.attributes().get(Conv.KERNEL).equals(Pair.square(1))
                        ? KernelClass.POINTWISE_CONV : KernelClass.DENSE_CONV;
            };
            case TRANSPOSED_CONVOLUTION -> KernelClass.TRANSPOSED_CONV;
            case LINEAR -> KernelClass.POINTWISE_CONV;
            case ACTIVATION -> n.op().name().equals("prelu") ? KernelClass.PRELU : KernelClass.ELEMENT_WISE;
            case NORMALISATION, ELEMENT_WISE -> KernelClass.ELEMENT_WISE;
            case POOLING -> n.op() instanceof MaxPool && n.attributes().get(MaxPool.INDICES)
                    ? KernelClass.POOLING_INDICES : KernelClass.POOLING;
            case RESAMPLING -> KernelClass.RESIZE;
            case DATA_MOVEMENT -> KernelClass.COPY;
        });
    }

    /**
     * Whether the runtime runs a node inside its producer's kernel: batch norm or a fusable
     * activation ({@link Fusion#ACTIVATIONS}) after a convolution (through a fused batch norm), or
     * such an activation after a sum or product, when the producer feeds nothing else.
     */
    private boolean fused(Node n) {
        Category cat = n.op().category();
        boolean fusable = cat == Category.ACTIVATION ? Fusion.ACTIVATIONS.contains(n.op().name())
                : n.op() instanceof BatchNorm;
        if (n.inputs().size() != 1 || !fusable) {
            return false;
        }
        Node p = n.inputs().get(0);
        if (network.graph().outgoingEdgesOf(p).stream().map(Edge::target).distinct().count() != 1) {
            return false;
        }
        Category pc = p.op().category();
        boolean conv = pc == Category.CONVOLUTION || pc == Category.TRANSPOSED_CONVOLUTION;
        if (device.fusions().contains(Fusion.CONV_BN_ACT)) {
            if (conv || (cat == Category.ACTIVATION && pc == Category.NORMALISATION && fused(p))) {
                return true;
            }
        }
        return device.fusions().contains(Fusion.ADD_ACT) && cat == Category.ACTIVATION && pc == Category.ELEMENT_WISE;
    }
}
