package org.netspec.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class VisibleTextTest {
    @Test
    void controlBidiAndZeroWidthCharactersAreHidden() {
        // C0 with ESC, DEL, C1, separators, bidi embeddings/overrides U+202A-202E, isolates U+2066-2069,
        // marks U+200E, U+200F, U+061C, zero-width U+200B-200D and U+FEFF
        for (char c : "\u0000\u001b\u007f\u0080\u009b\u009f\u2028\u2029\u202a\u202e\u2066\u2069\u200b\u200d\u200e\u200f\u061c\ufeff"
                .toCharArray()) {
            assertTrue(VisibleText.hidden(c), Integer.toHexString(c));
        }
        for (char c : "aZ09_ .é€\u00a0\u2010\u2030\u2065\u206a\u200a".toCharArray()) {
            assertFalse(VisibleText.hidden(c), Integer.toHexString(c));
        }
    }

    @Test
    void hiddenCharactersAreWrittenAsEscapes() {
        assertEquals("a\\nb\\tc\\rd", VisibleText.escape("a\nb\tc\rd"));
        assertEquals("txt.exe\\u202egnp", VisibleText.escape("txt.exe\u202egnp"));
        assertEquals("\\u001b[31mred", VisibleText.escape("\u001b[31mred"));
        assertEquals("co\\u200bnv \\ufeff", VisibleText.escape("co\u200bnv \ufeff"));
        String plain = "esp_1.d4 (conv)";
        assertSame(plain, VisibleText.escape(plain));
    }

    @Test
    void aDiagnosticEscapesItsMessageAndPath() {
        Diagnostic d = Diagnostic.error(new SourceLocation(Path.of("dir\u2066x", "a.yaml"), 3, 7),
                "unknown operator `c\u202eonv`", List.of());
        assertEquals("dir\\u2066x/a.yaml:3:7: error: unknown operator `c\\u202eonv`", d.toString());
    }
}
