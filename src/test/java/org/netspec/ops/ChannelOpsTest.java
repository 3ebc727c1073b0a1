package org.netspec.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.netspec.ops.SpecNode.failsOn;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChannelOpsTest {
    private static final Shape MAP = Shape.nchw(1, 64, 32, 32);

    @Test
    void concatAddsChannels() {
        SpecNode cat = SpecNode.of("concat");
        // 16 + 48 channels
        assertEquals(Shape.nchw(1, 64, 8, 8), cat.shape(Shape.nchw(1, 16, 8, 8), Shape.nchw(1, 48, 8, 8)));
        assertEquals(Cost.FREE, cat.cost(Shape.nchw(1, 16, 8, 8), Shape.nchw(1, 48, 8, 8)));
        assertEquals(Shape.of(2, 30), cat.shape(Shape.of(2, 10), Shape.of(2, 20)));
    }

    @Test
    void concatRejectsSpatialMismatch() {
        SpecNode cat = SpecNode.of("concat");
        // a 65 map after a stride-2 conv is 33 but after a 2x2 pool is 32
        assertThrows(OperatorException.class, () -> cat.shape(Shape.nchw(1, 16, 33, 33), Shape.nchw(1, 16, 32, 32)));
        assertThrows(OperatorException.class, () -> cat.shape(Shape.nchw(1, 16, 8, 8), Shape.of(1, 16)));
    }

    @Test
    void addCountsOneOpPerOutputForEachExtraInput() {
        SpecNode add = SpecNode.of("add");
        assertEquals(MAP, add.shape(MAP, MAP));
        // (2 - 1)*64*32*32
        assertEquals(64L * 32 * 32, add.cost(MAP, MAP).ops());
        // (3 - 1)*64*32*32
        assertEquals(2L * 64 * 32 * 32, add.cost(MAP, MAP, MAP).ops());
    }

    @Test
    void mulBroadcastsAChannelGate() {
        SpecNode mul = SpecNode.of("mul");
        Shape gate = Shape.nchw(1, 64, 1, 1);
        assertEquals(MAP, mul.shape(MAP, gate));
        assertEquals(MAP, mul.shape(gate, MAP));
        // one multiply per output element: 64*32*32
        assertEquals(64L * 32 * 32, mul.cost(MAP, gate).ops());
    }

    @Test
    void elementWiseRejectsMismatchedShapes() {
        SpecNode add = SpecNode.of("add");
        assertThrows(OperatorException.class, () -> add.shape(MAP, Shape.nchw(1, 32, 32, 32)));
        assertThrows(OperatorException.class, () -> add.shape(MAP, Shape.nchw(1, 64, 16, 16)));
        assertThrows(OperatorException.class, () -> add.shape(MAP, Shape.of(1, 64)));
    }

    @Test
    void splitTakesOnePart() {
        SpecNode second = SpecNode.of("split", Map.of("sizes", List.of(16L, 48L), "index", 1L));
        assertEquals(Shape.nchw(1, 48, 32, 32), second.shape(MAP));
        assertEquals(Cost.FREE, second.cost(MAP));
        SpecNode first = SpecNode.of("split", Map.of("sizes", List.of(3L, 7L), "index", 0L));
        assertEquals(Shape.of(4, 3), first.shape(Shape.of(4, 10)));
    }

    @Test
    void splitSizesMustCoverTheChannels() {
        // 16 + 32 != 64
        failsOn("sizes", () -> SpecNode.of("split", Map.of("sizes", List.of(16L, 32L), "index", 0L)).shape(MAP));
        failsOn("index", () -> SpecNode.of("split", Map.of("sizes", List.of(32L, 32L), "index", 2L)).shape(MAP));
        failsOn("sizes", () -> SpecNode.of("split", Map.of("sizes", List.of(0L, 64L), "index", 0L)));
    }

    @Test
    void chunkFollowsTorchChunk() {
        Shape ten = Shape.nchw(1, 10, 4, 4);
        // ceil(10/3) = 4 channels per chunk: 4, 4, 10 - 8 = 2
        long[] sizes = {4, 4, 2};
        for (int i = 0; i < sizes.length; i++) {
            SpecNode chunk = SpecNode.of("chunk", Map.of("chunks", 3L, "index", (long) i));
            assertEquals(Shape.nchw(1, sizes[i], 4, 4), chunk.shape(ten));
            assertEquals(Cost.FREE, chunk.cost(ten));
        }
        failsOn("index", () -> SpecNode.of("chunk", Map.of("chunks", 3L, "index", 3L)).shape(ten));
    }

    @Test
    void chunkCanMakeFewerChunksThanAsked() {
        Shape five = Shape.of(2, 5);
        // ceil(5/4) = 2 per chunk: 2, 2, 1, and no fourth chunk
        assertEquals(Shape.of(2, 1), SpecNode.of("chunk", Map.of("chunks", 4L, "index", 2L)).shape(five));
        failsOn("index", () -> SpecNode.of("chunk", Map.of("chunks", 4L, "index", 3L)).shape(five));
    }

    @Test
    void sliceTakesARangeOfChannels() {
        // [16, 48): 32 channels
        assertEquals(Shape.nchw(1, 32, 32, 32), SpecNode.of("slice", Map.of("start", 16L, "end", 48L)).shape(MAP));
        // [16, 64): 48 channels
        assertEquals(Shape.nchw(1, 48, 32, 32), SpecNode.of("slice", Map.of("start", 16L)).shape(MAP));
        assertEquals(Shape.of(3, 2), SpecNode.of("slice", Map.of("start", 1L, "end", 3L)).shape(Shape.of(3, 5)));
        assertEquals(Cost.FREE, SpecNode.of("slice", Map.of("start", 16L)).cost(MAP));
    }

    @Test
    void sliceMustBeNonEmptyAndInside() {
        failsOn("end", () -> SpecNode.of("slice", Map.of("start", 0L, "end", 65L)).shape(MAP));
        failsOn("start", () -> SpecNode.of("slice", Map.of("start", 32L, "end", 32L)).shape(MAP));
        failsOn("start", () -> SpecNode.of("slice", Map.of("start", 64L)).shape(MAP));
        failsOn("start", () -> SpecNode.of("slice", Map.of("start", -1L)));
    }

    @Test
    void channelShuffleNeedsDivisibleChannels() {
        SpecNode shuffle = SpecNode.of("channel_shuffle", Map.of("groups", 4L));
        assertEquals(MAP, shuffle.shape(MAP));
        assertEquals(Cost.FREE, shuffle.cost(MAP));
        // 64 % 3 != 0
        failsOn("groups", () -> SpecNode.of("channel_shuffle", Map.of("groups", 3L)).shape(MAP));
    }

    @Test
    void padAppendsZeroChannelsAndBorders() {
        // ENet: a 16-channel max-pooled shortcut padded to 64
        SpecNode channels = SpecNode.of("pad", Map.of("channels", 48L));
        Shape shortcut = Shape.nchw(1, 16, 128, 256);
        assertEquals(Shape.nchw(1, 64, 128, 256), channels.shape(shortcut));
        assertEquals(Cost.FREE, channels.cost(shortcut));
        SpecNode borders = SpecNode.of("pad", Map.of("spatial", List.of(1L, 2L, 3L, 4L)));
        // H 32 + 1 + 2, W 32 + 3 + 4
        assertEquals(Shape.nchw(1, 64, 35, 39), borders.shape(MAP));
        assertEquals(MAP, SpecNode.of("pad").shape(MAP));
    }

    @Test
    void padSpatialNeedsFourEntries() {
        failsOn("spatial", () -> SpecNode.of("pad", Map.of("spatial", List.of(1L, 1L, 1L))).shape(MAP));
        failsOn("spatial", () -> SpecNode.of("pad", Map.of("spatial", List.of(1L, -1L, 0L, 0L))));
        failsOn("channels", () -> SpecNode.of("pad", Map.of("channels", -1L)));
    }
}
