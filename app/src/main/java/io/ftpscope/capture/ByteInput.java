package io.ftpscope.capture;

import java.io.IOException;
import java.io.InputStream;

/**
 * A refillable window over an input stream. Records are parsed in place from {@link #buf()} so a
 * frame costs no copy and no allocation; the window grows only for records larger than it.
 */
final class ByteInput {
    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    private long consumed; // bytes before buf[0]
    private boolean eof;

    ByteInput(InputStream in, int initialSize) {
        this.in = in;
        this.buf = new byte[initialSize];
    }

    /** Makes n bytes available at {@link #pos()}; false when the input ends first. */
    boolean ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            consumed += pos;
            limit -= pos;
            pos = 0;
        }
        if (n > buf.length) {
            byte[] bigger = new byte[Math.max(n, buf.length * 2)];
            System.arraycopy(buf, 0, bigger, 0, limit);
            buf = bigger;
        }
        while (limit < n && !eof) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return limit - pos >= n;
    }

    byte[] buf() {
        return buf;
    }

    int pos() {
        return pos;
    }

    void skip(int n) {
        pos += n;
    }

    /** Bytes available at pos (after a failed ensure: what the input still had). */
    int available() {
        return limit - pos;
    }

    /** Offset in the (decompressed) input of the byte at pos. */
    long offset() {
        return consumed + pos;
    }

    /** Reads and discards n bytes that may exceed the window (a huge block being skipped). */
    boolean skipLong(long n) throws IOException {
        while (n > 0) {
            if (!ensure(1)) {
                return false;
            }
            int step = (int) Math.min(n, limit - pos);
            pos += step;
            n -= step;
        }
        return true;
    }
}
