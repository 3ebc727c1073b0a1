package org.netspec.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/** The lines of a corpus's cases.txt (comments and blank lines skipped), each split into its three fields. */
final class CorpusCases {
    private CorpusCases() {
    }

    /** @param parse builds one case from the line's first two words and the rest of the line */
    static <T> List<T> read(Path corpus, Function<String[], T> parse) throws IOException {
        return Files.readAllLines(corpus.resolve("cases.txt")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> parse.apply(l.strip().split("\\s+", 3)))
                .toList();
    }
}
