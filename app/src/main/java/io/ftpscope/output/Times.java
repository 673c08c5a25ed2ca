package io.ftpscope.output;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Timestamps for output: ISO-8601 UTC with microseconds, as the JSON schema fixes, Zeek's
 * seconds.micros and the text timeline's time of day. They are written for every event, so they
 * avoid String.format and java.time, and ISO formats the date part only when the second changes (a
 * one-entry cache, safe to share between threads).
 */
public final class Times {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** The longest {@link #iso(long, char[], int)} writes (a year beyond 9999 takes a sign and more digits). */
    public static final int ISO_MAX = 40;

    /** The last second formatted, with its text; replaced as a whole so readers never see a torn pair. */
    private record Second(long epochSecond, String text) { }

    private static volatile Second last = new Second(Long.MIN_VALUE, "");

    private Times() {
    }

    public static String iso(long nanos) {
        char[] buf = new char[ISO_MAX];
        return new String(buf, 0, iso(nanos, buf, 0));
    }

    /** {@link #iso(long)} written into {@code buf} from {@code at} (ISO_MAX chars after it); returns the length. */
    public static int iso(long nanos, char[] buf, int at) {
        Second s = second(nanos);
        int n = at + s.text.length();
        s.text.getChars(0, s.text.length(), buf, at);
        buf[n++] = '.';
        int micros = micros(nanos);
        for (int div = 100_000; div > 0; div /= 10) {
            buf[n++] = (char) ('0' + micros / div % 10);
        }
        buf[n++] = 'Z';
        return n - at;
    }

    private static Second second(long nanos) {
        long sec = Math.floorDiv(nanos, 1_000_000_000L);
        Second s = last;
        if (s.epochSecond != sec) {
            s = new Second(sec, SECONDS.format(Instant.ofEpochSecond(sec)));
            last = s;
        }
        return s;
    }

    private static int micros(long nanos) {
        return (int) (Math.floorMod(nanos, 1_000_000_000L) / 1000);
    }

    /** Seconds with microseconds, as Zeek writes `ts`. */
    public static String epoch(long nanos) {
        long us = Math.floorDiv(nanos, 1000);
        StringBuilder b = new StringBuilder(20).append(Math.floorDiv(us, 1_000_000)).append('.');
        return pad6(b, (int) Math.floorMod(us, 1_000_000)).toString();
    }

    /** The UTC time of day with microseconds, HH:mm:ss.SSSSSS, as the text timeline shows it. */
    public static StringBuilder clock(StringBuilder b, long nanos) {
        int ofDay = (int) Math.floorMod(Math.floorDiv(nanos, 1_000_000_000L), 86_400L);
        two(b, ofDay / 3600).append(':');
        two(b, ofDay / 60 % 60).append(':');
        two(b, ofDay % 60).append('.');
        return pad6(b, micros(nanos));
    }

    private static StringBuilder two(StringBuilder b, int v) {
        return b.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
    }

    private static StringBuilder pad6(StringBuilder b, int v) {
        for (int div = 100_000; div > 0; div /= 10) {
            b.append((char) ('0' + v / div % 10));
        }
        return b;
    }
}
