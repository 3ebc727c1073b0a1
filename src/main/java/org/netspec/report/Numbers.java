package org.netspec.report;

import java.util.Locale;

/** How counts are written for people: grouped digits, and short forms with an SI prefix. */
public final class Numbers {
    private Numbers() {
    }

    /**
     * 364569 -> "364,569". Written out rather than through {@code String.format("%,d")}, which parses
     * its pattern on every call: tables format thousands of cells, and at start-up that parsing runs
     * interpreted.
     */
    public static String grouped(long v) {
        String digits = Long.toString(v);
        int sign = v < 0 ? 1 : 0;
        int n = digits.length() - sign;
        StringBuilder sb = new StringBuilder(digits.length() + n / 3);
        sb.append(digits, 0, sign);
        for (int i = 0; i < n; i++) {
            if (i > 0 && (n - i) % 3 == 0) {
                sb.append(',');
            }
            sb.append(digits.charAt(sign + i));
        }
        return sb.toString();
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
