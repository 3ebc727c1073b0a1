package org.netspec.cli;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes generated files without ever leaving a half-written file and without ever writing
 * outside the place asked for: each file goes to a new temporary file beside it (created
 * exclusively, so never through a link) and is renamed into place, which replaces a link rather
 * than writing through it. Inside a directory netspec owns, a symbolic link that someone planted
 * (a folder or a file) is refused, not followed. A user's file is never replaced unless forced,
 * and every failure is one line naming the path, never a stack trace.
 */
final class OutputDirectory {
    /** Marks a directory as netspec's own, so later runs may replace its files. */
    static final String MARKER = ".netspec-output";
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private OutputDirectory() {
    }

    /** Writes {@code files} (relative paths) into {@code dir}, which must be empty, absent or netspec's own. */
    static void write(Path dir, Map<String, byte[]> files, boolean force) {
        if (Files.isSymbolicLink(dir) && !Files.exists(dir)) {
            throw new UsageException("--out " + dir + " is a symbolic link to a missing " + linkTarget(dir));
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageException("--out " + dir + " is a file, not a directory");
        }
        try {
            if (Files.isDirectory(dir) && !isOwned(dir) && !isEmpty(dir) && !force) {
                throw new UsageException("--out " + dir + " is not empty and was not created by netspec; "
                        + "choose another directory or add --force");
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw cannotWrite(dir, e);
        }
        Path root = dir.normalize();
        writeInside(root, MARKER, out -> { });
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            writeInside(root, f.getKey(), out -> out.write(f.getValue()));
        }
    }

    /**
     * Refuses a file given to {@code flag} that is a directory, or that exists (a symbolic link
     * too, even a dangling one) unless {@code force}: checked before any work starts.
     */
    static void requireWritable(String flag, Path file, boolean force) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new UsageException(flag + " " + file + " is a directory; name the file to write");
        }
        if (Files.exists(file, NOFOLLOW) && !force) {
            throw new UsageException(flag + " " + file + (Files.isSymbolicLink(file) ? " is a symbolic link" : " exists")
                    + "; choose another file or add --force to replace it");
        }
    }

    /** Content written to a stream, for files too large to build in memory first. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** Writes one file the user named, creating its missing parent folders. */
    static void writeFile(Path target, Content content) {
        Path parent = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw cannotWrite(target, e);
        }
        replace(parent, target.toAbsolutePath(), content);
    }

    /** Writes {@code relative} under {@code root}, refusing every link and non-folder on the way. */
    private static void writeInside(Path root, String relative, Content content) {
        Path target = root.resolve(relative).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
            throw new IllegalArgumentException("a generated file must stay inside the output directory: " + relative);
        }
        Path folder = root;
        for (Path name : root.relativize(target.getParent() == null ? root : target.getParent())) {
            if (name.toString().isEmpty()) {
                break;
            }
            folder = folder.resolve(name);
            refuseLink(folder);
            try {
                if (!Files.exists(folder, NOFOLLOW)) {
                    Files.createDirectory(folder);
                } else if (!Files.isDirectory(folder, NOFOLLOW)) {
                    throw new UsageException("cannot write " + target + ": " + folder + " is not a directory");
                }
            } catch (IOException e) {
                throw cannotWrite(target, e);
            }
        }
        refuseLink(target);
        replace(folder, target, content);
    }

    /** A symbolic link inside netspec's directory was planted there: writing through it could land anywhere. */
    private static void refuseLink(Path path) {
        if (Files.isSymbolicLink(path)) {
            throw new UsageException("cannot write " + path + ": it is a symbolic link (to " + linkTarget(path)
                    + "), which netspec does not write through; remove it");
        }
    }

    /** Writes a new temporary file in {@code folder} and renames it to {@code target}. */
    private static void replace(Path folder, Path target, Content content) {
        if (Files.isDirectory(target, NOFOLLOW)) {
            throw new UsageException("cannot write " + target + ": it is a directory");
        }
        Path temp = null;
        try {
            temp = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING, NOFOLLOW))) {
                content.writeTo(out);
            }
            // A temporary file is private to its owner; a report is for everyone who can read the folder.
            if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, NOFOLLOW);
            }
        } catch (IOException e) {
            throw cannotWrite(target, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                // The write failed already and says so; a leftover hidden temporary file is harmless.
            }
        }
    }

    private static boolean isOwned(Path dir) {
        return Files.isRegularFile(dir.resolve(MARKER), NOFOLLOW);
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "target";
        }
    }

    /** One line saying what went wrong with a path, in words rather than an exception's name. */
    static UsageException cannotWrite(Path target, IOException e) {
        return new UsageException("cannot write " + target + ": " + reason(e));
    }

    static String reason(IOException e) {
        String what = e instanceof FileSystemException fs && fs.getFile() != null ? fs.getFile() + ": " : "";
        if (e instanceof NoSuchFileException) {
            return what + "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return what + "permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return what + "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return what + "exists and is not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return what + fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
