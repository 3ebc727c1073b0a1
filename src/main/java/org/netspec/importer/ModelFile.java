package org.netspec.importer;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.netspec.onnx.Onnx;
import org.netspec.spec.Diagnostic;
import org.netspec.spec.SourceLocation;
import org.netspec.spec.SpecException;
import org.netspec.spec.YamlReader;

/**
 * Reads an ONNX model file with bounds: only a regular file is opened (a FIFO would block, a
 * device may never end), its size is checked against the limit before a byte is read and the bytes
 * are counted as they are read (the size a file system reports may be wrong), the protobuf parse works on those bytes only (a length field that claims more than the
 * file holds is an error, not an allocation) and nests at most {@link #MAX_NESTING} messages deep,
 * and the model must name a standard operator set from opset 11 on and a graph within the node limit.
 */
final class ModelFile {
    /** The oldest opset read: Resize, Pad and Clip take their sizes as inputs from opset 11 on. */
    static final long OLDEST_OPSET = 11;
    private static final int MAX_NESTING = 64;

    private ModelFile() {
    }

    static SpecException error(Path file, String message) {
        return new SpecException(Diagnostic.error(SourceLocation.ofFile(file), message));
    }

    static Onnx.ModelProto read(Path file, ImportLimits limits) throws SpecException {
        String unreadable = YamlReader.unreadable(file);
        if (unreadable != null) {
            throw error(file, unreadable);
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > limits.maxModelBytes()) {
                throw tooLarge(file, size + " bytes", limits);
            }
            bytes = readBounded(file, limits);
        } catch (NoSuchFileException e) {
            throw error(file, "no such file");
        } catch (IOException e) {
            throw error(file, "cannot read the file: " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw error(file, "the file is empty; an ONNX model is a protobuf ModelProto");
        }
        CodedInputStream in = CodedInputStream.newInstance(bytes);
        in.enableAliasing(true);
        in.setRecursionLimit(MAX_NESTING);
        Onnx.ModelProto model;
        try {
            model = Onnx.ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw error(file, "not a readable ONNX model: " + describe(e));
        } catch (IOException e) {
            throw error(file, "not a readable ONNX model: " + e.getMessage());
        }
        check(file, model, limits);
        return model;
    }

    /** At most the limit, counted as read: a file that grows while it is read is refused, not followed. */
    private static byte[] readBounded(Path file, ImportLimits limits) throws IOException, SpecException {
        try (InputStream in = Files.newInputStream(file)) {
            int cap = (int) Math.min(Integer.MAX_VALUE - 8, limits.maxModelBytes());
            byte[] bytes = in.readNBytes(cap);
            if (in.read() >= 0) {
                throw tooLarge(file, "more than " + cap + " bytes", limits);
            }
            return bytes;
        }
    }

    private static SpecException tooLarge(Path file, String size, ImportLimits limits) {
        return error(file, "the file is " + size + ", more than the limit of " + limits.maxModelBytes()
                + " (raise it with --max-model-bytes)");
    }

    /** protobuf's reason, as one sentence a user can act on. */
    private static String describe(InvalidProtocolBufferException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("ended unexpectedly") || m.contains("truncated")) {
            return "it ends in the middle of a value: the file is truncated, or a length field claims more bytes than follow";
        }
        if (m.contains("negative size")) {
            return "a length field is negative or claims more than 2 GB";
        }
        if (m.contains("levels of nesting")) {
            return "its messages nest more than " + MAX_NESTING + " deep";
        }
        int end = m.indexOf('.');
        return "it is not valid protobuf data (" + (end > 0 ? m.substring(0, end) : m) + ")";
    }

    private static void check(Path file, Onnx.ModelProto model, ImportLimits limits) throws SpecException {
        if (!model.hasGraph() || model.getIrVersion() <= 0) {
            throw error(file, "not an ONNX model: it has no " + (model.hasGraph() ? "IR version" : "graph"));
        }
        long opset = opset(model);
        if (opset < 0) {
            throw error(file, "the model imports no version of the standard ONNX operator set");
        }
        if (opset < OLDEST_OPSET) {
            throw error(file, "the model uses opset " + opset + "; netspec reads opset " + OLDEST_OPSET + " and newer");
        }
        int nodes = model.getGraph().getNodeCount();
        if (nodes > limits.maxNodes()) {
            throw error(file, "the graph has " + nodes + " nodes, more than the limit of " + limits.maxNodes()
                    + " (raise it with --max-nodes)");
        }
    }

    /** The version of the standard operator set ("" or "ai.onnx") the model imports; -1 when none. */
    static long opset(Onnx.ModelProto model) {
        for (Onnx.OperatorSetIdProto set : model.getOpsetImportList()) {
            if (set.getDomain().isEmpty() || set.getDomain().equals("ai.onnx")) {
                return set.getVersion();
            }
        }
        return -1;
    }
}
