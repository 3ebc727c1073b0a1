package org.netspec.spec;

/** One block instance in the chain that produced a node: which block, which instance, written where. */
public record Frame(String block, String instance, SourceLocation location) {
    @Override
    public String toString() {
        return block + " `" + instance + "` at " + location;
    }
}
