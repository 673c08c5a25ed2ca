package io.ftpscope.tui;

import java.util.Locale;

/** Short forms for narrow columns: 1.2 MB, 350 kB/s, 00:01:05. */
final class Fmt {
    private Fmt() {
    }

    static String bytes(long n) {
        return io.ftpscope.output.Fmt.n(n) + " bytes";
    }

    /** Decimal units, as network rates are usually given. */
    static String size(long n) {
        if (n < 1000) {
            return n + " B";
        }
        String[] u = {"kB", "MB", "GB", "TB"};
        double v = n;
        int i = -1;
        while (v >= 1000 && i < u.length - 1) {
            v /= 1000;
            i++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s", v, u[i]);
    }

    static String rate(long bps) {
        return bps <= 0 ? "-" : size(bps) + "/s";
    }

    static String duration(long nanos) {
        long s = Math.max(0, nanos / 1_000_000_000L);
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }

    static String clock(long tsNanos) {
        long ms = Math.floorDiv(tsNanos, 1_000_000L);
        long day = Math.floorMod(ms, 86_400_000L);
        return String.format(Locale.ROOT, "%02d:%02d:%02d.%03d", day / 3_600_000, day / 60_000 % 60, day / 1000 % 60, day % 1000);
    }

    /** Cuts or pads to exactly w columns. */
    static String fit(String s, int w) {
        if (w <= 0) {
            return "";
        }
        if (s.length() > w) {
            return w == 1 ? s.substring(0, 1) : s.substring(0, w - 1) + "~";
        }
        return s + " ".repeat(w - s.length());
    }
}
