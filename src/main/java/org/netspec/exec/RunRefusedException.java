package org.netspec.exec;

/** A network the executor will not start: its planned memory exceeds the heap, or a tensor is too large for an array. */
public final class RunRefusedException extends RuntimeException {
    public RunRefusedException(String message) {
        super(message, null, false, false);
    }
}
