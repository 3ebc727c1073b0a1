package org.netspec.ops;

import java.util.List;

/**
 * One chunk of {@code torch.chunk(x, chunks, dim=1)}: chunks of ceil(C / chunks) channels, the last
 * one smaller, and fewer chunks than asked for when C does not allow them (10 in 3 gives 4, 4, 2).
 */
public final class Chunk extends ChannelSelection {
    public static final Attribute<Long> CHUNKS = Attribute.integer("chunks", "chunks asked for, as torch.chunk").atLeast(1);
    public static final Attribute<Long> INDEX = Split.INDEX;

    Chunk() {
        super("chunk", "one chunk of the channels", CHUNKS, INDEX);
    }

    /** Chunk {@code index} of ceil(C / chunks) channels, the last one cut short, as torch.chunk makes them. */
    @Override
    protected Range range(Attributes a, Shape input) {
        long c = input.c();
        long size = -Math.floorDiv(-c, a.get(CHUNKS));
        long count = -Math.floorDiv(-c, size);
        long index = a.get(INDEX);
        if (index >= count) {
            throw new OperatorException("`index` " + index + " is out of range: " + c + " channels in chunks of " + size
                    + " make " + count + " chunks", INDEX.name());
        }
        return new Range(index * size, Math.min(size, c - index * size));
    }

    /** {@code x.chunk(chunks, dim=1)[index]}. */
    @Override
    public void writePyTorch(PyTorchWriter py, Attributes a, List<Shape> inputs, Shape output) {
        py.expression("{0}.chunk({1}, dim=1)[{2}]", PyTorchWriter.input(0), PyTorchWriter.value("chunks", a.get(CHUNKS)),
                PyTorchWriter.value("index", a.get(INDEX)));
    }
}
