package org.netspec.exec;

import java.util.HashMap;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.netspec.graph.Node;
import org.netspec.ops.Activation;
import org.netspec.ops.AdaptivePool;
import org.netspec.ops.AvgPool;
import org.netspec.ops.BatchNorm;
import org.netspec.ops.ChannelShuffle;
import org.netspec.ops.Concat;
import org.netspec.ops.Conv;
import org.netspec.ops.ConvTranspose;
import org.netspec.ops.ElementWise;
import org.netspec.ops.GlobalPool;
import org.netspec.ops.MaxPool;
import org.netspec.ops.Operator;
import org.netspec.ops.PerChannel;
import org.netspec.ops.PRelu;
import org.netspec.ops.Tensor;
import org.netspec.ops.TunableActivation;
import org.netspec.ops.Upsample;

/**
 * The registry of fast kernels: for each operator that has one, how to build it and the bytes it
 * holds besides its output while it runs (for the memory plan). Every other operator runs its
 * reference kernel, which holds nothing besides its output.
 */
final class FastKernels {
    /** Builds an operator's fast kernel with the executor's convolution core and threads. */
    @FunctionalInterface
    private interface Factory<T extends Operator> {
        Kernel of(T op, FastKernels tools);
    }

    /** One operator class's fast kernel and its working memory. */
    private record Entry<T extends Operator>(Class<T> type, Factory<T> factory, ToLongFunction<Node> scratchBytes) {
        Kernel kernel(Operator op, FastKernels tools) {
            return factory.of(type.cast(op), tools);
        }
    }

    private static final Map<Class<? extends Operator>, Entry<?>> REGISTRY = new HashMap<>();
    private static final ToLongFunction<Node> NO_SCRATCH = n -> 0;

    static {
        register(Conv.class, (op, k) -> new ConvKernel(k.core, k.parallel, k.buffers, Epilogue.NONE),
                n -> ConvKernel.scratchBytes(n.attributes(), n.inputs().get(0).shape()));
        register(ConvTranspose.class, (op, k) -> new ConvTransposeKernel(k.core, k.parallel),
                n -> ConvTransposeKernel.scratchBytes(n.attributes(), n.inputs().get(0).shape()));
        register(BatchNorm.class, (op, k) -> k.planes.perChannel(op), NO_SCRATCH);
        register(PRelu.class, (op, k) -> k.planes.perChannel(op), NO_SCRATCH);
        register(Activation.class, (op, k) -> k.planes.perChannel(op), NO_SCRATCH);
        register(TunableActivation.class, (op, k) -> k.planes.perChannel(op), NO_SCRATCH);
        register(ElementWise.class, (op, k) -> k.planes.elementWise(op, Epilogue.NONE), NO_SCRATCH);
        register(Concat.class, (op, k) -> k.copies.concat(op::compute, Epilogue.NONE), NO_SCRATCH);
        register(ChannelShuffle.class, (op, k) -> k.copies.shuffle(op::compute, Epilogue.NONE), NO_SCRATCH);
        register(Upsample.class, (op, k) -> k.planes.upsample(op),
                n -> Upsample.isBilinear(n.attributes()) ? 0 : ChannelSlices.scratchBytes(n));
        register(MaxPool.class, (op, k) -> k.slices.of(op), ChannelSlices::scratchBytes);
        register(AvgPool.class, (op, k) -> k.pools.average(op), NO_SCRATCH);
        register(AdaptivePool.class, (op, k) -> k.pools.adaptive(op), NO_SCRATCH);
        register(GlobalPool.class, (op, k) -> k.pools.global(op), NO_SCRATCH);
    }

    private static <T extends Operator> void register(Class<T> type, Factory<T> factory, ToLongFunction<Node> scratchBytes) {
        REGISTRY.put(type, new Entry<>(type, factory, scratchBytes));
    }

    private final ConvCore core;
    private final Parallel parallel;
    private final Buffers buffers;
    private final PlaneKernels planes;
    private final ChannelSlices slices;
    private final PoolKernels pools;
    private final ChannelCopies copies;

    /** Kernels whose every array is a new one. */
    FastKernels(ConvCore core, Parallel parallel) {
        this(core, parallel, new Buffers(0));
    }

    /** @param buffers where the kernels' outputs and working copies come from */
    FastKernels(ConvCore core, Parallel parallel, Buffers buffers) {
        this.core = core;
        this.parallel = parallel;
        this.buffers = buffers;
        this.planes = new PlaneKernels(parallel, buffers);
        this.slices = new ChannelSlices(parallel);
        this.pools = new PoolKernels(parallel, buffers);
        this.copies = new ChannelCopies(parallel, buffers);
    }

    /** The operator's fast kernel, or its reference kernel when it has none. */
    Kernel of(Operator op) {
        Entry<?> entry = REGISTRY.get(op.getClass());
        return entry == null ? op::compute : entry.kernel(op, this);
    }

    /**
     * The operator's kernel followed by {@code epilogue} on its output: inside a convolution's
     * output loop, or an element-wise, concatenation, shuffle or per-channel kernel's plane loop;
     * otherwise on each output plane in place (on a copy if the kernel handed back an input's values).
     */
    Kernel fused(Operator op, Epilogue epilogue) {
        if (op instanceof Conv) {
            return new ConvKernel(core, parallel, buffers, epilogue);
        }
        if (op instanceof PerChannel p) {
            return planes.perChannel(p, epilogue);
        }
        if (op instanceof ElementWise e) {
            return planes.elementWise(e, epilogue);
        }
        if (op instanceof Concat) {
            return copies.concat(op::compute, epilogue);
        }
        if (op instanceof ChannelShuffle) {
            return copies.shuffle(op::compute, epilogue);
        }
        Kernel kernel = of(op);
        return (a, inputs, weights) -> {
            Tensor y = kernel.compute(a, inputs, weights);
            for (Tensor x : inputs) {
                if (x.data() == y.data()) {
                    y = new Tensor(y.shape(), y.data().clone(), y.indices());
                }
            }
            return PlaneKernels.applied(parallel, y, epilogue);
        };
    }

    /** Bytes a node's kernel allocates besides its output while it runs. */
    static long scratchBytes(Node node) {
        Entry<?> entry = REGISTRY.get(node.op().getClass());
        return entry == null ? 0 : entry.scratchBytes().applyAsLong(node);
    }
}
