package org.netspec.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.netspec.ops.Shape;
import org.netspec.ops.Tensor;

/**
 * The codec against the format as its specification states it: byte layouts derived by hand,
 * round trips, the float conversions, and the checks a file must pass before any data is read.
 */
class SafeTensorsFormatTest {
    private static final SafeTensorsFile.Limits GENEROUS = new SafeTensorsFile.Limits(SafeTensorsFile.MAX_HEADER_BYTES,
            1L << 30);

    @TempDir
    Path dir;

    /** A file: the 8-byte little-endian header length, the header as given (no padding added), the data. */
    static byte[] file(String header, byte... data) {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(json.length).put(json).put(data).array();
    }

    private Path saved(byte[] bytes) throws IOException {
        Path p = Files.createTempFile(dir, "t", ".safetensors");
        Files.write(p, bytes);
        return p;
    }

    private static byte[] written(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SafeTensorsWriter.write(out, tensors, metadata);
        return out.toByteArray();
    }

    @Test
    void aTwoElementTensorIsWrittenByteForByteAsTheFormatStates() throws IOException {
        // {"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}} is 54 bytes; padded with 2 spaces to 56 = 0x38;
        // 1.0f is 0x3F800000 and -2.0f 0xC0000000, little-endian.
        byte[] expected = new byte[8 + 56 + 8];
        expected[0] = 0x38;
        byte[] header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}  ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, expected, 8, 56);
        byte[] data = {0x00, 0x00, (byte) 0x80, 0x3F, 0x00, 0x00, 0x00, (byte) 0xC0};
        System.arraycopy(data, 0, expected, 64, 8);
        assertArrayEquals(expected, written(Map.of("a", Tensor.of(Shape.of(2), new float[] {1f, -2f})), Map.of()));
        try (SafeTensorsFile f = SafeTensorsFile.open(saved(expected), GENEROUS)) {
            TensorEntry a = f.tensor("a").orElseThrow();
            assertEquals(new TensorEntry("a", DType.F32, List.of(2L), 0, 8), a);
            assertArrayEquals(new float[] {1f, -2f}, f.floats(a));
        }
    }

    @Test
    void tensorsAreSortedByNameLaidOutBackToBackAndMetadataComesFirst() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("b", Tensor.of(Shape.of(1), new float[] {5f}));
        tensors.put("a.weight", Tensor.of(Shape.of(1, 2), new float[] {3f, 4f}));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", "pt");
        byte[] bytes = written(tensors, metadata);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "the data starts 8-byte aligned");
        assertEquals("{\"__metadata__\":{\"format\":\"pt\"},\"a.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", new String(bytes, 8, (int) n,
                        StandardCharsets.UTF_8).stripTrailing());
        ByteBuffer data = ByteBuffer.wrap(bytes, 8 + (int) n, 12).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(3f, data.getFloat());
        assertEquals(4f, data.getFloat());
        assertEquals(5f, data.getFloat());
        try (SafeTensorsFile f = SafeTensorsFile.open(saved(bytes), GENEROUS)) {
            assertEquals(Map.of("format", "pt"), f.metadata());
        }
    }

    @Test
    void aRoundTripKeepsEveryBit() throws IOException {
        SplittableRandom random = new SplittableRandom(11);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            Shape s = Shape.of(1 + random.nextInt(4), 1 + random.nextInt(300));
            float[] v = new float[(int) s.elements()];
            for (int j = 0; j < v.length; j++) {
                v[j] = Float.intBitsToFloat(random.nextInt());
            }
            tensors.put("layer" + i + ".weight", Tensor.of(s, v));
        }
        try (SafeTensorsFile f = SafeTensorsFile.open(saved(written(tensors, Map.of("k", "v"))), GENEROUS)) {
            assertEquals(tensors.size(), f.tensors().size());
            for (Map.Entry<String, Tensor> t : tensors.entrySet()) {
                TensorEntry e = f.tensor(t.getKey()).orElseThrow();
                assertEquals(t.getValue().shape().toList(), e.shape());
                float[] back = f.floats(e);
                for (int j = 0; j < back.length; j++) {
                    assertEquals(Float.floatToRawIntBits(t.getValue().data()[j]), Float.floatToRawIntBits(back[j]));
                }
            }
        }
    }

    @Test
    void halfBfloatAndDoubleReadAsFloat() throws IOException {
        // binary16: 0x3C00 = 1, 0xC000 = -2, 0x7BFF = 65504 (largest), 0x0001 = 2^-24 (smallest subnormal),
        // 0x8000 = -0, 0x7C00 = +inf, 0x3555 = 1365/4096 (0x155 = 341 -> (1 + 341/1024) x 2^-2).
        short[] half = {0x3C00, (short) 0xC000, 0x7BFF, 0x0001, (short) 0x8000, 0x7C00, 0x3555};
        float[] halfValues = {1f, -2f, 65504f, 0x1p-24f, -0f, Float.POSITIVE_INFINITY, 1365f / 4096};
        // bfloat16 is the top half of a float32: 0x3F80 = 1, 0xC040 = -3.
        short[] bf = {0x3F80, (short) 0xC040};
        double[] doubles = {0.1, -1e300};
        ByteBuffer data = ByteBuffer.allocate(14 + 4 + 16).order(ByteOrder.LITTLE_ENDIAN);
        for (short h : half) {
            data.putShort(h);
        }
        for (short b : bf) {
            data.putShort(b);
        }
        for (double d : doubles) {
            data.putDouble(d);
        }
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[7],\"data_offsets\":[0,14]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[14,18]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[18,34]}}";
        try (SafeTensorsFile f = SafeTensorsFile.open(saved(file(header, data.array())), GENEROUS)) {
            float[] h = f.floats(f.tensor("h").orElseThrow());
            for (int i = 0; i < h.length; i++) {
                assertEquals(Float.floatToRawIntBits(halfValues[i]), Float.floatToRawIntBits(h[i]), "half " + i);
            }
            assertArrayEquals(new float[] {1f, -3f}, f.floats(f.tensor("b").orElseThrow()));
            assertArrayEquals(new float[] {0.1f, Float.NEGATIVE_INFINITY}, f.floats(f.tensor("d").orElseThrow()));
        }
    }

    @Test
    void everySubnormalAndNormalHalfConvertsExactly() {
        for (int bits = 0; bits < 0x7C00; bits++) {
            int exponent = bits >> 10;
            int mantissa = bits & 0x3ff;
            double expected = exponent == 0 ? mantissa * Math.pow(2, -24) : (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
            assertEquals(expected, DType.halfToFloat((short) bits), 0, Integer.toHexString(bits));
            assertEquals(-expected, DType.halfToFloat((short) (bits | 0x8000)), 0, Integer.toHexString(bits));
        }
        assertTrue(Float.isNaN(DType.halfToFloat((short) 0x7E00)));
    }

    @Test
    void scalarsZeroSizedTensorsAndAnEmptyFileAreValid() throws IOException {
        String header = "{\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"z\":{\"dtype\":\"F32\",\"shape\":[0,3],\"data_offsets\":[8,8]}}";
        try (SafeTensorsFile f = SafeTensorsFile.open(saved(file(header, new byte[8])), GENEROUS)) {
            assertEquals(1, f.tensor("n").orElseThrow().elements());
            assertEquals("[]", f.tensor("n").orElseThrow().shapeText());
            assertEquals(0, f.floats(f.tensor("z").orElseThrow()).length);
        }
        try (SafeTensorsFile f = SafeTensorsFile.open(saved(file("{}")), GENEROUS)) {
            assertTrue(f.tensors().isEmpty());
        }
    }

    private String refusal(byte[] bytes) throws IOException {
        return refusal(bytes, GENEROUS);
    }

    private String refusal(byte[] bytes, SafeTensorsFile.Limits limits) throws IOException {
        Path p = saved(bytes);
        SafeTensorsException e = assertThrows(SafeTensorsException.class, () -> SafeTensorsFile.open(p, limits).close());
        assertEquals(1, e.lines().size(), e::getMessage);
        String line = e.lines().get(0);
        String prefix = p + ": error: ";
        assertTrue(line.startsWith(prefix), line);
        return line.substring(prefix.length());
    }

    private static final String A = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    @Test
    void lengthsThatLieAreRefusedBeforeAnythingIsRead() throws IOException {
        assertEquals("the file is 5 bytes, shorter than the 8-byte header length a safetensors file starts with",
                refusal(new byte[5]));
        byte[] claimsGigabytes = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(3L << 30).array();
        assertEquals("the header length field claims 3221225472 bytes but only 8 follow it (a truncated file, or not "
                + "safetensors)", refusal(claimsGigabytes));
        byte[] claimsAll = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L).array();
        assertTrue(refusal(claimsAll).startsWith("the header length field claims 18446744073709551615 bytes but only 0"));
        byte[] truncated = file("{" + A + "}", new byte[5]);
        assertEquals("the header declares 8 bytes of tensor data but the file holds 5 after the header (a truncated "
                + "file, or a header that lies)", refusal(truncated));
        assertEquals("the file holds 3 bytes after the last tensor, which no tensor owns",
                refusal(file("{" + A + "}", new byte[11])));
        assertEquals("the header is 58 bytes, more than the limit of 57",
                refusal(file("{" + A + "}    ", new byte[8]), new SafeTensorsFile.Limits(57, 1 << 20)));
    }

    @Test
    void aTensorLargerThanTheMemoryLimitIsRefusedBeforeItIsRead() throws IOException {
        // 2 F16 elements take 8 bytes as float32: one byte over a limit of 7.
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
        assertTrue(refusal(file(header, new byte[4]), new SafeTensorsFile.Limits(1000, 7))
                .startsWith("its tensors take 0.0 MiB as float32 but at most 0.0 MiB may be read"));
        try (SafeTensorsFile f = SafeTensorsFile.open(saved(file(header, new byte[4])), new SafeTensorsFile.Limits(1000, 8))) {
            assertEquals(2, f.floats(f.tensor("h").orElseThrow()).length);
        }
    }

    @Test
    void aSparseFileDeclaringGigabytesIsRefusedByTheLimitNotRead() throws IOException {
        // 2^31 F32 elements: 8 GiB, as large as the file claims, but nothing behind it is ever read.
        String header = "{\"big\":{\"dtype\":\"F32\",\"shape\":[2,1073741824],\"data_offsets\":[0,8589934592]}}";
        Path p = saved(file(header));
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(Files.size(p) + (8L << 30));
        }
        SafeTensorsException e = assertThrows(SafeTensorsException.class,
                () -> SafeTensorsFile.open(p, new SafeTensorsFile.Limits(1000, 1L << 30)));
        assertTrue(e.getMessage().contains("its tensors take 8192.0 MiB as float32 but at most 1024.0 MiB may be read"),
                e::getMessage);
        SafeTensorsException array = assertThrows(SafeTensorsException.class,
                () -> SafeTensorsFile.open(p, new SafeTensorsFile.Limits(1000, Long.MAX_VALUE)));
        assertTrue(array.getMessage().contains("tensor `big` has 2147483648 elements, more than a Java array holds"),
                array::getMessage);
    }

    @Test
    void headersThatLieAboutTheirTensorsAreRefusedWithWhatIsWrong() throws IOException {
        assertEquals("tensor `a` is F32 3 (12 bytes) but its data_offsets [0, 8] span 8 bytes",
                refusal(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8])));
        assertEquals("tensors `a` [0, 8] and `b` [4, 12] overlap", refusal(file("{" + A
                + ",\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12])));
        assertEquals("bytes 8 to 12 of the data belong to no tensor (after `a`, tensor `b` starts at 12)", refusal(file("{"
                + A + ",\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", new byte[16])));
        assertEquals("bytes 0 to 4 of the data belong to no tensor (the first tensor `a` starts at 4)",
                refusal(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12])));
        assertTrue(refusal(file("{\"a\":{\"dtype\":\"F42\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]))
                .startsWith("tensor `a` has an unknown dtype `F42` (the safetensors types are BOOL, U8,"));
        assertEquals("`a` is declared twice in the header", refusal(file("{" + A + "," + A + "}", new byte[8])));
        assertEquals("tensor `a`: `data_offsets` is [begin, end] with begin <= end, got [8, 0]",
                refusal(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", new byte[8])));
        assertEquals("tensor `a`: `shape` is a list of non-negative integers below 2^63, got -2",
                refusal(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[-2],\"data_offsets\":[0,8]}}", new byte[8])));
        assertEquals("tensor `a`: `data_offsets` is a list of non-negative integers below 2^63, got 18446744073709551616",
                refusal(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,18446744073709551616]}}")));
        assertEquals("tensor `a`: `shape` is a list of non-negative integers below 2^63, got 2.0",
                refusal(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}", new byte[8])));
        assertEquals("tensor `a`: its shape [4294967296, 4294967296] has more bytes than 64 bits count", refusal(file(
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", new byte[8])));
        assertEquals("tensor `a` has no `data_offsets`", refusal(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}")));
        assertEquals("tensor `a` has an unknown key `offsets` (expected dtype, shape, data_offsets)",
                refusal(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"offsets\":[0,8]}}", new byte[8])));
        assertEquals("tensor `a` declares `shape` twice",
                refusal(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8])));
        assertEquals("tensor `a` is not an object {dtype, shape, data_offsets}", refusal(file("{\"a\":[1,2]}")));
        assertEquals("`__metadata__` maps names to strings, but `epochs` is not a string",
                refusal(file("{\"__metadata__\":{\"epochs\":3}}")));
    }

    @Test
    void headersThatAreNotJsonObjectsAreRefused() throws IOException {
        assertEquals("the header is not a JSON object mapping tensor names to {dtype, shape, data_offsets}",
                refusal(file("[1, 2]")));
        assertEquals("the header is not a JSON object mapping tensor names to {dtype, shape, data_offsets}",
                refusal(file("")));
        assertEquals("the header holds more than one JSON value", refusal(file("{}{}")));
        assertTrue(refusal(file("{\"a\" 1}")).startsWith("the header is not valid JSON: Unexpected character"));
        assertTrue(refusal(file("{} \u0000")).startsWith("the header is not valid JSON: "));
        byte[] notUtf8 = file("{\"a\":{}}");
        notUtf8[10] = (byte) 0xFF;
        assertEquals("the header is not UTF-8 text (byte 10 of the file)", refusal(notUtf8));
    }

    @Test
    void everyMutationOfAValidFileIsReadOrRefusedInOneLine() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("c.weight", Tensor.of(Shape.of(2, 3), new float[] {1, 2, 3, 4, 5, 6}));
        tensors.put("c.bias", Tensor.of(Shape.of(2), new float[] {7, 8}));
        byte[] valid = written(tensors, Map.of("format", "pt"));
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 1000; i++) {
            // a new file each time: rewriting one file makes the file system flush on every truncation
            Path p = dir.resolve("mutant" + i + ".safetensors");
            byte[] mutant = valid.clone();
            int edits = 1 + random.nextInt(3);
            for (int e = 0; e < edits; e++) {
                mutant[random.nextInt(mutant.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                mutant = Arrays.copyOf(mutant, random.nextInt(mutant.length + 1));
            }
            Files.write(p, mutant);
            try (SafeTensorsFile f = SafeTensorsFile.open(p, GENEROUS)) {
                for (TensorEntry t : f.tensors()) {
                    if (t.dtype().isReadable()) {
                        assertEquals(t.elements(), f.floats(t).length);
                    }
                }
            } catch (SafeTensorsException e) {
                assertEquals(1, e.lines().size(), e::getMessage);
                assertTrue(e.lines().get(0).startsWith(p + ": error: "), e::getMessage);
            }
        }
    }
}
