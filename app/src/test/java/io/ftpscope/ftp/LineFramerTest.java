package io.ftpscope.ftp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFramerTest {
    private final List<String> lines = new ArrayList<>();
    private final List<Integer> flags = new ArrayList<>();

    private LineFramer framer(int max) {
        return new LineFramer(max, (t, ts, f) -> {
            lines.add(t);
            flags.add(f);
        });
    }

    private static void feed(LineFramer f, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        f.feed(0, b, 0, b.length);
    }

    @Test
    void crlfAndBareLfBothEndLines() {
        LineFramer f = framer(100);
        feed(f, "USER a\r\nPASS b\nNOOP\r\n");
        assertEquals(List.of("USER a", "PASS b", "NOOP"), lines);
        assertEquals(List.of(0, LineFramer.BARE_LF, 0), flags);
    }

    @Test
    void linesSplitAcrossSegments() {
        LineFramer f = framer(100);
        feed(f, "RE");
        feed(f, "TR fi");
        feed(f, "le.bin\r");
        assertTrue(lines.isEmpty());
        feed(f, "\n");
        assertEquals(List.of("RETR file.bin"), lines);
    }

    @Test
    void telnetSequencesAreStripped() {
        LineFramer f = framer(100);
        // IAC IP, IAC DM (the ABOR "synch" of RFC 959 4.1.3), then IAC WILL x, and an escaped 0xFF
        byte[] b = {(byte) 255, (byte) 244, (byte) 255, (byte) 242, 'A', 'B', 'O', 'R', '\r', '\n',
            (byte) 255, (byte) 251, 1, 'X', (byte) 255, (byte) 255, 'Y', '\n'};
        f.feed(0, b, 0, b.length);
        assertEquals("ABOR", lines.get(0));
        assertEquals("X\u00ffY", lines.get(1));
    }

    @Test
    void overLongLineIsCutFlaggedAndBounded() {
        LineFramer f = framer(64);
        byte[] big = new byte[1 << 20];
        java.util.Arrays.fill(big, (byte) 'A');
        f.feed(0, big, 0, big.length);
        assertTrue(f.pending() <= 64, "buffer stays within the cap");
        feed(f, "\r\nNOOP\r\n");
        assertEquals(2, lines.size());
        assertEquals(64, lines.get(0).length());
        assertEquals(LineFramer.TOO_LONG, flags.get(0));
        assertEquals("NOOP", lines.get(1));
        assertEquals(1, f.overLongLines());
    }

    @Test
    void gapPassesThePartialLineOnAsCut() {
        LineFramer f = framer(100);
        feed(f, "227 Entering Passive Mode (10,");
        f.gap(5);
        feed(f, "200 ok\r\n");
        assertEquals(List.of("227 Entering Passive Mode (10,", "200 ok"), lines);
        assertEquals(LineFramer.CUT_BY_GAP, flags.get(0));
    }

    @Test
    void utf8WithLatin1Fallback() {
        LineFramer f = framer(100);
        byte[] utf8 = "RETR caf\u00e9.txt\r\n".getBytes(StandardCharsets.UTF_8);
        f.feed(0, utf8, 0, utf8.length);
        byte[] latin1 = "RETR caf\u00e9.txt\r\n".getBytes(StandardCharsets.ISO_8859_1);
        f.feed(0, latin1, 0, latin1.length);
        assertEquals("RETR caf\u00e9.txt", lines.get(0));
        assertEquals("RETR caf\u00e9.txt", lines.get(1));
    }

    @Test
    void endFlushesAnUnterminatedLine() {
        LineFramer f = framer(100);
        feed(f, "QUIT");
        f.end(1);
        assertEquals(List.of("QUIT"), lines);
    }

    /**
     * Whole lines in a chunk take a fast path (straight from the caller's bytes); the byte loop
     * takes everything else. Fed one byte at a time a stream goes (nearly) all through the loop, so
     * both must cut random streams (CR, LF, Telnet commands, bytes above 0x7F, lines around the cap)
     * into the same lines with the same flags.
     */
    @Test
    void fastPathAndByteLoopAgree() {
        byte[] pool = {'A', 'b', ' ', '1', '\r', '\n', '\n', (byte) 0xff, (byte) 0xfb, (byte) 0xf0, (byte) 0xfa, (byte) 0xe9,
            (byte) 0xc3, (byte) 0xa9, (byte) 0x80, 0};
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int round = 0; round < 3000; round++) {
            int max = 1 + r.nextInt(40);
            byte[] data = new byte[r.nextInt(300)];
            for (int i = 0; i < data.length; i++) {
                data[i] = r.nextInt(4) == 0 ? pool[r.nextInt(pool.length)] : (byte) ('a' + r.nextInt(26));
            }
            List<String> got = new ArrayList<>();
            LineFramer chunks = new LineFramer(max, (t, ts, f) -> got.add(f + ":" + t));
            for (int at = 0; at < data.length; ) {
                int n = Math.min(data.length - at, 1 + r.nextInt(80));
                chunks.feed(0, data, at, n);
                at += n;
            }
            chunks.end(0);
            List<String> want = new ArrayList<>();
            LineFramer bytes = new LineFramer(max, (t, ts, f) -> want.add(f + ":" + t));
            for (int at = 0; at < data.length; at++) {
                bytes.feed(0, data, at, 1);
            }
            bytes.end(0);
            assertEquals(want, got, "round " + round + " cap " + max);
        }
    }
}
