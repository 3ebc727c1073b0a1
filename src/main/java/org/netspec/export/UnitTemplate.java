package org.netspec.export;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The code of one unit before its class is chosen: the names of forward's arguments, the statements
 * of {@code __init__} and of {@code forward}, and the names of its direct submodules.
 *
 * @param source the spec file the unit's block was written in, for the class's documentation; null if none
 */
record UnitTemplate(List<String> inputNames, List<Code> init, List<Code> forward, Set<String> attributes, String source) {
    UnitTemplate {
        inputNames = List.copyOf(inputNames);
        init = List.copyOf(init);
        forward = List.copyOf(forward);
        attributes = Set.copyOf(attributes);
    }

    /** The structure without the values: units with equal keys can share a class. */
    String key() {
        StringBuilder out = new StringBuilder(String.join(",", inputNames)).append('\n');
        init.forEach(c -> out.append(c.key()).append('\n'));
        out.append("--\n");
        forward.forEach(c -> out.append(c.key()).append('\n'));
        return out.toString();
    }

    /** Every hole, those of {@code __init__} first. */
    List<Code.Hole> holes() {
        List<Code.Hole> out = new ArrayList<>();
        init.forEach(c -> out.addAll(c.holes()));
        forward.forEach(c -> out.addAll(c.holes()));
        return out;
    }

    /** How many of {@link #holes()} belong to {@code __init__}. */
    int initHoles() {
        return init.stream().mapToInt(c -> c.holes().size()).sum();
    }
}
