package org.netspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every rendering of a table shows invisible characters in names as escapes. */
class TableEscapingTest {
    private static final String NAME = "a\u202eb\u200b\u001b[2J";
    private static final String SHOWN = "a\\u202eb\\u200b\\u001b[2J";

    private static Table table() {
        return new Table("name\u2066", ">params").row(NAME, 5L);
    }

    @Test
    void textMarkdownCsvAndHtmlEscapeTheSameCharacters() {
        for (String rendered : new String[] {table().text(), table().markdown(), table().csv(), table().html("t")}) {
            assertTrue(rendered.contains(SHOWN), rendered);
            assertTrue(rendered.contains("name\\u2066"), rendered);
            for (char c : "\u202e\u200b\u001b\u2066".toCharArray()) {
                assertFalse(rendered.indexOf(c) >= 0, rendered);
            }
        }
    }

    @Test
    void columnsAlignOnTheEscapedText() {
        // the cell is shown as 23 characters, so the header is padded to 23 before the two-space gap
        assertEquals("name\\u2066" + " ".repeat(23 - 10) + "  params\n", table().text().lines().findFirst().orElseThrow() + "\n");
    }
}
