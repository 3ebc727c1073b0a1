package org.netspec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command prints a warning as {@code file:line:column: warning: ...}, never with the prefix twice. */
class WarningLinesTest {
    @TempDir
    Path dir;

    @Test
    void aSpecWarningSaysWarningOnceInEveryCommand() throws IOException {
        Path spec = dir.resolve("unused.yaml");
        Files.writeString(spec, """
                network: unused
                inputs: {x: [1, 4, 8, 8]}
                layers:
                  - {name: a, op: conv, out: 4, kernel: 3, padding: 1}
                  - {name: dead, op: conv, out: 4, kernel: 1, from: x}
                  - {name: b, op: relu, from: a}
                outputs: [b]
                """);
        for (List<String> args : List.of(List.of("run", spec.toString()), List.of("analyze", spec.toString()),
                List.of("validate", spec.toString()))) {
            CommandLineTest.Run r = CommandLineTest.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            List<String> lines = (r.out() + r.err()).lines().filter(l -> l.contains("warning:")).toList();
            assertTrue(lines.stream().anyMatch(l -> l.startsWith(spec + ":5:5: warning: ") && l.contains("dead")),
                    args + ": " + lines);
            lines.forEach(l -> assertEquals(l.indexOf("warning:"), l.lastIndexOf("warning:"), args + ": " + l));
        }
    }
}
