package org.netspec.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.fraction.BigFraction;
import org.junit.jupiter.api.Test;
import org.netspec.analysis.Periodicity.Entry;
import org.netspec.ops.AxisMap;

/** The forward step of receptive-field-and-gridding.md section 1, on hand-composed maps. */
class PeriodicityTest {
    @Test
    void aStridedWindowOverTheSourceAdvancesByItsStride() {
        // 3 taps, stride 2, one position of padding: output m reads 2m - 1, 2m, 2m + 1
        Periodicity.Step step = Periodicity.SOURCE.through(AxisMap.window(3, 2, 1, 1));
        assertEquals(1, step.period());
        assertEquals(2, step.shift());
        assertArrayEquals(new long[] {-1, 0, 1}, step.taps(0));
        // the source has one phase: position x is entry 0 moved by x
        assertEquals(new Entry(0, -1), step.read(0, -1));
        assertEquals(new Entry(0, 1), step.read(0, 1));
    }

    @Test
    void anUpSamplingThenAStrideThreeWindowHasPeriodTwo() {
        // k2 s2 transposed convolution: output y reads input floor(y / 2); period 2, shift 1, J = 1/2
        Periodicity.Step up = Periodicity.SOURCE.through(AxisMap.transposed(2, 2, 1, 0));
        assertEquals(2, up.period());
        assertEquals(1, up.shift());
        // output 1 reads input 0 and output 3 input 1: entry 0 moved by 0 and by 1
        assertArrayEquals(new long[] {0}, up.taps(1));
        assertEquals(new Entry(0, 0), up.read(1, 0));
        assertEquals(new Entry(0, 1), up.read(3, 0));
        Periodicity upsampled = new Periodicity((int) up.period(), up.shift());
        assertEquals(new BigFraction(1, 2), upsampled.stride());
        // then 3 taps at stride 3: M = 2 / gcd(3, 2) = 2 windows before the phase repeats,
        // so period 2 * 1 = 2 and shift J * Q * M = 1/2 * 3 * 2 = 3: J = 3/2
        Periodicity.Step step = upsampled.through(AxisMap.window(3, 3, 1, 1));
        assertEquals(2, step.period());
        assertEquals(3, step.shift());
        // output 1 reads up-sampled 3 - 1 = 2: phase 0 of the table moved by one period (1 source position)
        assertEquals(new Entry(0, 1), step.read(1, -1));
        // output 0 reads up-sampled -1: phase 1 moved back one period
        assertEquals(new Entry(1, -1), step.read(0, -1));
    }

    @Test
    void entriesWriteTheTableWithALongerPeriod() {
        // period 2, shift 3: position 5 = 2 * 2 + 1 is entry 1 moved by 2 * 3
        Periodicity p = new Periodicity(2, 3);
        assertEquals(new Entry(1, 6), p.entry(5));
        assertEquals(new Entry(1, -3), p.entry(-1));
    }
}
