package org.netspec.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Digit grouping written out by hand, checked against the rule it replaces (every third digit from the right). */
class NumbersTest {
    @Test
    void groupsEveryThirdDigitFromTheRight() {
        assertEquals("0", Numbers.grouped(0));
        assertEquals("999", Numbers.grouped(999));
        assertEquals("1,000", Numbers.grouped(1000));
        assertEquals("364,569", Numbers.grouped(364_569));
        assertEquals("4,709,441,536", Numbers.grouped(4_709_441_536L));
        assertEquals("-12,345", Numbers.grouped(-12_345));
        assertEquals("-100", Numbers.grouped(-100));
        assertEquals("9,223,372,036,854,775,807", Numbers.grouped(Long.MAX_VALUE));
        assertEquals("-9,223,372,036,854,775,808", Numbers.grouped(Long.MIN_VALUE));
    }
}
