package org.netspec.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.netspec.ops.Tensor;

/**
 * Writes float32 tensors as a safetensors file the way the reference implementation does: the
 * tensors sorted by name (byte order of their UTF-8 names), laid out back to back in that order,
 * a compact JSON header with {@code __metadata__} first, padded with spaces to a multiple of 8
 * bytes so the data starts aligned, and every number little-endian.
 */
public final class SafeTensorsWriter {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final int CHUNK_FLOATS = 1 << 18;

    private SafeTensorsWriter() {
    }

    /**
     * @param tensors float32 tensors by name (the values of each tensor, not only its shape)
     * @param metadata the header's {@code __metadata__} in its iteration order, left out when empty
     */
    public static void write(OutputStream out, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        List<String> names = new ArrayList<>(tensors.keySet());
        names.sort((a, b) -> Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
        byte[] header = header(names, tensors, metadata);
        ByteBuffer length = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
        out.write(length.array());
        out.write(header);
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (String name : names) {
            float[] data = tensors.get(name).data();
            for (int at = 0; at < data.length; at += CHUNK_FLOATS) {
                int count = Math.min(CHUNK_FLOATS, data.length - at);
                chunk.clear();
                chunk.asFloatBuffer().put(data, at, count);
                out.write(chunk.array(), 0, count * Float.BYTES);
            }
        }
        out.flush();
    }

    private static byte[] header(List<String> names, Map<String, Tensor> tensors, Map<String, String> metadata)
            throws IOException {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(json)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart("__metadata__");
                for (Map.Entry<String, String> m : metadata.entrySet()) {
                    g.writeStringField(m.getKey(), m.getValue());
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (String name : names) {
                Tensor t = tensors.get(name);
                if (t.data() == null) {
                    throw new IllegalArgumentException("tensor `" + name + "` has a shape but no values");
                }
                long end = offset + (long) Float.BYTES * t.data().length;
                g.writeObjectFieldStart(name);
                g.writeStringField("dtype", DType.F32.name());
                g.writeArrayFieldStart("shape");
                for (long d : t.shape().toList()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(end);
                g.writeEndArray();
                g.writeEndObject();
                offset = end;
            }
            g.writeEndObject();
        }
        while (json.size() % 8 != 0) {
            json.write(' ');
        }
        return json.toByteArray();
    }
}
