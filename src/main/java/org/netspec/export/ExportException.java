package org.netspec.export;

/** A network that cannot be written in the asked format, with the one line that says where and why. */
public final class ExportException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExportException(String message) {
        super(message);
    }
}
