package org.netspec.safetensors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.netspec.ops.Shape;
import org.netspec.spec.Suggestions;

/**
 * Matches the tensors of a file to the ones a network expects, by name, from the header alone:
 * every expected tensor present with its shape and a type that reads as float32, and nothing
 * else. All mismatches are found before any of them is reported, so one run lists them all.
 */
final class TensorBinding {
    /** A tensor the network expects: its name and shape. */
    record Expected(String name, Shape shape) {
    }

    private TensorBinding() {
    }

    /**
     * @param role what the tensors are to the network ({@code weight}, {@code input}), for messages
     * @param ignored names the file may hold that the network does not use
     * @param subject the whole set, for the summary line ({@code the weights of network `espnet`})
     * @return each expected tensor's entry, in order
     * @throws SafeTensorsException with a line per mismatch, and a summary line when there are several
     */
    static List<TensorEntry> bind(SafeTensorsFile file, List<Expected> expected, Set<String> ignored, String role,
            String subject) {
        List<String> lines = new ArrayList<>();
        List<TensorEntry> bound = new ArrayList<>();
        Set<String> expectedNames = new HashSet<>();
        List<String> missing = new ArrayList<>();
        for (Expected e : expected) {
            expectedNames.add(e.name());
            Optional<TensorEntry> entry = file.tensor(e.name());
            if (entry.isEmpty()) {
                missing.add(e.name());
                lines.add("missing " + role + " `" + e.name() + "` (" + e.shape() + ")");
                continue;
            }
            TensorEntry t = entry.get();
            bound.add(t);
            if (!t.shape().equals(e.shape().toList())) {
                lines.add(role + " `" + e.name() + "` is " + t.shapeText() + " in the file but " + e.shape()
                        + " in the network");
            }
            if (!t.dtype().isReadable()) {
                lines.add(role + " `" + e.name() + "` is " + t.dtype() + " in the file; netspec reads "
                        + DType.readable());
            }
        }
        for (TensorEntry t : file.tensors()) {
            if (!expectedNames.contains(t.name()) && !ignored.contains(t.name())) {
                lines.add("unexpected tensor `" + t.name() + "` (" + t.dtype() + " " + t.shapeText()
                        + "): the network has no such " + role + Suggestions.hint(t.name(), missing));
            }
        }
        if (lines.isEmpty()) {
            return bound;
        }
        List<String> messages = new ArrayList<>(lines.stream().map(l -> SafeTensorsException.line(file.file(), l)).toList());
        if (lines.size() > 1) {
            messages.add(lines.size() + " mismatches between " + SafeTensorsException.shown(file.file()) + " and "
                    + subject);
        }
        throw new SafeTensorsException(messages);
    }
}
