package org.netspec.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
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
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Reads a YAML file into a tree of {@link YamlNode}s that keep their line and column, using
 * Jackson's streaming YAML parser. Rejects what a spec must not contain: duplicate keys,
 * non-string keys, tabs, non-UTF-8 bytes, control characters, tags, merge keys, and files or alias
 * expansions beyond the limits.
 */
public final class YamlReader {
    /** The prefix of YAML's own tags, which a file writes as {@code !!binary}. */
    private static final String CORE_TAGS = "tag:yaml.org,2002:";

    private final Limits limits;
    private final YAMLFactory factory;

    public YamlReader(Limits limits) {
        this.limits = limits;
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxFileBytes()));
        // Jackson's own nesting check stays one level beyond ours, so ours reports the limit and its flag.
        StreamReadConstraints constraints = StreamReadConstraints.builder().maxNestingDepth(limits.maxYamlDepth() + 1).build();
        this.factory = YAMLFactory.builder().loaderOptions(options).streamReadConstraints(constraints).build();
    }

    /**
     * Why {@code file} cannot be read as a spec, or null when it is a regular file. Devices, FIFOs and
     * sockets are refused before they are opened: a FIFO would block and a device may never end.
     */
    public static String unreadable(Path file) {
        if (Files.isDirectory(file)) {
            return "is a directory";
        }
        if (Files.isRegularFile(file)) {
            return null;
        }
        return Files.exists(file) ? "is not a regular file (a device, FIFO or socket)" : "no such file";
    }

    /** Reads one file. The tree's root is whatever the file holds; callers check its kind. */
    public YamlNode read(Path file) throws SpecException {
        SourceLocation fileLocation = SourceLocation.ofFile(file);
        String unreadable = unreadable(file);
        if (unreadable != null) {
            throw new SpecException(Diagnostic.error(fileLocation, unreadable));
        }
        byte[] bytes;
        try {
            bytes = readBounded(file, fileLocation);
        } catch (NoSuchFileException e) {
            throw new SpecException(Diagnostic.error(fileLocation, "no such file"));
        } catch (IOException e) {
            throw new SpecException(Diagnostic.error(fileLocation, "cannot read the file: " + e.getMessage()));
        }
        return parse(file, decode(file, bytes));
    }

    /** Reads at most the limit, counting the bytes read: the size the file system reports may be wrong. */
    private byte[] readBounded(Path file, SourceLocation fileLocation) throws IOException, SpecException {
        long size = Files.size(file);
        if (size > limits.maxFileBytes()) {
            throw tooLarge(fileLocation, size + " bytes");
        }
        try (InputStream in = Files.newInputStream(file)) {
            int cap = (int) Math.min(Integer.MAX_VALUE - 8, limits.maxFileBytes());
            byte[] bytes = in.readNBytes(cap);
            if (in.read() >= 0) {
                throw tooLarge(fileLocation, "more than " + cap + " bytes");
            }
            return bytes;
        }
    }

    private SpecException tooLarge(SourceLocation fileLocation, String size) {
        return new SpecException(Diagnostic.error(fileLocation, "the file is " + size
                + ", more than the limit of " + limits.maxFileBytes() + " (raise it with --max-file-bytes)"));
    }

    private static String decode(Path file, byte[] bytes) throws SpecException {
        CharBuffer decoded = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes), decoded, true);
        if (result.isError()) {
            decoded.flip();
            throw new SpecException(Diagnostic.error(locate(file, decoded.toString(), decoded.length()),
                    "this byte is not UTF-8 text; a spec is a YAML text file"));
        }
        decoded.flip();
        String text = decoded.toString();
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new SpecException(Diagnostic.error(locate(file, text, nul),
                    "the file holds a NUL byte; a spec is a YAML text file"));
        }
        for (int i = 0; i < text.length(); i++) {
            String what = forbidden(text.charAt(i));
            if (what != null) {
                throw new SpecException(Diagnostic.error(locate(file, text, i), String.format("the file holds U+%04X (%s); "
                        + "a spec is YAML text: write it as the escape \\u%04x in a double-quoted string", (int) text.charAt(i),
                        what, (int) text.charAt(i))));
            }
        }
        return text;
    }

    /**
     * What a character is, when YAML forbids it in a file (C0 controls but tab and line ends, DEL,
     * C1 controls) or the parser would take it for a line break that editors do not show (NEL,
     * U+2028, U+2029), which would put every later problem on the wrong line; null when it is fine.
     * Refused here, before parsing, so the error is at the character's own line and column.
     */
    private static String forbidden(char c) {
        if (c == '\u2028') {
            return "a line separator";
        }
        if (c == '\u2029') {
            return "a paragraph separator";
        }
        boolean control = c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x7F && c <= 0x9F;
        return control ? "a control character" : null;
    }

    private static SourceLocation locate(Path file, String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = text.startsWith("\uFEFF") ? 1 : 0; i < offset; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n')) {
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
                throw new SpecException(Diagnostic.error(new SourceLocation(file, 1, 1),
                        "the file is empty; a spec starts with `network: NAME` or `block: NAME`"));
            }
            YamlNode root = builder.value(first, 1);
            if (parser.nextToken() != null) {
                throw new SpecException(Diagnostic.error(builder.location(), "a spec file holds one YAML document"));
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new SpecException(syntaxError(file, e));
        } catch (IOException e) {
            throw new SpecException(Diagnostic.error(SourceLocation.ofFile(file), "cannot read the file: " + e.getMessage()));
        }
    }

    /**
     * A YAML syntax error at the place SnakeYAML found the problem, as one sentence: what it found,
     * and what it was reading and where that started.
     */
    private static Diagnostic syntaxError(Path file, JsonProcessingException e) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            Mark problemAt = marked.getProblemMark();
            Mark contextAt = marked.getContextMark();
            String context = marked.getContext() == null ? ""
                    : " (" + marked.getContext() + (contextAt == null ? "" : " that starts at "
                    + (contextAt.getLine() + 1) + ":" + (contextAt.getColumn() + 1)) + ")";
            return Diagnostic.error(new SourceLocation(file, problemAt.getLine() + 1, problemAt.getColumn() + 1),
                    "YAML syntax error: " + plain(marked.getProblem()) + context);
        }
        JsonLocation at = e.getLocation();
        SourceLocation where = at == null || at.getLineNr() < 1 ? SourceLocation.ofFile(file)
                : new SourceLocation(file, at.getLineNr(), Math.max(at.getColumnNr(), 1));
        return Diagnostic.error(where, "YAML syntax error: " + plain(e.getOriginalMessage()));
    }

    /** SnakeYAML's wording of the common mistakes, said plainly; the rest up to its first line break. */
    private static String plain(String problem) {
        if (problem == null) {
            return "unreadable YAML";
        }
        if (problem.contains("(TAB)")) {
            return "a tab character; YAML indents with spaces only";
        }
        if (problem.startsWith("expected <block end>")) {
            return "this line is indented differently from the lines it belongs with";
        }
        if (problem.contains("found unexpected end of stream")) {
            return "the file ends before the value is closed";
        }
        if (problem.startsWith("Expected a field name")) {
            return "a key must be a word, not a list or a mapping";
        }
        if (problem.startsWith("Malformed numeric value")) {
            return problem.substring("Malformed numeric value".length()).strip() + " is not a finite number";
        }
        int lineBreak = problem.indexOf('\n');
        return (lineBreak < 0 ? problem : problem.substring(0, lineBreak)).strip();
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

        /** The value that starts with {@code token}, {@code depth} lists or mappings deep (the root is 1). */
        YamlNode value(JsonToken token, int depth) throws IOException, SpecException {
            SourceLocation at = location();
            String anchor = parser.getCurrentAnchor();
            boolean nests = token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY;
            if (nests && depth > limits.maxYamlDepth()) {
                throw new SpecException(Diagnostic.error(at, "YAML lists and mappings nest more than "
                        + limits.maxYamlDepth() + " deep (raise the limit with --max-yaml-depth)"));
            }
            String tag = parser.getTypeId();
            if (tag != null) {
                String written = tag.startsWith(CORE_TAGS) ? "!!" + tag.substring(CORE_TAGS.length()) : "!" + tag;
                throw new SpecException(Diagnostic.error(at, "the YAML tag `" + written + "` is not allowed: a spec holds plain "
                        + "text, numbers, true/false, lists and mappings (write the value without its tag)"));
            }
            YamlNode node;
            if (parser.isCurrentAlias()) {
                node = alias(parser.getText(), at);
            } else {
                node = switch (token) {
                    case START_OBJECT -> mapping(at, depth);
                    case START_ARRAY -> sequence(at, depth);
                    case VALUE_STRING -> new YamlNode.Scalar(parser.getText(), at);
                    case VALUE_NUMBER_INT -> integer(at);
                    case VALUE_NUMBER_FLOAT -> decimal(at);
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

        private YamlNode decimal(SourceLocation at) throws IOException, SpecException {
            double value = parser.getDoubleValue();
            if (!Double.isFinite(value)) {
                throw new SpecException(Diagnostic.error(at, "the number " + parser.getText()
                        + " is not a finite decimal number"));
            }
            return new YamlNode.Scalar(value, at);
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

        private YamlNode mapping(SourceLocation at, int depth) throws IOException, SpecException {
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
                if (key.equals("<<")) {
                    throw new SpecException(Diagnostic.error(keyAt, "YAML merge keys (`<<`) are not supported: write the "
                            + "keys out, or share layers with a block"));
                }
                YamlNode.Mapping.Entry previous = entries.get(key);
                if (previous != null) {
                    throw new SpecException(Diagnostic.error(keyAt, "duplicate key `" + key + "` (first given at "
                            + previous.keyLocation() + ")"));
                }
                YamlNode value = value(parser.nextToken(), depth + 1);
                entries.put(key, new YamlNode.Mapping.Entry(key, keyAt, value));
            }
            return new YamlNode.Mapping(entries, at);
        }

        private YamlNode sequence(SourceLocation at, int depth) throws IOException, SpecException {
            List<YamlNode> items = new ArrayList<>();
            JsonToken t;
            while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                items.add(value(t, depth + 1));
            }
            return new YamlNode.Sequence(List.copyOf(items), at);
        }
    }
}
