package org.netspec.sweep;

/**
 * A quantity measured at a place: {@code receptive_field} at node {@code esp.act} is the figure
 * {@code receptive_field@esp.act}.
 *
 * @param at a node or block name, or null for the whole network
 */
public record Figure(Quantity quantity, String at) {
    /** The column name in the results. */
    public String label() {
        return at == null ? quantity.key() : quantity.key() + "@" + at;
    }
}
