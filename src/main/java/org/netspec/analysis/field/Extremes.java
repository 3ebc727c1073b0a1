package org.netspec.analysis.field;

import java.util.List;

/** Largest and smallest field over the real positions of a node, and the reach of position 0. */
record Extremes(long largest, long smallest, Reach origin) {
    /**
     * @param everywhere the reach every position has through a global path, or null
     */
    static Extremes of(List<Component> components, long length, Reach everywhere, Steps steps) {
        // One table repeats after its period; a union of strides, or with the fixed global
        // reach, must be walked over the map.
        long positions = everywhere == null && components.size() == 1 && components.get(0) instanceof Periodic p
                ? Math.min(p.period(), length) : length;
        steps.spend(positions * components.size());
        long largest = 0;
        long smallest = Long.MAX_VALUE;
        Reach origin = null;
        for (long y = 0; y < positions; y++) {
            Reach r = everywhere;
            for (Component c : components) {
                Reach at = c.at(y);
                r = at == null ? r : at.union(r);
            }
            if (r == null) {
                continue;
            }
            largest = Math.max(largest, r.largest());
            smallest = Math.min(smallest, r.smallest());
            if (y == 0) {
                origin = r;
            }
        }
        if (largest == 0) {
            // No real position reads the source (a phase the map never shows): the tables still bound it.
            largest = components.stream().mapToLong(Component::largest).max().orElseThrow();
            smallest = largest;
        }
        return new Extremes(largest, smallest, origin);
    }
}
