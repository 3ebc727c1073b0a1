package org.netspec.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes a set of generated files into a directory without ever leaving a half-written file:
 * each file goes to a temporary file beside it and is moved into place atomically, and nothing is
 * written before all the content exists. Refuses a non-empty directory that netspec did not
 * create, unless forced, so a user's files are never overwritten by accident.
 */
final class OutputDirectory {
    /** Marks a directory as netspec's own, so later runs may replace its files. */
    static final String MARKER = ".netspec-output";

    private OutputDirectory() {
    }

    static void write(Path dir, Map<String, byte[]> files, boolean force) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--out " + dir + " is a file, not a directory");
        }
        if (Files.isDirectory(dir) && !Files.exists(dir.resolve(MARKER)) && !isEmpty(dir) && !force) {
            throw new UsageException("--out " + dir + " is not empty and was not created by netspec; "
                    + "choose another directory or add --force");
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve(MARKER), new byte[0]);
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Path target = dir.resolve(f.getKey()).normalize();
            if (!target.startsWith(dir.normalize())) {
                throw new IllegalArgumentException("a generated file must stay inside the output directory: " + f.getKey());
            }
            writeAtomically(target, f.getValue());
        }
    }

    /** Content written to a stream, for files too large to build in memory first. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    static void writeAtomically(Path target, byte[] content) throws IOException {
        writeAtomically(target, out -> out.write(content));
    }

    static void writeAtomically(Path target, Content content) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temp = Files.createTempFile(parent, "." + target.getFileName(), ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp))) {
                content.writeTo(out);
            }
            // A temporary file is private to its owner; a report is for everyone who can read the folder.
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
