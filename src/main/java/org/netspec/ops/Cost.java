package org.netspec.ops;

/**
 * What one execution of a node costs and owns, independent of any counting convention.
 *
 * @param params trainable parameters, as PyTorch's {@code parameters()} counts them
 * @param buffers non-trainable state (batch-norm running mean and variance)
 * @param macs multiply-accumulates of the convolution or linear product, without bias
 * @param macKind which product the MACs come from, so profiles can select them
 * @param biasAdds additions of a bias, one per output element of a biased layer
 * @param ops every other arithmetic operation, as {@link Operator#costRule()} documents per operator
 */
public record Cost(long params, long buffers, long macs, MacKind macKind, long biasAdds, long ops) {
    /** Which product a node's multiply-accumulates belong to. */
    public enum MacKind {
        NONE, CONV, CONV_TRANSPOSE, LINEAR
    }

    public static final Cost FREE = new Cost(0, 0, 0, MacKind.NONE, 0, 0);

    /** A node with no weights and only element-wise work. */
    public static Cost ops(long ops) {
        return new Cost(0, 0, 0, MacKind.NONE, 0, ops);
    }

    /** A node with weights and element-wise work but no product (batch norm, PReLU). */
    public static Cost weighted(long params, long buffers, long ops) {
        return new Cost(params, buffers, 0, MacKind.NONE, 0, ops);
    }

    public static Cost product(MacKind kind, long params, long macs, long biasAdds) {
        return new Cost(params, 0, macs, kind, biasAdds, 0);
    }
}
