package io.ftpscope.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ftpscope.ftp.Command;
import io.ftpscope.ftp.CommandParser;
import io.ftpscope.ftp.DataChannelArgs;
import io.ftpscope.ftp.HostPort;
import io.ftpscope.ftp.LineFramer;
import io.ftpscope.ftp.Reply;
import io.ftpscope.ftp.ReplyAssembler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Fuzz targets for the pure FTP parsers. Without JAZZER_FUZZ they run once per saved input under
 * src/test/resources/io/ftpscope/fuzz/FtpParsersFuzzTestInputs/METHOD (regression mode); with it,
 * Jazzer mutates inputs (see docs/robustness.md).
 */
class FtpParsersFuzzTest {

    /**
     * The line framer cut into random chunks, then the command parser on every line. Oracle: for input
     * without Telnet IAC bytes the lines are exactly the input split at LF (CR before LF dropped), cut
     * at the cap; nothing is lost or invented, and nothing over the cap is ever held.
     */
    @FuzzTest
    void lineFramerAndCommands(FuzzedDataProvider data) {
        int maxLine = data.consumeInt(1, 300);
        int chunkSeed = data.consumeInt(1, 64);
        byte[] input = data.consumeRemainingAsBytes();
        List<String> lines = new ArrayList<>();
        List<Integer> flags = new ArrayList<>();
        LineFramer f = new LineFramer(maxLine, (text, ts, fl) -> {
            lines.add(text);
            flags.add(fl);
        });
        int off = 0;
        int step = chunkSeed;
        while (off < input.length) {
            int n = Math.min(step, input.length - off);
            f.feed(off, input, off, n);
            assertTrue(f.pending() <= maxLine, "held bytes never exceed the cap");
            off += n;
            step = step * 7 % 61 + 1;
        }
        f.end(input.length);
        for (String line : lines) {
            Command c = CommandParser.parse(line, false);
            assertNotNull(c);
            if (c.valid()) {
                assertFalse(c.verb().isEmpty());
                assertEquals(c.verb().toUpperCase(Locale.ROOT), c.verb());
                assertTrue(c.verb().indexOf(' ') < 0);
            }
            if (c.arg() != null) {
                assertTrue(line.endsWith(c.arg()), "the argument is the line's tail, verbatim");
            }
            // reply codes are 100-599 or nothing
            int code = ReplyAssembler.codeOf(line);
            assertTrue(code == 0 || (code >= 100 && code <= 599));
        }
        boolean hasIac = false;
        for (byte b : input) {
            hasIac |= (b & 0xff) == 0xff;
        }
        if (hasIac) {
            return;
        }
        // reference framing, byte by byte
        List<byte[]> expected = new ArrayList<>();
        ByteArrayOutputStream cur = new ByteArrayOutputStream();
        boolean overflow = false;
        boolean any = false;
        for (byte b : input) {
            if (b == '\n') {
                expected.add(finish(cur.toByteArray(), overflow));
                cur.reset();
                overflow = false;
                any = false;
                continue;
            }
            any = true;
            if (cur.size() < maxLine) {
                cur.write(b);
            } else {
                overflow = true;
            }
        }
        if (any) {
            expected.add(finish(cur.toByteArray(), overflow));
        }
        assertEquals(expected.size(), lines.size(), "one line per LF, plus a final unterminated one");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(decode(expected.get(i)), lines.get(i), "line " + i);
            assertTrue(lines.get(i).length() <= maxLine);
        }
    }

    private static byte[] finish(byte[] b, boolean overflow) {
        if (!overflow && b.length > 0 && b[b.length - 1] == '\r') {
            return java.util.Arrays.copyOf(b, b.length - 1);
        }
        return b;
    }

    private static String decode(byte[] b) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            return new String(b, StandardCharsets.ISO_8859_1);
        }
    }

    /** Reply lines into replies: multi-line grouping, the line cap, flushes at gaps. */
    @FuzzTest
    void replyAssembler(FuzzedDataProvider data) {
        int maxLines = data.consumeInt(1, 8);
        List<Reply> out = new ArrayList<>();
        ReplyAssembler a = new ReplyAssembler((r, ts) -> out.add(r), maxLines);
        int fed = 0;
        int flushed = 0;
        while (data.remainingBytes() > 0) {
            if (data.consumeInt(0, 15) == 0) {
                a.flush(fed);
                flushed++;
                assertFalse(a.inMultiline());
                continue;
            }
            String line = data.consumeString(40);
            a.line(line, fed++, data.consumeBoolean());
        }
        a.flush(fed);
        int lines = 0;
        for (Reply r : out) {
            assertFalse(r.lines().isEmpty());
            assertTrue(r.lines().size() <= maxLines, "a reply holds at most maxLines lines");
            assertTrue(r.code() == 0 || (r.code() >= 100 && r.code() <= 599));
            assertNotNull(r.text());
            assertNotNull(r.lastText());
            lines += r.lines().size();
        }
        assertTrue(lines <= fed, "no line is invented");
        assertTrue(flushed >= 0);
    }

    /**
     * Each argument parser on arbitrary text: never throws, and whatever it accepts is a real address
     * and port that survives a round trip through the canonical form of its command.
     */
    @FuzzTest
    void dataChannelArgs(FuzzedDataProvider data) {
        String s = data.consumeRemainingAsString();
        HostPort port = DataChannelArgs.port(s);
        if (port != null) {
            check(port, 4);
            assertEquals(port, DataChannelArgs.port(portArg(port)));
        }
        HostPort pasv = DataChannelArgs.pasv(s);
        if (pasv != null) {
            check(pasv, 4);
            assertEquals(pasv, DataChannelArgs.pasv("Entering Passive Mode (" + portArg(pasv) + ")."));
        }
        HostPort eprt = DataChannelArgs.eprt(s);
        if (eprt != null) {
            assertTrue(eprt.port() >= 1 && eprt.port() <= 65535);
            assertTrue(eprt.version() == 4 || eprt.version() == 6);
            String arg = "|" + (eprt.version() == 4 ? 1 : 2) + "|" + eprt.ip() + "|" + eprt.port() + "|";
            assertEquals(eprt, DataChannelArgs.eprt(arg), arg);
        }
        HostPort epsv = DataChannelArgs.epsv(s);
        if (epsv != null) {
            assertEquals(0, epsv.version());
            assertTrue(epsv.port() >= 1 && epsv.port() <= 65535);
            assertEquals(epsv, DataChannelArgs.epsv("Entering Extended Passive Mode (|||" + epsv.port() + "|)"));
        }
        HostPort lprt = DataChannelArgs.lprt(s);
        if (lprt != null) {
            assertTrue(lprt.version() == 4 || lprt.version() == 6);
            check(lprt, lprt.version());
            assertEquals(lprt, DataChannelArgs.lprt(lprtArg(lprt)));
        }
        HostPort lpsv = DataChannelArgs.lpsv(s);
        if (lpsv != null) {
            check(lpsv, lpsv.version());
            assertEquals(lpsv, DataChannelArgs.lpsv("Entering Long Passive Mode (" + lprtArg(lpsv) + ")"));
        }
        if (s.indexOf(',') < 0) {
            assertNull(port, "PORT needs commas");
        }
    }

    private static void check(HostPort hp, int version) {
        assertEquals(version, hp.version());
        assertTrue(hp.port() >= 0 && hp.port() <= 65535);
        if (version == 4) {
            assertEquals(0, hp.hi());
            assertEquals(0, hp.lo() >>> 32);
        }
        assertNotNull(hp.toString());
    }

    private static String portArg(HostPort hp) {
        long ip = hp.lo();
        return (ip >>> 24 & 0xff) + "," + (ip >>> 16 & 0xff) + "," + (ip >>> 8 & 0xff) + "," + (ip & 0xff) + ","
                + (hp.port() >> 8) + "," + (hp.port() & 0xff);
    }

    private static String lprtArg(HostPort hp) {
        StringBuilder sb = new StringBuilder();
        if (hp.version() == 4) {
            long ip = hp.lo();
            sb.append("4,4,").append(ip >>> 24 & 0xff).append(',').append(ip >>> 16 & 0xff).append(',')
                    .append(ip >>> 8 & 0xff).append(',').append(ip & 0xff);
        } else {
            sb.append("6,16");
            for (int i = 0; i < 8; i++) {
                sb.append(',').append(hp.hi() >>> (56 - 8 * i) & 0xff);
            }
            for (int i = 0; i < 8; i++) {
                sb.append(',').append(hp.lo() >>> (56 - 8 * i) & 0xff);
            }
        }
        return sb.append(",2,").append(hp.port() >> 8).append(',').append(hp.port() & 0xff).toString();
    }
}
