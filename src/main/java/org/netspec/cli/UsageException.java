package org.netspec.cli;

/** A command line that names something that does not exist (a profile, a format). Exit code 2. */
final class UsageException extends RuntimeException {
    UsageException(String message) {
        super(message, null, false, false);
    }
}
