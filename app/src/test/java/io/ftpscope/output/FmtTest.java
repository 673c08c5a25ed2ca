package io.ftpscope.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written number formats agree with String.format. */
class FmtTest {
    @Test
    void groupsDigitsAsTheFormatterDoes() {
        long[] known = {0, 1, -1, 999, 1000, -1000, 999_999, 1_000_000, 123_456_789, Long.MAX_VALUE, Long.MIN_VALUE};
        for (long v : known) {
            assertEquals(String.format(Locale.ROOT, "%,d", v), Fmt.n(v), "n " + v);
        }
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 200_000; i++) {
            long v = r.nextLong() >> r.nextInt(64);
            assertEquals(String.format(Locale.ROOT, "%,d", v), Fmt.n(v), "n " + v);
        }
    }

    @Test
    void secondsRoundAsTheFormatterDoes() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 300_000; i++) {
            long nanos = switch (i % 5) {
                case 0 -> r.nextLong(10_000_000L);
                case 1 -> r.nextLong(1_000_000) * 1_000_000 + 500_000 + r.nextLong(-2, 3); // at and around the half-millisecond
                case 2 -> r.nextLong(2_000_000_000_000_000L);
                case 3 -> r.nextLong(-5_000_000_000L, 5_000_000_000L);
                default -> r.nextLong(1_000_000) * 1_000_000 + r.nextLong(-1, 2);
            };
            assertEquals(String.format(Locale.ROOT, "%.3f", nanos / 1e9), Fmt.seconds3(new StringBuilder(), nanos).toString(),
                    "seconds " + nanos);
        }
    }
}
