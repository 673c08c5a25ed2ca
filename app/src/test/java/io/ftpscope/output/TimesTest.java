package io.ftpscope.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The fast formatters agree with java.time and String.format on every kind of instant. */
class TimesTest {
    private static final DateTimeFormatter REF = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private static String refIso(long nanos) {
        return REF.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
    }

    private static final DateTimeFormatter REF_CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

    private static String refClock(long nanos) {
        return REF_CLOCK.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
    }

    private static String clock(long nanos) {
        return Times.clock(new StringBuilder(), nanos).toString();
    }

    private static String refEpoch(long nanos) {
        long us = Math.floorDiv(nanos, 1000);
        return Math.floorDiv(us, 1_000_000) + "." + String.format("%06d", Math.floorMod(us, 1_000_000));
    }

    @Test
    void knownValues() {
        assertEquals("2026-11-23T14:30:00.000001Z", Times.iso(1_795_444_200_000_001_999L));
        assertEquals("1795444200.000001", Times.epoch(1_795_444_200_000_001_999L));
        assertEquals("1970-01-01T00:00:00.000000Z", Times.iso(0));
        assertEquals("0.000000", Times.epoch(0));
        assertEquals("1969-12-31T23:59:59.999999Z", Times.iso(-1));
        assertEquals("-1.999999", Times.epoch(-1));
        assertEquals("14:30:00.000001", clock(1_795_444_200_000_001_999L));
        assertEquals("23:59:59.999999", clock(-1));
        char[] chars = new char[Times.ISO_MAX];
        char[] quoted = new char[Times.ISO_MAX + 2];
        for (long t : new long[] {Long.MAX_VALUE, Long.MIN_VALUE, 0}) {
            assertEquals(refIso(t), new String(chars, 0, Times.iso(t, chars, 0)), "iso chars " + t);
            assertEquals(refIso(t), new String(quoted, 1, Times.iso(t, quoted, 1)), "iso chars at 1, " + t);
        }
    }

    @Test
    void agreesWithJavaTimeOnRandomInstants() {
        SplittableRandom r = new SplittableRandom(42);
        char[] chars = new char[Times.ISO_MAX];
        long t = 1_000_000_000_000_000_000L;
        for (int i = 0; i < 200_000; i++) {
            // runs inside one second (the cache), jumps across seconds, days and years, and back in time
            t += switch (i % 4) {
                case 0 -> r.nextLong(1_000_000);
                case 1 -> r.nextLong(-3_000_000_000L, 3_000_000_000L);
                case 2 -> r.nextLong(-400L * 86_400_000_000_000L, 400L * 86_400_000_000_000L);
                default -> 999_999_999 - Math.floorMod(t, 1_000_000_000L);
            };
            assertEquals(refIso(t), Times.iso(t), "iso " + t);
            assertEquals(refEpoch(t), Times.epoch(t), "epoch " + t);
            assertEquals(refClock(t), clock(t), "clock " + t);
            assertEquals(refIso(t), new String(chars, 0, Times.iso(t, chars, 0)), "iso chars " + t);
        }
    }
}
