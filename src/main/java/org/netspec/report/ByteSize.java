package org.netspec.report;

/** A memory size in a table: shown as KiB, MiB or GiB, written as bytes in CSV. */
public record ByteSize(long bytes) {
    @Override
    public String toString() {
        return Numbers.bytes(bytes);
    }
}
