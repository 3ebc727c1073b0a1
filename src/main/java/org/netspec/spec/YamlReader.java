package org.netspec.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads a YAML file into a tree of {@link YamlNode}s that keep their line and column, using
 * Jackson's streaming YAML parser. Rejects what a spec must not contain: duplicate keys,
 * non-string keys, tabs, non-UTF-8 bytes, and files or alias expansions beyond the limits.
 */
public final class YamlReader {
    private final Limits limits;
    private final YAMLFactory factory;

    public YamlReader(Limits limits) {
        this.limits = limits;
        LoaderOptions options = new LoaderOptions();
        options.setNestingDepthLimit(limits.maxYamlDepth());
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxFileBytes()));
        this.factory = YAMLFactory.builder().loaderOptions(options).build();
    }

    /** Reads one file. The tree's root is whatever the file holds; callers check its kind. */
    public YamlNode read(Path file) throws SpecException {
        SourceLocation fileLocation = SourceLocation.ofFile(file);
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > limits.maxFileBytes()) {
                throw new SpecException(Diagnostic.error(fileLocation, "the file is " + size
                        + " bytes, more than the limit of " + limits.maxFileBytes() + " (raise it with --max-file-bytes)"));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(Diagnostic.error(fileLocation, "no such file"));
        } catch (IOException e) {
            throw new SpecException(Diagnostic.error(fileLocation, "cannot read the file: " + e.getMessage()));
        }
        return parse(file, decode(file, bytes));
    }

    private static String decode(Path file, byte[] bytes) throws SpecException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SpecException(Diagnostic.error(SourceLocation.ofFile(file),
                    "the file is not UTF-8 text; a spec is a YAML text file"));
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new SpecException(Diagnostic.error(locate(file, text, nul),
                    "the file holds a NUL byte; a spec is a YAML text file"));
        }
        return text;
    }

    private static SourceLocation locate(Path file, String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new SourceLocation(file, line, column);
    }

    private YamlNode parse(Path file, String text) throws SpecException {
        try (YAMLParser parser = (YAMLParser) factory.createParser(text)) {
            Builder builder = new Builder(file, parser);
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new SpecException(Diagnostic.error(new SourceLocation(file, 1, 1), "the file is empty"));
            }
            YamlNode root = builder.value(first);
            if (parser.nextToken() != null) {
                throw new SpecException(Diagnostic.error(builder.location(), "a spec file holds one YAML document"));
            }
            return root;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            SourceLocation where = at == null ? SourceLocation.ofFile(file)
                    : new SourceLocation(file, Math.max(at.getLineNr(), 1), Math.max(at.getColumnNr(), 1));
            throw new SpecException(Diagnostic.error(where, "YAML syntax error: " + firstLine(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new SpecException(Diagnostic.error(SourceLocation.ofFile(file), "cannot read the file: " + e.getMessage()));
        }
    }

    /** SnakeYAML's messages span several lines with a caret drawing; keep the sentence. */
    static String firstLine(String message) {
        if (message == null) {
            return "unreadable YAML";
        }
        String flat = message.replace("\r", "");
        StringBuilder out = new StringBuilder();
        for (String line : flat.split("\n")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("in 'reader'") || t.startsWith("in 'string'") || t.startsWith("^")
                    || t.startsWith("at [Source")) {
                continue;
            }
            if (!out.isEmpty()) {
                out.append("; ");
            }
            out.append(t);
            if (out.length() > 160) {
                break;
            }
        }
        String s = out.toString();
        return s.replace("found character '\t' that cannot start any token",
                "a tab character; YAML indents with spaces only");
    }

    /** Builds the tree from the token stream, resolving aliases within the expansion budget. */
    private final class Builder {
        private final Path file;
        private final YAMLParser parser;
        private final Map<String, YamlNode> anchors = new HashMap<>();
        private long aliasNodes;

        Builder(Path file, YAMLParser parser) {
            this.file = file;
            this.parser = parser;
        }

        SourceLocation location() {
            JsonLocation at = parser.currentTokenLocation();
            return new SourceLocation(file, at.getLineNr(), at.getColumnNr());
        }

        YamlNode value(JsonToken token) throws IOException, SpecException {
            SourceLocation at = location();
            String anchor = parser.getCurrentAnchor();
            YamlNode node;
            if (parser.isCurrentAlias()) {
                node = alias(parser.getText(), at);
            } else {
                node = switch (token) {
                    case START_OBJECT -> mapping(at);
                    case START_ARRAY -> sequence(at);
                    case VALUE_STRING -> new YamlNode.Scalar(parser.getText(), at);
                    case VALUE_NUMBER_INT -> integer(at);
                    case VALUE_NUMBER_FLOAT -> new YamlNode.Scalar(parser.getDoubleValue(), at);
                    case VALUE_TRUE -> new YamlNode.Scalar(Boolean.TRUE, at);
                    case VALUE_FALSE -> new YamlNode.Scalar(Boolean.FALSE, at);
                    case VALUE_NULL -> new YamlNode.Scalar(null, at);
                    default -> throw new SpecException(Diagnostic.error(at, "unexpected YAML content"));
                };
            }
            if (anchor != null) {
                anchors.put(anchor, node);
            }
            return node;
        }

        private YamlNode integer(SourceLocation at) throws IOException, SpecException {
            if (parser.getNumberType() != JsonParser.NumberType.INT && parser.getNumberType() != JsonParser.NumberType.LONG) {
                throw new SpecException(Diagnostic.error(at, "the integer " + parser.getText() + " does not fit in 64 bits"));
            }
            return new YamlNode.Scalar(parser.getLongValue(), at);
        }

        private YamlNode alias(String name, SourceLocation at) throws SpecException {
            YamlNode target = anchors.get(name);
            if (target == null) {
                throw new SpecException(Diagnostic.error(at, "the alias *" + name + " names no anchor defined before it"));
            }
            aliasNodes += size(target);
            if (aliasNodes > limits.maxAliasNodes()) {
                throw new SpecException(Diagnostic.error(at, "YAML aliases expand to more than "
                        + limits.maxAliasNodes() + " values (raise the limit with --max-alias-nodes)"));
            }
            return target;
        }

        private long size(YamlNode node) {
            if (node instanceof YamlNode.Sequence s) {
                long n = 1;
                for (YamlNode item : s.items()) {
                    n += size(item);
                    if (n > limits.maxAliasNodes()) {
                        return n;
                    }
                }
                return n;
            }
            if (node instanceof YamlNode.Mapping m) {
                long n = 1;
                for (YamlNode.Mapping.Entry e : m.entries().values()) {
                    n += size(e.value());
                    if (n > limits.maxAliasNodes()) {
                        return n;
                    }
                }
                return n;
            }
            return 1;
        }

        private YamlNode mapping(SourceLocation at) throws IOException, SpecException {
            Map<String, YamlNode.Mapping.Entry> entries = new LinkedHashMap<>();
            JsonToken t;
            while ((t = parser.nextToken()) != JsonToken.END_OBJECT) {
                if (t != JsonToken.FIELD_NAME) {
                    throw new SpecException(Diagnostic.error(location(), "expected a key"));
                }
                SourceLocation keyAt = location();
                String key = parser.currentName();
                if (key == null || key.isEmpty()) {
                    throw new SpecException(Diagnostic.error(keyAt, "a key must be a non-empty word"));
                }
                YamlNode.Mapping.Entry previous = entries.get(key);
                if (previous != null) {
                    throw new SpecException(Diagnostic.error(keyAt, "duplicate key `" + key + "` (first given at "
                            + previous.keyLocation() + ")"));
                }
                YamlNode value = value(parser.nextToken());
                entries.put(key, new YamlNode.Mapping.Entry(key, keyAt, value));
            }
            return new YamlNode.Mapping(entries, at);
        }

        private YamlNode sequence(SourceLocation at) throws IOException, SpecException {
            List<YamlNode> items = new ArrayList<>();
            JsonToken t;
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                items.add(value(t));
            }
            return new YamlNode.Sequence(List.copyOf(items), at);
        }
    }
}
