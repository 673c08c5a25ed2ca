package io.ftpscope.output;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Timestamps for output: ISO-8601 UTC with microseconds, as the JSON schema fixes. */
public final class Times {
    private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Times() {
    }

    public static String iso(long nanos) {
        return ISO.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
    }

    /** Seconds with microseconds, as Zeek writes `ts`. */
    public static String epoch(long nanos) {
        long us = Math.floorDiv(nanos, 1000);
        return Math.floorDiv(us, 1_000_000) + "." + String.format("%06d", Math.floorMod(us, 1_000_000));
    }
}
