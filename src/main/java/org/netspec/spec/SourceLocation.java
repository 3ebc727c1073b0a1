package org.netspec.spec;

import java.nio.file.Path;

/** Where something was written: a file, a 1-based line and a 1-based column. */
public record SourceLocation(Path file, int line, int column) {
    public static SourceLocation ofFile(Path file) {
        return new SourceLocation(file, 0, 0);
    }

    /** The same file and line, {@code offset} characters further right. */
    public SourceLocation shifted(int offset) {
        return new SourceLocation(file, line, column + offset);
    }

    /** {@code file:line:column}, the file relative to the working directory when it lies below it. */
    @Override
    public String toString() {
        String shown = display(file);
        return line > 0 ? shown + ":" + line + ":" + column : shown;
    }

    static String display(Path file) {
        Path cwd = Path.of("").toAbsolutePath();
        Path abs = file.toAbsolutePath().normalize();
        return abs.startsWith(cwd) ? cwd.relativize(abs).toString() : abs.toString();
    }
}
