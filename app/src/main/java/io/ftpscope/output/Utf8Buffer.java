package io.ftpscope.output;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Output text built straight as UTF-8 bytes, for outputs that write many short fields: ASCII goes in
 * byte by byte, anything else through {@link String#getBytes}, so the result is what encoding the
 * whole text at once would give, without the StringBuilder, String and byte[] copies in between.
 */
final class Utf8Buffer {
    private static final int SIZE = 8192;
    private byte[] buf = new byte[SIZE];
    private int len;

    int length() {
        return len;
    }

    Utf8Buffer append(char ascii) {
        ensure(1);
        buf[len++] = (byte) ascii;
        return this;
    }

    Utf8Buffer append(String s) {
        return append(s, 0, s.length());
    }

    Utf8Buffer append(String s, int from, int to) {
        ensure(to - from);
        int start = len;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                len = start;
                return appendBytes(s.substring(from, to).getBytes(StandardCharsets.UTF_8));
            }
            buf[len++] = (byte) c;
        }
        return this;
    }

    /**
     * Appends the printable ASCII characters of {@code s} from {@code from} on, up to {@code to} or the
     * first control character, DEL or non-ASCII character; returns where it stopped.
     */
    int appendPrintable(String s, int from, int to) {
        ensure(to - from);
        int i = from;
        for (; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                break;
            }
            buf[len++] = (byte) c;
        }
        return i;
    }

    private Utf8Buffer appendBytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    /** Appends a copy of what this buffer holds from {@code from} to {@code to}. */
    Utf8Buffer appendCopy(int from, int to) {
        ensure(to - from);
        System.arraycopy(buf, from, buf, len, to - from);
        len += to - from;
        return this;
    }

    /** A decimal number, as {@link Long#toString(long)} writes it. */
    Utf8Buffer append(long v) {
        if (v < 0 || v > Integer.MAX_VALUE) {
            return append(Long.toString(v)); // rare here: ports, codes, sizes and epoch seconds fit an int
        }
        int n = (int) v; // int division: C1 calls out to the runtime for every long division
        int digits = 1;
        for (int t = n; t >= 10; t /= 10) {
            digits++;
        }
        ensure(digits);
        for (int i = len + digits - 1; i >= len; i--) {
            buf[i] = (byte) ('0' + n % 10);
            n /= 10;
        }
        len += digits;
        return this;
    }

    /** {@code v} (0 to 999,999) with leading zeros to six digits: the microseconds of a timestamp. */
    Utf8Buffer appendSixDigits(int v) {
        ensure(6);
        for (int i = len + 5; i >= len; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        len += 6;
        return this;
    }

    /** Writes what was built and starts over. */
    void writeTo(PrintStream out) {
        if (len > 0) {
            out.write(buf, 0, len);
        }
        len = 0;
        if (buf.length > 128 * SIZE) {
            buf = new byte[SIZE]; // one huge session does not keep a huge buffer
        }
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }
}
