package org.netspec.spec;

/**
 * One block instance in the chain that produced a node: which block, which instance, written where.
 *
 * @param network whether the instance is of a network file used as a block (a backbone): a
 *     container whose inner blocks keep their own rows in roll-ups by block
 */
public record Frame(String block, String instance, SourceLocation location, boolean network) {
    public Frame(String block, String instance, SourceLocation location) {
        this(block, instance, location, false);
    }

    @Override
    public String toString() {
        return block + " `" + instance + "` at " + location;
    }
}
