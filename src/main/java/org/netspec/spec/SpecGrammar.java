package org.netspec.spec;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The keys each section of a spec file accepts and what each holds, declared once: the loader
 * checks every mapping against these sections, and {@link SpecSchema} generates the JSON Schema
 * from them. An operator layer also takes its operator's attributes, and a block layer its
 * block's parameters; those come from the operator catalogue and the block file.
 */
public final class SpecGrammar {
    /** What a key holds. */
    public enum Form {
        /** a word or a sentence */
        TEXT,
        /** a layer name: a word, or a number that becomes one */
        LAYER_NAME,
        /** a layer name or a list of them */
        NAMES,
        /** an integer or an expression */
        INT,
        /** true, false or an expression */
        BOOL,
        /** a list of words */
        TEXT_LIST,
        /** any value */
        ANY,
        /** a list of any values */
        ANY_LIST,
        /** a parameter type word ({@link ParamSpec.Type}) */
        TYPE,
        /** parameter declarations ({@link SpecGrammar#PARAM} or a default or a type word, by name) */
        PARAMS,
        /** names bound to expressions, in order */
        LET,
        /** input names bound to shapes */
        SHAPES,
        /** parameter names bound to values */
        VALUES,
        /** a list of layers (each one of {@link SpecGrammar#LAYER_KINDS}) */
        LAYERS,
        /** the name of an operator of the catalogue */
        OPERATOR,
        /** a list of {@link SpecGrammar#REQUIREMENT} */
        REQUIREMENTS,
        /** a {@link SpecGrammar#SAMPLE} */
        SAMPLE
    }

    /** The keys a mapping of a section may hold beyond its declared ones. */
    public enum Extra {
        NONE, OPERATOR_ATTRIBUTES, BLOCK_PARAMETERS
    }

    /**
     * A key of a section.
     *
     * @param doc what the value is, for the schema; empty when the form says enough
     */
    public record Key(String name, Form form, boolean required, String doc) {
    }

    /**
     * A kind of mapping in a spec file.
     *
     * @param what how error messages name it ("a network")
     * @param description what it is, for the schema
     * @param marker the key that tells this section apart from the others it could be, or null
     * @param keys its keys, in the order the schema lists them
     */
    public record Section(String what, String description, String marker, List<Key> keys, Extra extra) {
        public Section {
            keys = List.copyOf(keys);
        }

        /** The names of the declared keys, in order. */
        public Set<String> names() {
            Set<String> names = new LinkedHashSet<>();
            keys.forEach(k -> names.add(k.name()));
            return names;
        }

        /** The declared key of that name. */
        public Key key(String name) {
            return keys.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
        }

        public List<String> required() {
            return keys.stream().filter(Key::required).map(Key::name).toList();
        }
    }

    private static Key key(String name, Form form) {
        return new Key(name, form, false, "");
    }

    private static Key key(String name, Form form, String doc) {
        return new Key(name, form, false, doc);
    }

    private static Key required(String name, Form form) {
        return new Key(name, form, true, "");
    }

    private static final Key DOC = key("doc", Form.TEXT);
    private static final Key IMPORTS = key("imports", Form.TEXT_LIST,
            "block or network files: paths relative to this file, or library names (`esp`, `mobilenet-v2`)");
    private static final Key PARAMS = key("params", Form.PARAMS);
    private static final Key LET = key("let", Form.LET);

    /** The keys every operator, block and group layer takes, before its own. */
    private static final List<Key> LAYER_KEYS = List.of(key("name", Form.LAYER_NAME), key("from", Form.NAMES),
            key("when", Form.BOOL), key("repeat", Form.INT), DOC);

    public static final Section NETWORK = new Section("a network", "a network: inputs with shapes, layers in order, outputs",
            "network", List.of(required("network", Form.TEXT), DOC, IMPORTS, PARAMS, LET,
                    new Key("inputs", Form.SHAPES, true, "input name -> shape"), required("layers", Form.LAYERS),
                    key("outputs", Form.NAMES)), Extra.NONE);

    public static final Section REQUIREMENT = new Section("a requirement",
            "a condition every instance must meet, and the message when it does not", null,
            List.of(required("that", Form.BOOL), required("message", Form.TEXT)), Extra.NONE);

    public static final Section SAMPLE = new Section("`sample`", "how to analyse the block file on its own", null,
            List.of(new Key("inputs", Form.SHAPES, true, "input name -> shape"), key("params", Form.VALUES, "parameter values")),
            Extra.NONE);

    public static final Section BLOCK = new Section("a block", "a block: typed parameters, computed values and layers",
            "block", List.of(required("block", Form.TEXT), DOC, IMPORTS, PARAMS,
                    key("inputs", Form.TEXT_LIST, "input names (default [x])"), LET,
                    key("require", Form.REQUIREMENTS, "conditions on the parameters and inputs"),
                    required("layers", Form.LAYERS), key("output", Form.TEXT), key("sample", Form.SAMPLE)), Extra.NONE);

    /** A parameter declared as a mapping; it needs a type or a default. */
    public static final Section PARAM = new Section("a parameter", "a declared parameter", null,
            List.of(key("type", Form.TYPE), key("default", Form.ANY), DOC, key("choices", Form.ANY_LIST, "allowed values")),
            Extra.NONE);

    public static final Section OP_LAYER = new Section("an operator layer", "a primitive operator", "op",
            layerKeys(required("op", Form.OPERATOR)), Extra.OPERATOR_ATTRIBUTES);

    public static final Section BLOCK_LAYER = new Section("a block layer",
            "an instance of a block or of a network used as a block; other keys are the block's parameters "
                    + "(and, for a network, `outputs:`: the layers it exposes)", "block",
            layerKeys(required("block", Form.TEXT)), Extra.BLOCK_PARAMETERS);

    public static final Section LOOP = new Section("a loop", "a loop: `k in range(K)`", "for",
            List.of(required("for", Form.TEXT), key("when", Form.BOOL), required("layers", Form.LAYERS), DOC), Extra.NONE);

    public static final Section GROUP = new Section("a group", "a named scope of layers", "layers",
            layerKeys(required("layers", Form.LAYERS)), Extra.NONE);

    /** What a spec file is; its marker key starts it. */
    public static final List<Section> FILE_KINDS = List.of(NETWORK, BLOCK);

    /**
     * What an item of {@code layers:} is, told apart by its marker key in this order of precedence
     * (a group is a mapping with {@code layers:} and none of the others' markers).
     */
    public static final List<Section> LAYER_KINDS = List.of(OP_LAYER, BLOCK_LAYER, LOOP, GROUP);

    private SpecGrammar() {
    }

    private static List<Key> layerKeys(Key own) {
        List<Key> keys = new ArrayList<>(LAYER_KEYS);
        keys.add(own);
        return keys;
    }

    /** The marker keys of some sections, in order. */
    public static Set<String> markers(List<Section> sections) {
        Set<String> markers = new LinkedHashSet<>();
        sections.forEach(s -> markers.add(s.marker()));
        return markers;
    }
}
