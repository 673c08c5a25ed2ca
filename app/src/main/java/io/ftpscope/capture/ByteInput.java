package io.ftpscope.capture;

import java.io.IOException;
import java.io.InputStream;

/**
 * A refillable window over an input stream. Records are parsed in place from {@link #buf()} so a
 * frame costs no copy and no allocation; the window grows only for records larger than it. With a
 * {@link BufferLender}, the window moves to a fresh lent buffer instead of sliding back over the
 * frames already handed over, so those stay valid for whoever holds them.
 */
final class ByteInput {
    private static final byte[] EMPTY = new byte[0];
    private final InputStream in;
    private final BufferLender lender;
    private byte[] buf;
    private int pos;
    private int limit;
    private long consumed; // bytes before buf[0]
    private boolean eof;

    ByteInput(InputStream in, int initialSize) {
        this(in, initialSize, null);
    }

    /** With a lender, the first buffer comes from it too (initialSize is then unused). */
    ByteInput(InputStream in, int initialSize, BufferLender lender) {
        this.in = in;
        this.lender = lender;
        this.buf = lender == null ? new byte[initialSize] : EMPTY;
    }

    /**
     * Makes n bytes available at {@link #pos()}; false when the input ends first. Reads go into the
     * room after what is buffered; only when the room runs out does the window move (to a lent
     * buffer) or slide back (over its own), so a stream that gives little per read (gzip) does not
     * make a lender hand over a batch per read.
     */
    boolean ensure(int n) throws IOException {
        if (limit - pos >= n) {
            return true;
        }
        if (buf.length - pos < n) {
            if (lender != null) {
                byte[] next = lender.next(buf, n);
                System.arraycopy(buf, pos, next, 0, limit - pos);
                buf = next;
            } else {
                if (n > buf.length) {
                    buf = java.util.Arrays.copyOf(buf, Math.max(n, buf.length * 2));
                }
                System.arraycopy(buf, pos, buf, 0, limit - pos);
            }
            consumed += pos;
            limit -= pos;
            pos = 0;
        }
        while (limit - pos < n && !eof) {
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
