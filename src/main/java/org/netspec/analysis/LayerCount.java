package org.netspec.analysis;

/**
 * Counts of a node, a group of nodes or a network under one profile.
 *
 * @param params trainable parameters
 * @param buffers non-trainable state (batch-norm running statistics)
 * @param macs multiply-accumulates
 * @param flops 2 x macs
 * @param ops every other operation
 */
public record LayerCount(long params, long buffers, long macs, long flops, long ops) {
    public static final LayerCount ZERO = new LayerCount(0, 0, 0, 0, 0);

    public static LayerCount of(long params, long buffers, long macs, long ops) {
        return new LayerCount(params, buffers, macs, Math.multiplyExact(2, macs), ops);
    }

    /** The parameters and buffers alone: a node that is built but never runs. */
    public LayerCount storageOnly() {
        return new LayerCount(params, buffers, 0, 0, 0);
    }

    public LayerCount plus(LayerCount o) {
        return new LayerCount(Math.addExact(params, o.params), Math.addExact(buffers, o.buffers),
                Math.addExact(macs, o.macs), Math.addExact(flops, o.flops), Math.addExact(ops, o.ops));
    }
}
