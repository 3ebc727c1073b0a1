package org.netspec.report;

import java.util.Locale;

/** How counts are written for people: grouped digits, and short forms with an SI prefix. */
public final class Numbers {
    private Numbers() {
    }

    /** 364569 -> "364,569". */
    public static String grouped(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }

    /** 4708524032 -> "4.71 G"; below 1000 the number itself. */
    public static String compact(long v) {
        double a = Math.abs((double) v);
        if (a >= 1e12) {
            return String.format(Locale.ROOT, "%.2f T", v / 1e12);
        }
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.2f G", v / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.2f M", v / 1e6);
        }
        if (a >= 1e3) {
            return String.format(Locale.ROOT, "%.2f K", v / 1e3);
        }
        return Long.toString(v);
    }

    /** 67108864 -> "64.0 MiB": binary prefixes, one decimal. */
    public static String bytes(long b) {
        double a = Math.abs((double) b);
        if (a >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        }
        if (a >= 1 << 20) {
            return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1 << 20));
        }
        if (a >= 1 << 10) {
            return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        }
        return b + " B";
    }
}
