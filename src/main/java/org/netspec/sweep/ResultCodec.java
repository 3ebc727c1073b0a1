package org.netspec.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The text forms of sweep results: one JSON object per variant (JSON Lines), the manifest that
 * heads every result directory, and CSV tables of the variants and the front. Equal results give
 * equal bytes, so a run, a resumed run and merged shards can be compared with {@code cmp}.
 */
public final class ResultCodec {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Largest integer a double holds exactly: figures up to it are written without a decimal point. */
    private static final double EXACT = 9_007_199_254_740_992d;

    private ResultCodec() {
    }

    /** One line of JSON, without the newline. */
    public static String line(Outcome o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("index", o.index());
        ObjectNode values = n.putObject("params");
        o.values().forEach((k, v) -> values.set(k, JSON.valueToTree(v)));
        ObjectNode figures = n.putObject("figures");
        o.figures().forEach((k, v) -> putNumber(figures, k, v));
        if (o.failed() != null) {
            n.put("failed", o.failed());
        }
        if (o.error() != null) {
            n.put("error", o.error());
        }
        return write(n);
    }

    /** @throws IllegalArgumentException when the line is not a complete variant record */
    public static Outcome outcome(String line) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject() || !n.path("index").isIntegralNumber() || !n.path("params").isObject()
                || !n.path("figures").isObject()) {
            throw new IllegalArgumentException("not a variant record (index, params, figures)");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        n.get("params").fields().forEachRemaining(e -> values.put(e.getKey(), plain(e.getValue())));
        Map<String, Double> figures = new LinkedHashMap<>();
        n.get("figures").fields().forEachRemaining(e -> figures.put(e.getKey(), e.getValue().asDouble()));
        return new Outcome(n.get("index").asLong(), values, figures, text(n, "failed"), text(n, "error"));
    }

    public static String manifest(SweepResult.Manifest m) {
        ObjectNode n = JSON.createObjectNode();
        n.put("sweep", m.name());
        n.put("variants", m.variants());
        strings(n.putArray("params"), m.params());
        strings(n.putArray("figures"), m.figures());
        strings(n.putArray("constraints"), m.constraints());
        ArrayNode objectives = n.putArray("objectives");
        for (Objective o : m.objectives()) {
            objectives.addObject().put(o.maximise() ? "maximise" : "minimise", o.figure().label());
        }
        if (m.device() != null) {
            n.put("device", m.device());
        }
        return write(n) + "\n";
    }

    /** @throws IllegalArgumentException when the text is not a sweep manifest */
    public static SweepResult.Manifest manifest(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            List<Objective> objectives = new ArrayList<>();
            for (JsonNode o : n.get("objectives")) {
                boolean max = o.has("maximise");
                objectives.add(new Objective(figure(o.get(max ? "maximise" : "minimise").asText()), max));
            }
            return new SweepResult.Manifest(n.get("sweep").asText(), n.get("variants").asLong(), strings(n.get("params")),
                    strings(n.get("figures")), strings(n.get("constraints")), objectives, text(n, "device"));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("not a sweep manifest (sweep.json)");
        }
    }

    /** Every variant: index, parameters, figures, the constraint it failed and the error. */
    public static String csv(SweepResult.Manifest m, List<Outcome> outcomes) {
        StringBuilder b = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("index"));
        header.addAll(m.params());
        header.addAll(m.figures());
        header.addAll(List.of("failed", "error"));
        b.append(header.stream().map(ResultCodec::cell).collect(Collectors.joining(","))).append('\n');
        for (Outcome o : outcomes) {
            List<String> row = new ArrayList<>(List.of(Long.toString(o.index())));
            m.params().forEach(p -> row.add(value(o.values().get(p))));
            m.figures().forEach(f -> row.add(o.figures().containsKey(f) ? number(o.figures().get(f)) : ""));
            row.add(o.failed() == null ? "" : o.failed());
            row.add(o.error() == null ? "" : o.error());
            b.append(row.stream().map(ResultCodec::cell).collect(Collectors.joining(","))).append('\n');
        }
        return b.toString();
    }

    /** A figure as the results print it: integers without a decimal point. */
    public static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < EXACT ? Long.toString((long) v) : Double.toString(v);
    }

    /** A parameter value as the results print it: lists as {@code [1, 2, 4]}. */
    public static String value(Object v) {
        return v == null ? "" : Evaluator.text(v);
    }

    static Figure figure(String label) {
        int at = label.indexOf('@');
        String key = at < 0 ? label : label.substring(0, at);
        Quantity q = Quantity.named(key).orElseThrow(() -> new IllegalArgumentException("unknown quantity " + key));
        return new Figure(q, at < 0 ? null : label.substring(at + 1));
    }

    private static void putNumber(ObjectNode n, String key, double v) {
        if (v == Math.rint(v) && Math.abs(v) < EXACT) {
            n.put(key, (long) v);
        } else {
            n.put(key, v);
        }
    }

    private static Object plain(JsonNode v) {
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isArray()) {
            List<Object> items = new ArrayList<>();
            v.forEach(i -> items.add(plain(i)));
            return List.copyOf(items);
        }
        return v.asText();
    }

    private static String text(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static void strings(ArrayNode array, List<String> items) {
        items.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (Iterator<JsonNode> i = array.elements(); i.hasNext();) {
            out.add(i.next().asText());
        }
        return out;
    }

    private static String cell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static String write(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
