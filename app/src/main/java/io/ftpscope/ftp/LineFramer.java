package io.ftpscope.ftp;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Cuts one direction of a control connection into lines, like Netty's LineBasedFrameDecoder but for
 * a passive observer: a line ends at LF (CR before it is dropped), Telnet IAC sequences are removed,
 * and a line longer than the cap is passed on cut and flagged rather than buffered forever.
 * Text is UTF-8 where valid (RFC 2640), else Latin-1 so no byte is lost.
 */
public final class LineFramer {
    /** Receives complete lines. */
    public interface Sink {
        /** @param flags a combination of {@link #TOO_LONG}, {@link #CUT_BY_GAP} and {@link #BARE_LF} */
        void line(String text, long ts, int flags);
    }

    /** The line exceeded the cap; what follows up to the line end was dropped. */
    public static final int TOO_LONG = 1;
    /** The capture lost bytes before the line end; the text is the part before the gap. */
    public static final int CUT_BY_GAP = 2;
    /** The line ended with LF alone, not CRLF. */
    public static final int BARE_LF = 4;

    private static final int IAC = 255;
    private final int maxLine;
    private final Sink sink;
    private byte[] buf;
    private int len;
    private boolean overflow;
    private long discarded;
    private int iacState; // 0 none, 1 after IAC, 2 after WILL/WONT/DO/DONT, 3 in SB, 4 IAC inside SB
    private long lineStartTs = -1;
    private long overLongLines;

    public LineFramer(int maxLine, Sink sink) {
        this.maxLine = maxLine;
        this.sink = sink;
        this.buf = EMPTY;
    }

    private static final byte[] EMPTY = new byte[0];

    public void feed(long ts, byte[] b, int off, int n) {
        int end = off + n;
        if (len == 0 && iacState == 0 && !overflow) {
            off = whole(ts, b, off, end); // lines complete in this chunk need no buffer at all
        }
        for (int i = off; i < end; i++) {
            int c = b[i] & 0xff;
            if (iacState != 0 || c == IAC) {
                telnet(c);
                continue;
            }
            if (c == '\n') {
                emit(ts);
                continue;
            }
            if (lineStartTs < 0) {
                lineStartTs = ts;
            }
            append(c);
        }
    }

    /**
     * Emits the complete, ordinary lines at the start of a chunk straight from the caller's bytes
     * (no Telnet bytes, within the cap); returns where the rest must go through the byte loop.
     * The scan for the line end does one test per byte: the bytes are OR-ed together on the way,
     * and only a line with a byte above 0x7F (rare: UTF-8 names) is looked at again, for IAC.
     */
    private int whole(long ts, byte[] b, int off, int end) {
        int start = off;
        while (start < end) {
            int lim = end - start > maxLine ? start + maxLine : end; // a line end at or past the cap is the byte loop's
            int i = start;
            int high = 0;
            byte c = 0;
            while (i < lim && (c = b[i]) != '\n') {
                high |= c;
                i++;
            }
            if (i == lim) {
                return start;
            }
            if (high < 0 && hasIac(b, start, i)) {
                return start;
            }
            boolean bareLf = i == start || b[i - 1] != '\r';
            int n = bareLf ? i - start : i - start - 1;
            sink.line(high >= 0 ? ascii(b, start, n) : decode(b, start, n), ts, bareLf ? BARE_LF : 0);
            start = i + 1;
        }
        return start;
    }

    private static boolean hasIac(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] == (byte) IAC) {
                return true;
            }
        }
        return false;
    }

    private static String ascii(byte[] b, int off, int n) {
        return new String(b, off, n, StandardCharsets.ISO_8859_1); // the same text for ASCII bytes
    }

    private void telnet(int c) {
        switch (iacState) {
            case 0 -> iacState = 1;
            case 1 -> {
                if (c == IAC) { // escaped 0xFF data byte
                    iacState = 0;
                    append(IAC);
                } else if (c >= 251 && c <= 254) {
                    iacState = 2;
                } else if (c == 250) {
                    iacState = 3;
                } else {
                    iacState = 0; // IP, DM, AYT ... carry no text
                }
            }
            case 2 -> iacState = 0;
            case 3 -> iacState = c == IAC ? 4 : 3;
            case 4 -> iacState = c == 240 ? 0 : 3;
            default -> iacState = 0;
        }
    }

    private void append(int c) {
        if (len < maxLine) {
            if (len == buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.min(maxLine, Math.max(64, buf.length * 2)));
            }
            buf[len++] = (byte) c;
        } else {
            overflow = true;
            discarded++;
        }
    }

    private void emit(long ts) {
        emit(ts, false);
    }

    private void emit(long ts, boolean cutByGap) {
        boolean bareLf = len == 0 || buf[len - 1] != '\r';
        int n = bareLf ? len : len - 1;
        int flags = bareLf ? BARE_LF : 0;
        if (overflow || cutByGap) {
            flags = overflow ? TOO_LONG : CUT_BY_GAP;
            if (overflow) {
                overLongLines++;
            }
            n = len;
        }
        String text = decode(buf, 0, n);
        long start = lineStartTs < 0 ? ts : lineStartTs;
        len = 0;
        overflow = false;
        lineStartTs = -1;
        buf = EMPTY; // idle sessions hold no buffer; the next partial line allocates one
        sink.line(text, start, flags);
    }

    /**
     * The capture lost bytes here. The partial line collected so far is passed on flagged as
     * truncated (with snaplen cuts it is the head of a line, and its reply code is still useful).
     */
    public void gap(long ts) {
        iacState = 0;
        if (len > 0 || overflow) {
            emit(ts, true);
        }
    }

    /** End of the stream: a final line without LF is still a line. */
    public void end(long ts) {
        if (len > 0 || overflow) {
            emit(ts);
        }
    }

    /** Bytes currently held for an unfinished line (bounded by the cap). */
    public int pending() {
        return len;
    }

    public long overLongLines() {
        return overLongLines;
    }

    public long discardedBytes() {
        return discarded;
    }

    static String decode(byte[] b, int off, int n) {
        boolean ascii = true;
        for (int i = off; i < off + n; i++) {
            if (b[i] < 0) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return ascii(b, off, n);
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer cb = d.decode(ByteBuffer.wrap(b, off, n));
            return cb.toString();
        } catch (CharacterCodingException e) {
            return new String(b, off, n, StandardCharsets.ISO_8859_1);
        }
    }
}
