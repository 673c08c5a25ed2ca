package io.ftpscope.output;

/** Number formatting for people: 3,000,000 rather than 3000000. */
public final class Fmt {
    private Fmt() {
    }

    public static String n(long v) {
        return String.format(java.util.Locale.ROOT, "%,d", v);
    }
}
