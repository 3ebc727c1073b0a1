package org.netspec.ops;

import java.util.List;

/**
 * One chunk of {@code torch.chunk(x, chunks, dim=1)}: chunks of ceil(C / chunks) channels, the last
 * one smaller, and fewer chunks than asked for when C does not allow them (10 in 3 gives 4, 4, 2).
 */
public final class Chunk extends Operator {
    public static final Attribute<Long> CHUNKS = Attribute.integer("chunks", "chunks asked for, as torch.chunk").atLeast(1);
    public static final Attribute<Long> INDEX = Split.INDEX;

    Chunk() {
        super("chunk", "one chunk of the channels", 1, 1, CHUNKS, INDEX);
    }

    @Override
    public Shape outputShape(Attributes a, List<Shape> inputs) {
        Shape in = inputs.get(0);
        long c = in.c();
        long size = -Math.floorDiv(-c, a.get(CHUNKS));
        long count = -Math.floorDiv(-c, size);
        long index = a.get(INDEX);
        if (index >= count) {
            throw new OperatorException("`index` " + index + " is out of range: " + c + " channels in chunks of " + size
                    + " make " + count + " chunks", INDEX.name());
        }
        return in.withChannels(Math.min(size, c - index * size));
    }

    @Override
    public Cost cost(Attributes a, List<Shape> inputs, Shape out) {
        return Cost.FREE;
    }

    @Override
    public String costRule() {
        return "0 ops: a view of some channels";
    }

    /** Chunk {@code index} of ceil(C / chunks) channels, the last one cut short. */
    @Override
    public Tensor compute(Attributes a, List<Tensor> inputs, List<float[]> weights) {
        Tensor x = inputs.get(0);
        int c = x.dim(1);
        int chunks = Math.toIntExact(a.get(CHUNKS));
        int size = (c + chunks - 1) / chunks;
        int start = Math.toIntExact(a.get(INDEX)) * size;
        return Slice.channels(x, start, Math.min(start + size, c));
    }

    /** Copies out only the selected channels, so it reads as much as it writes. */
    @Override
    public long elementsRead(Attributes a, List<Shape> inputs, Shape output) {
        return output.elements();
    }

    @Override
    public AxisMap axisMap(Attributes a, List<Shape> inputs, Shape output, int port, boolean heightAxis) {
        return AxisMap.IDENTITY;
    }

    @Override
    public ChannelFlow channelFlow(Attributes a, List<Shape> inputs, Shape output) {
        long size = -Math.floorDiv(-inputs.get(0).c(), a.get(CHUNKS));
        return new ChannelFlow.Selected(a.get(INDEX) * size, output.c());
    }
}
