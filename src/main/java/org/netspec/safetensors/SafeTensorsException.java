package org.netspec.safetensors;

import java.nio.file.Path;
import java.util.List;
import org.netspec.spec.SourceLocation;

/**
 * A tensor file that cannot be used: corrupt, lying about its sizes, too large, or not matching
 * the network. Each line is a complete message naming the file; a caller prints them all.
 */
public final class SafeTensorsException extends RuntimeException {
    private final List<String> lines;

    public SafeTensorsException(Path file, String message) {
        this(List.of(line(file, message)));
    }

    SafeTensorsException(List<String> lines) {
        super(String.join("\n", lines), null, false, false);
        this.lines = List.copyOf(lines);
    }

    /** {@code file: error: message}, the file shown as spec errors show theirs. */
    static String line(Path file, String message) {
        return shown(file) + ": error: " + message;
    }

    /** The file relative to the working directory when it lies below it. */
    static String shown(Path file) {
        return SourceLocation.ofFile(file).toString();
    }

    public List<String> lines() {
        return lines;
    }
}
