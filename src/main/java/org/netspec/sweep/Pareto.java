package org.netspec.sweep;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Pareto front of the variants that passed every constraint: those no other passing variant
 * matches or beats on every objective while beating on one. Variants equal on every objective
 * are all kept. The front is listed by variant index, so it does not depend on the order the
 * variants were evaluated in or on how shards were merged.
 */
public final class Pareto {
    private Pareto() {
    }

    public static List<Outcome> front(List<Outcome> outcomes, List<Objective> objectives) {
        List<Outcome> candidates = new ArrayList<>(outcomes.stream().filter(Outcome::passed).toList());
        if (objectives.isEmpty()) {
            return List.of();
        }
        // Sorted lexicographically, best first: a variant can only be dominated by one before it.
        Comparator<Outcome> order = Comparator.comparingDouble(o -> 0);
        for (Objective obj : objectives) {
            Comparator<Outcome> by = Comparator.comparingDouble(o -> value(o, obj));
            order = order.thenComparing(obj.maximise() ? by.reversed() : by);
        }
        candidates.sort(order.thenComparingLong(Outcome::index));
        List<Outcome> front = new ArrayList<>();
        for (Outcome c : candidates) {
            if (front.stream().noneMatch(f -> dominates(f, c, objectives))) {
                front.add(c);
            }
        }
        front.sort(Comparator.comparingLong(Outcome::index));
        return front;
    }

    /** Whether {@code a} is at least as good as {@code b} on every objective and better on one. */
    static boolean dominates(Outcome a, Outcome b, List<Objective> objectives) {
        boolean better = false;
        for (Objective o : objectives) {
            double x = value(a, o);
            double y = value(b, o);
            if (o.better(y, x)) {
                return false;
            }
            better |= o.better(x, y);
        }
        return better;
    }

    static double value(Outcome o, Objective obj) {
        Double v = o.figures().get(obj.figure().label());
        return v == null ? Double.NaN : v;
    }
}
