package org.netspec.seeds;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.netspec.cli.Main;
import org.netspec.spec.BlockSpec;
import org.netspec.spec.Limits;
import org.netspec.spec.NetworkSpec;
import org.netspec.spec.ParamSpec;
import org.netspec.spec.SpecLoader;
import org.netspec.testing.SpecFixtures;

/**
 * Every spec in the library and the examples analyses without error through the command line,
 * and every block file opens with a comment and documents each parameter: a broken or
 * undocumented spec cannot be added.
 */
class EverySpecTest {
    private static List<Path> yamlUnder(String dir) throws IOException {
        return SpecFixtures.specFilesUnder(dir);
    }

    @TestFactory
    Stream<DynamicTest> everySpecAnalyses() throws IOException {
        return Stream.concat(yamlUnder("specs").stream(), yamlUnder("examples").stream())
                .map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
                    StringWriter out = new StringWriter();
                    StringWriter err = new StringWriter();
                    int code = Main.run(new PrintWriter(out), new PrintWriter(err), "analyze", p.toString(), "--format", "json");
                    assertEquals(0, code, err::toString);
                    assertTrue(out.toString().contains("\"totals\""), out::toString);
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyBlockIsDocumented() throws IOException {
        return yamlUnder("specs/blocks").stream().map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
            assertTrue(Files.readAllLines(p).get(0).startsWith("# "), "a block file opens with a comment naming its paper");
            NetworkSpec spec = SpecLoader.load(p, Limits.DEFAULT);
            BlockSpec block = spec.blocks().get(spec.name());
            for (ParamSpec param : block.params().values()) {
                assertFalse(param.doc().isBlank(), () -> "parameter `" + param.name() + "` has no doc in " + p);
            }
        }));
    }
}
