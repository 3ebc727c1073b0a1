package org.netspec.safetensors;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.netspec.ops.Tensor;
import org.netspec.spec.YamlReader;

/**
 * A safetensors file opened for reading: an 8-byte little-endian header length N, N bytes of JSON
 * header, then the tensors' bytes. Everything the header claims is checked against the file and
 * the limits when the file is opened, before any tensor data is read: the header length against
 * the file and the header limit; each entry by {@link HeaderParser}; the entries laid out back to
 * back from offset 0 with no overlap and no gap, ending exactly at the end of the file; and the
 * float32 copies of the readable tensors against the memory limit and Java's array size.
 */
public final class SafeTensorsFile implements Closeable {
    /** The header limit of the safetensors reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000;
    private static final int LENGTH_BYTES = 8;
    private static final int CHUNK_BYTES = 1 << 20;
    private static final long HEAP_MARGIN = 64L << 20;

    /**
     * @param maxHeaderBytes the largest JSON header read
     * @param maxFloatBytes the most memory the float32 copies of the file's readable tensors may take
     */
    public record Limits(long maxHeaderBytes, long maxFloatBytes) {
        /** The safetensors header limit, and the JVM's maximum heap less a margin for everything else. */
        public static Limits forHeap() {
            return new Limits(MAX_HEADER_BYTES, Math.max(0, Runtime.getRuntime().maxMemory() - HEAP_MARGIN));
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorEntry> tensors = new LinkedHashMap<>();
    private final Map<String, String> metadata;

    private SafeTensorsFile(Path file, FileChannel channel, long dataStart, HeaderParser.Header header) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        header.tensors().forEach(t -> tensors.put(t.name(), t));
        this.metadata = Collections.unmodifiableMap(header.metadata());
    }

    /**
     * Opens and checks a file.
     *
     * @throws SafeTensorsException with one line saying what is wrong, when the file cannot be
     *     read, is not a safetensors file, its header lies, or it exceeds the limits
     */
    public static SafeTensorsFile open(Path file, Limits limits) {
        // A FIFO would block the open and a device has no size: only regular files are opened.
        String unreadable = YamlReader.unreadable(file);
        if (unreadable != null) {
            throw new SafeTensorsException(file, unreadable);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new SafeTensorsException(file, "no such file");
        } catch (IOException e) {
            throw new SafeTensorsException(file, "cannot read the file: " + e.getMessage());
        }
        try {
            long size = channel.size();
            if (size < LENGTH_BYTES) {
                throw new SafeTensorsException(file, "the file is " + size
                        + " bytes, shorter than the 8-byte header length a safetensors file starts with");
            }
            long headerBytes = read(file, channel, 0, LENGTH_BYTES).getLong();
            if (Long.compareUnsigned(headerBytes, size - LENGTH_BYTES) > 0) {
                throw new SafeTensorsException(file, "the header length field claims " + Long.toUnsignedString(headerBytes)
                        + " bytes but only " + (size - LENGTH_BYTES) + " follow it (a truncated file, or not safetensors)");
            }
            if (headerBytes > limits.maxHeaderBytes()) {
                throw new SafeTensorsException(file, "the header is " + headerBytes + " bytes, more than the limit of "
                        + limits.maxHeaderBytes());
            }
            byte[] json = new byte[(int) headerBytes];
            read(file, channel, LENGTH_BYTES, json.length).get(json);
            HeaderParser.Header header = HeaderParser.parse(file, json);
            long dataStart = LENGTH_BYTES + headerBytes;
            checkLayout(file, header.tensors(), size - dataStart);
            checkMemory(file, header.tensors(), limits);
            return new SafeTensorsFile(file, channel, dataStart, header);
        } catch (IOException e) {
            close(channel);
            throw new SafeTensorsException(file, "cannot read the file: " + e.getMessage());
        } catch (RuntimeException e) {
            close(channel);
            throw e;
        }
    }

    /** Entries back to back from offset 0, in offset order, ending where the file ends. */
    private static void checkLayout(Path file, List<TensorEntry> entries, long available) {
        List<TensorEntry> byOffset = new ArrayList<>(entries);
        byOffset.sort(Comparator.comparingLong(TensorEntry::begin).thenComparingLong(TensorEntry::end));
        long end = 0;
        TensorEntry previous = null;
        for (TensorEntry t : byOffset) {
            if (t.begin() < end) {
                throw new SafeTensorsException(file, "tensors `" + previous.name() + "` " + offsets(previous) + " and `"
                        + t.name() + "` " + offsets(t) + " overlap");
            }
            if (t.begin() > end) {
                throw new SafeTensorsException(file, "bytes " + end + " to " + t.begin() + " of the data belong to no "
                        + "tensor (" + (previous == null ? "the first tensor" : "after `" + previous.name() + "`, tensor")
                        + " `" + t.name() + "` starts at " + t.begin() + ")");
            }
            end = t.end();
            previous = t;
        }
        if (end > available) {
            throw new SafeTensorsException(file, "the header declares " + end + " bytes of tensor data but the file holds "
                    + available + " after the header (a truncated file, or a header that lies)");
        }
        if (end < available) {
            throw new SafeTensorsException(file, "the file holds " + (available - end)
                    + " bytes after the last tensor, which no tensor owns");
        }
    }

    /** The readable tensors, as float32 arrays, must fit in memory and each in one Java array. */
    private static void checkMemory(Path file, List<TensorEntry> entries, Limits limits) {
        List<TensorEntry> readable = entries.stream().filter(t -> t.dtype().isReadable()).toList();
        // At most 4 x the file's size (F16 doubles), which the layout check bounded: no overflow.
        long floatBytes = readable.stream().mapToLong(t -> Float.BYTES * t.elements()).sum();
        if (floatBytes > limits.maxFloatBytes()) {
            throw new SafeTensorsException(file, String.format(Locale.ROOT, "its tensors take %.1f MiB as float32 but "
                    + "at most %.1f MiB may be read (the heap less a margin); give Java more with -Xmx (for example "
                    + "NETSPEC_JAVA_OPTS=-Xmx%dm)", mib(floatBytes), mib(limits.maxFloatBytes()),
                    (long) Math.ceil(mib(floatBytes) * 1.25) + 256));
        }
        for (TensorEntry t : readable) {
            if (t.elements() > Tensor.MAX_ELEMENTS) {
                throw new SafeTensorsException(file, "tensor `" + t.name() + "` has " + t.elements()
                        + " elements, more than a Java array holds (" + Tensor.MAX_ELEMENTS + ")");
            }
        }
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static String offsets(TensorEntry t) {
        return "[" + t.begin() + ", " + t.end() + "]";
    }

    public Path file() {
        return file;
    }

    /** Every tensor in the header's order. */
    public List<TensorEntry> tensors() {
        return List.copyOf(tensors.values());
    }

    public Optional<TensorEntry> tensor(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** The header's {@code __metadata__} in the header's order, empty when it has none. */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * A tensor's elements as float32, converted from F16, BF16 or F64.
     *
     * @throws IllegalArgumentException for a tensor of another file or a type that does not read as float
     * @throws SafeTensorsException when the file cannot be read (it changed since it was opened)
     */
    public float[] floats(TensorEntry t) {
        if (tensors.get(t.name()) != t || !t.dtype().isReadable()) {
            throw new IllegalArgumentException("tensor `" + t.name() + "` does not read as float32 from " + file);
        }
        float[] out = new float[(int) t.elements()];
        int perChunk = CHUNK_BYTES / t.dtype().bytes();
        try {
            for (int at = 0; at < out.length; at += perChunk) {
                int count = Math.min(perChunk, out.length - at);
                ByteBuffer chunk = read(file, channel, dataStart + t.begin() + (long) at * t.dtype().bytes(),
                        count * t.dtype().bytes());
                t.dtype().decode(chunk, out, at, count);
            }
        } catch (IOException e) {
            throw new SafeTensorsException(file, "cannot read tensor `" + t.name() + "`: " + e.getMessage());
        }
        return out;
    }

    /** {@code length} bytes from {@code position}, little-endian, ready to read. */
    private static ByteBuffer read(Path file, FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new SafeTensorsException(file, "the file ended at byte " + (position + buffer.position())
                        + " while " + length + " bytes from byte " + position + " were being read (did it change?)");
            }
        }
        return buffer.flip();
    }

    @Override
    public void close() {
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // a file only read from: nothing to lose
        }
    }
}
