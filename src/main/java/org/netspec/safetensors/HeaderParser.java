package org.netspec.safetensors;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a safetensors JSON header token by token: strict UTF-8, one JSON object mapping tensor
 * names to {@code {"dtype", "shape", "data_offsets"}} and an optional {@code "__metadata__"} of
 * strings, nothing else. Checks each entry on its own (known dtype, non-negative integers, an
 * element count that fits in 64 bits, offsets spanning exactly shape x dtype size); the layout of
 * the entries in the file is {@link SafeTensorsFile}'s check.
 */
final class HeaderParser {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final String METADATA = "__metadata__";

    /** The entries in the header's order, and the metadata. */
    record Header(List<TensorEntry> tensors, Map<String, String> metadata) {
    }

    private final Path file;
    private JsonParser parser;

    private HeaderParser(Path file) {
        this.file = file;
    }

    static Header parse(Path file, byte[] header) {
        HeaderParser reader = new HeaderParser(file);
        String text = reader.utf8(header);
        try (JsonParser p = JSON.createParser(text)) {
            reader.parser = p;
            return reader.object();
        } catch (JsonProcessingException e) {
            throw reader.error("the header is not valid JSON: " + e.getOriginalMessage().lines().findFirst().orElse("")
                    + " (at character " + (e.getLocation().getCharOffset() + 1) + " of the header)");
        } catch (IOException e) {
            throw reader.error("cannot read the header: " + e.getMessage());
        }
    }

    private String utf8(byte[] header) {
        ByteBuffer in = ByteBuffer.wrap(header);
        CharBuffer out = CharBuffer.allocate(header.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
        if (result.isError()) {
            throw error("the header is not UTF-8 text (byte " + (8 + in.position()) + " of the file)");
        }
        return out.flip().toString();
    }

    private Header object() throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw error("the header is not a JSON object mapping tensor names to {dtype, shape, data_offsets}");
        }
        Set<String> names = new HashSet<>();
        List<TensorEntry> tensors = new ArrayList<>();
        Map<String, String> metadata = Map.of();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (!names.add(name)) {
                throw error("`" + name + "` is declared twice in the header");
            }
            parser.nextToken();
            if (name.equals(METADATA)) {
                metadata = metadata();
            } else {
                tensors.add(tensor(name));
            }
        }
        if (parser.nextToken() != null) {
            throw error("the header holds more than one JSON value");
        }
        return new Header(tensors, metadata);
    }

    private Map<String, String> metadata() throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw error("`" + METADATA + "` is not an object of strings");
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            if (parser.nextToken() != JsonToken.VALUE_STRING) {
                throw error("`" + METADATA + "` maps names to strings, but `" + key + "` is not a string");
            }
            if (metadata.put(key, parser.getText()) != null) {
                throw error("`" + METADATA + "` declares `" + key + "` twice");
            }
        }
        return metadata;
    }

    private TensorEntry tensor(String name) throws IOException {
        String entry = "tensor `" + name + "`";
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            throw error(entry + " is not an object {dtype, shape, data_offsets}");
        }
        DType dtype = null;
        List<Long> shape = null;
        List<Long> offsets = null;
        Set<String> keys = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            if (!keys.add(key)) {
                throw error(entry + " declares `" + key + "` twice");
            }
            parser.nextToken();
            switch (key) {
                case "dtype" -> dtype = dtype(entry);
                case "shape" -> shape = integers(entry, key);
                case "data_offsets" -> offsets = integers(entry, key);
                default -> throw error(entry + " has an unknown key `" + key + "` (expected dtype, shape, data_offsets)");
            }
        }
        if (dtype == null || shape == null || offsets == null) {
            throw error(entry + " has no `" + (dtype == null ? "dtype" : shape == null ? "shape" : "data_offsets") + "`");
        }
        if (offsets.size() != 2 || offsets.get(0) > offsets.get(1)) {
            throw error(entry + ": `data_offsets` is [begin, end] with begin <= end, got " + offsets);
        }
        long bytes = bytes(entry, dtype, shape);
        long span = offsets.get(1) - offsets.get(0);
        TensorEntry t = new TensorEntry(name, dtype, shape, offsets.get(0), offsets.get(1));
        if (span != bytes) {
            throw error(entry + " is " + dtype + " " + t.shapeText() + " (" + bytes + " bytes) but its data_offsets "
                    + offsets + " span " + span + " bytes");
        }
        return t;
    }

    private DType dtype(String entry) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw error(entry + ": `dtype` is a string such as \"F32\"");
        }
        String name = parser.getText();
        return DType.named(name).orElseThrow(() -> error(entry + " has an unknown dtype `" + name
                + "` (the safetensors types are " + DType.known() + ")"));
    }

    private List<Long> integers(String entry, String key) throws IOException {
        String expected = entry + ": `" + key + "` is a list of non-negative integers";
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw error(expected);
        }
        List<Long> values = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT
                    || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER || parser.getLongValue() < 0) {
                throw error(expected + " below 2^63, got " + parser.getText());
            }
            values.add(parser.getLongValue());
        }
        return values;
    }

    private long bytes(String entry, DType dtype, List<Long> shape) {
        try {
            long count = dtype.bytes();
            for (long d : shape) {
                count = Math.multiplyExact(count, d);
            }
            return count;
        } catch (ArithmeticException e) {
            throw error(entry + ": its shape " + shape + " has more bytes than 64 bits count");
        }
    }

    private SafeTensorsException error(String message) {
        return new SafeTensorsException(file, message);
    }
}
