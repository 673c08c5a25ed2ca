package io.ftpscope.output;

import java.util.Locale;

/** Number formatting for people: 3,000,000 rather than 3000000. */
public final class Fmt {
    private Fmt() {
    }

    public static String n(long v) {
        return n(new StringBuilder(26), v).toString();
    }

    /** Appends {@code v} as {@code String.format(Locale.ROOT, "%,d", v)} writes it, without the Formatter. */
    public static StringBuilder n(StringBuilder b, long v) {
        String digits = Long.toString(v);
        int start = v < 0 ? 1 : 0;
        int count = digits.length() - start;
        b.append(digits, 0, start);
        for (int i = 0; i < count; i++) {
            if (i > 0 && (count - i) % 3 == 0) {
                b.append(',');
            }
            b.append(digits.charAt(start + i));
        }
        return b;
    }

    /**
     * Appends {@code nanos / 1e9} as {@code String.format(Locale.ROOT, "%.3f", nanos / 1e9)} writes it.
     * Below a million seconds the double is within 1e-10 of the exact decimal, so rounding the exact
     * value half up gives the Formatter's digits unless it lies on the half-millisecond itself; that
     * case, negative values and larger ones go through the Formatter.
     */
    public static StringBuilder seconds3(StringBuilder b, long nanos) {
        if (nanos < 0 || nanos >= 1_000_000_000_000_000L || nanos % 1_000_000 == 500_000) {
            return b.append(String.format(Locale.ROOT, "%.3f", nanos / 1e9));
        }
        long millis = (nanos + 500_000) / 1_000_000;
        int frac = (int) (millis % 1000);
        return b.append(millis / 1000).append('.').append((char) ('0' + frac / 100)).append((char) ('0' + frac / 10 % 10))
                .append((char) ('0' + frac % 10));
    }
}
