package io.ftpscope.output;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written parts of the Zeek log agree with the regexes and encodings they replaced. */
class ZeekFtpLogSinkTest {
    private static final Pattern BYTES = Pattern.compile("\\((\\d+) bytes\\)");
    private static final Pattern NUMBER = Pattern.compile("\\d+");

    /** The size as the regexes found it: "(N bytes)", else the first number; NO_SIZE when none or too long. */
    private static long regexSize(String msg) {
        Matcher m = BYTES.matcher(msg);
        String digits = m.find() ? m.group(1) : null;
        if (digits == null) {
            m = NUMBER.matcher(msg);
            digits = m.find() ? m.group() : null;
        }
        try {
            return digits == null ? ZeekFtpLogSink.NO_SIZE : Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return ZeekFtpLogSink.NO_SIZE;
        }
    }

    @Test
    void sizeAgreesWithTheRegexes() {
        String[] parts = {"(", ")", " bytes)", " bytes", "(12", "(12 bytes)", "12", "99999999999999999999", "x", " ", "\u0663",
            "(0 bytes)", "((5 bytes)", "(7 bytes", "Opening BINARY mode data connection for f.bin "};
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 100_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = r.nextInt(6); k > 0; k--) {
                sb.append(parts[r.nextInt(parts.length)]);
            }
            String msg = sb.toString();
            assertEquals(regexSize(msg), ZeekFtpLogSink.size(msg), msg);
        }
    }

    @Test
    void theBufferEncodesAsStringGetBytes() {
        char[] pool = {'a', ' ', '\t', 0, 0x7f, 0x80, 0xe9, 0x2192, 0xd83d, 0xde00};
        SplittableRandom r = new SplittableRandom(5);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, false, StandardCharsets.UTF_8);
        Utf8Buffer b = new Utf8Buffer();
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int k = r.nextInt(10); k > 0; k--) {
                sb.append(r.nextInt(3) == 0 ? pool[r.nextInt(pool.length)] : (char) (0x20 + r.nextInt(0x5f)));
            }
            String s = sb.toString();
            long n = r.nextLong() >> r.nextInt(64);
            int stop = b.appendPrintable(s, 0, s.length());
            b.append(s, stop, s.length()).append('|').append(n);
            bytes.reset();
            b.writeTo(out);
            assertArrayEquals((s + "|" + n).getBytes(StandardCharsets.UTF_8), bytes.toByteArray(), s);
        }
    }
}
