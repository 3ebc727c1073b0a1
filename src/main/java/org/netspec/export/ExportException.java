package org.netspec.export;

/**
 * A network that cannot be written in the asked format: an operator without a mapping, a model
 * beyond the format's limits. The message is one line naming the node.
 */
public final class ExportException extends RuntimeException {
    public ExportException(String message) {
        super(message, null, false, false);
    }
}
