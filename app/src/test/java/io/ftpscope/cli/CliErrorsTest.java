package io.ftpscope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.testutil.CaptureBytes;
import io.ftpscope.testutil.TestPaths;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliErrorsTest {
    @TempDir
    Path tmp;

    /** Exit code and what went to each stream. */
    record Result(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().filter(l -> !l.isBlank()).toList();
        }

        void assertNoStackTrace() {
            assertFalse(err.contains("Exception"), "no exception names for users:\n" + err);
            assertFalse(err.contains("at io."), "no stack trace:\n" + err);
            assertFalse(out.contains("at io."), "no stack trace:\n" + out);
        }
    }

    private static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, o, e);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Only the named command is built (start-up time), yet help and errors still know them all. */
    @Test
    void helpListsEveryCommandWhateverIsBuilt() {
        Result top = run("--help");
        assertEquals(0, top.code);
        for (String c : List.of("read", "explain", "live", "streams", "report", "help")) {
            assertTrue(top.out.contains("  " + c + " "), c + " missing from:\n" + top.out);
        }
        Result helpRead = run("help", "read");
        assertEquals(0, helpRead.code);
        assertTrue(helpRead.out.startsWith("Usage: ftpscope read"), helpRead.out);
        Result readHelp = run("read", "--help");
        assertEquals(helpRead.out, readHelp.out);
        Result unknown = run("rea", "x.pcap");
        assertEquals(Main.UNUSABLE, unknown.code);
        assertTrue(unknown.err.contains("rea"), unknown.err);
        assertTrue(unknown.err.contains("read"), "the usage that follows names the commands:\n" + unknown.err);
    }

    private static Path trace(String name) {
        return TestPaths.zeekTraces().resolve(name);
    }

    private static final Pattern PACKETS = Pattern.compile("(?m)^packets: ([\\d,]+) read, ([\\d,]+) decoded as TCP, ([\\d,]+) skipped(.*)$");

    private static long[] packetsLine(String out) {
        Matcher m = PACKETS.matcher(out);
        assertTrue(m.find(), "summary line in:\n" + out);
        return new long[] {num(m.group(1)), num(m.group(2)), num(m.group(3))};
    }

    private static long num(String s) {
        return Long.parseLong(s.replace(",", ""));
    }

    // ---------------------------------------------------------------- usage

    @Test
    void versionIsPrinted() {
        Result r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().matches("(?s)ftpscope \\d+\\.\\d+\\.\\d+.*"), r.out());
        assertFalse(r.out().contains("${"), "version was filtered in: " + r.out());
    }

    @Test
    void noCommandIsBadUsage() {
        Result r = run();
        assertEquals(2, r.code());
        assertTrue(r.err().contains("a command is required"), r.err());
        r.assertNoStackTrace();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--no-such-option", "streams --no-such-option", "streams", "frobnicate x.pcap"})
    void badUsageExitsWithTwo(String args) {
        Result r = run(args.split(" "));
        assertEquals(2, r.code(), r.err());
        assertFalse(r.err().isBlank());
        r.assertNoStackTrace();
    }

    @Test
    void unknownFormatIsBadUsage() {
        Result r = run("streams", "--format", "xml", trace("ftp__retr.pcap").toString());
        assertEquals(2, r.code());
        assertEquals(List.of("ftpscope: unknown format 'xml' (use table or json)"), r.errLines());
        assertEquals("", r.out());
    }

    // ---------------------------------------------------------------- unreadable inputs

    private void assertUnreadable(Result r, String fileName, String why) {
        assertEquals(2, r.code(), r.err());
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), "one line: " + r.err());
        assertTrue(lines.get(0).contains(fileName), lines.get(0));
        assertTrue(lines.get(0).contains(why), lines.get(0));
        assertEquals("", r.out(), "no results when nothing was read");
        r.assertNoStackTrace();
    }

    @Test
    void missingFile() {
        String f = tmp.resolve("missing-capture.pcap").toString();
        assertUnreadable(run("streams", f), f, "no such file");
    }

    @Test
    void garbageFile() throws Exception {
        Path f = Files.writeString(tmp.resolve("garbage.bin"), "GET / HTTP/1.1\r\nHost: example\r\n\r\n");
        assertUnreadable(run("streams", f.toString()), f.toString(), "not a pcap or pcapng file");
    }

    @Test
    void emptyFile() throws Exception {
        Path f = Files.write(tmp.resolve("empty.pcap"), new byte[0]);
        assertUnreadable(run("streams", f.toString()), f.toString(), "empty");
    }

    @Test
    void directory() {
        assertUnreadable(run("streams", tmp.toString()), tmp.toString(), "directory");
    }

    @Test
    void missingFileWithAFilter() {
        String f = tmp.resolve("missing-capture.pcap").toString();
        assertUnreadable(run("streams", "-f", "tcp port 21", f), f, "no such file");
    }

    @Test
    void badFilterIsOneLine() {
        Result r = run("streams", "-f", "tcp port banana", trace("ftp__retr.pcap").toString());
        assertEquals(2, r.code());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.err().contains("bad capture filter"), r.err());
        r.assertNoStackTrace();
    }

    // ---------------------------------------------------------------- damaged inputs

    /** Byte offsets of every record header in a classic pcap file. */
    private static long[] recordOffsets(byte[] f) {
        ByteBuffer b = ByteBuffer.wrap(f).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        if (magic != 0xA1B2C3D4 && magic != 0xA1B23C4D) {
            b.order(ByteOrder.BIG_ENDIAN);
        }
        long[] offs = new long[f.length / 16];
        int n = 0;
        int p = 24;
        while (p + 16 <= f.length) {
            offs[n++] = p;
            p += 16 + b.getInt(p + 8);
        }
        assertEquals(f.length, p, "test file is whole");
        return Arrays.copyOf(offs, n);
    }

    @Test
    void truncatedFileStillPrintsResultsAndWarns() throws Exception {
        byte[] whole = Files.readAllBytes(trace("ftp__ipv4.pcap"));
        long[] recs = recordOffsets(whole);
        int keep = recs.length / 2;                      // records 1..keep survive
        int cut = (int) recs[keep] + 16 + 10;            // inside the data of record keep+1
        Path f = Files.write(tmp.resolve("cut-in-record.pcap"), Arrays.copyOf(whole, cut));

        Result r = run("streams", f.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.out().contains("client -> server"), "the streams table is printed:\n" + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("^1\\s+\\S+ -> \\S+:21\\s.*")), "control connection row:\n" + r.out());
        assertEquals(keep, packetsLine(r.out())[0], "frames before the cut are all read");
        assertTrue(r.out().contains("warning: " + f + ": file truncated"), r.out());
        List<String> lines = r.errLines();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains(f.toString()) && lines.get(0).contains("truncated"), lines.get(0));
        assertTrue(lines.get(0).contains("record " + (keep + 1)), lines.get(0));
        r.assertNoStackTrace();
    }

    @Test
    void unknownLinkTypeFramesAreReadAndCountedAsSkipped() throws Exception {
        CaptureBytes.Pcap p = new CaptureBytes.Pcap(ByteOrder.LITTLE_ENDIAN, false, 147, 65535);
        for (int i = 0; i < 3; i++) {
            p.record(1_700_000_000L + i, 0, CaptureBytes.pattern(64, i));
        }
        Path f = Files.write(tmp.resolve("dlt147.pcap"), p.bytes());
        Result r = run("streams", f.toString());
        assertEquals(0, r.code(), "every frame was read: the file is fine, the frames are just not decodable\n" + r.err());
        assertTrue(r.out().contains("packets: 3 read, 0 decoded as TCP, 3 skipped (unknown link type: 3 [LINKTYPE_147])"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void oneMissingAndOneGoodInput() {
        String missing = tmp.resolve("gone.pcap").toString();
        Path good = trace("ftp__retr.pcap");
        Result r = run("streams", missing, good.toString());
        assertEquals(1, r.code());
        assertEquals(List.of("ftpscope: " + missing + ": no such file"), r.errLines());
        assertTrue(r.out().contains("error: " + missing + ": no such file"), r.out());
        assertEquals(67, packetsLine(r.out())[0]);
        assertTrue(r.out().lines().anyMatch(l -> l.matches("^1\\s+\\S+ -> \\S+:21\\s.*")), r.out());
        r.assertNoStackTrace();
    }

    @Test
    void allInputsMissingIsExitTwo() {
        String a = tmp.resolve("a.pcap").toString();
        String b = tmp.resolve("b.pcap").toString();
        Result r = run("streams", a, b);
        assertEquals(2, r.code());
        assertEquals(List.of("ftpscope: " + a + ": no such file", "ftpscope: " + b + ": no such file"), r.errLines());
    }

    @Test
    void wholeFileIsExitZeroWithNothingOnStderr() {
        Result r = run("streams", trace("ftp__ipv6.pcap").toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        long[] pk = packetsLine(r.out());
        assertEquals(136, pk[0]);
        assertEquals(pk[0], pk[1] + pk[2]);
    }

    @Test
    void standardInput() throws Exception {
        byte[] bytes = Files.readAllBytes(trace("ftp__retr.pcap"));
        InputStream saved = System.in;
        try {
            System.setIn(new ByteArrayInputStream(bytes));
            Result r = run("streams", "-");
            assertEquals(0, r.code(), r.err());
            assertEquals(67, packetsLine(r.out())[0]);
        } finally {
            System.setIn(saved);
        }
    }

    // ---------------------------------------------------------------- JSON

    @ParameterizedTest
    @ValueSource(strings = {"ftp__ipv4.pcap", "ftp__ipv6.pcap", "ftp__ftp-many-port-expected.pcap.gz"})
    void jsonSummaryCountsEveryFrameOfTheFile(String name) throws Exception {
        Path f = trace(name);
        Result r = run("streams", "--format", "json", f.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode root = new ObjectMapper().readTree(r.out());
        long expected = capinfosCount(f);
        JsonNode packets = root.path("summary").path("packets");
        assertEquals(expected, packets.path("read").asLong(-1), r.out());
        assertEquals(expected, packets.path("decoded").asLong() + packets.path("skipped").asLong());
        JsonNode inputs = root.path("summary").path("inputs");
        assertEquals(1, inputs.size());
        assertEquals(f.toString(), inputs.get(0).path("file").asText());
        assertEquals(expected, inputs.get(0).path("frames").asLong());
        assertTrue(inputs.get(0).path("damage").isNull());
        assertTrue(inputs.get(0).path("error").isNull());
        assertTrue(root.path("streams").isArray() && root.path("streams").size() > 0);
        assertTrue(root.path("version").asText().matches("\\d+\\.\\d+\\.\\d+.*"));
        long sum = 0;
        for (JsonNode v : packets.path("skipped_by_reason")) {
            sum += v.asLong();
        }
        assertEquals(packets.path("skipped").asLong(), sum);
    }

    @Test
    void jsonForATruncatedFileCarriesTheDamage() throws Exception {
        byte[] whole = Files.readAllBytes(trace("ftp__ipv6.pcap"));
        long[] recs = recordOffsets(whole);
        Path f = Files.write(tmp.resolve("cut.pcap"), Arrays.copyOf(whole, (int) recs[100] + 5));
        Result r = run("streams", "--format", "json", f.toString());
        assertEquals(1, r.code());
        JsonNode root = new ObjectMapper().readTree(r.out());
        assertEquals(100, root.path("summary").path("packets").path("read").asLong());
        assertTrue(root.path("summary").path("inputs").get(0).path("damage").asText().contains("truncated"), r.out());
        assertEquals(1, r.errLines().size(), r.err());
    }

    private static long capinfosCount(Path f) {
        if (TestPaths.haveTool("capinfos")) {
            String line = TestPaths.run("capinfos", "-M", "-T", "-r", "-c", f.toString()).trim();
            return Long.parseLong(line.substring(line.lastIndexOf('\t') + 1));
        }
        // Without wireshark-common, fall back to counting pcap records ourselves.
        try {
            byte[] b = Files.readAllBytes(f);
            if (f.toString().endsWith(".gz")) {
                b = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(b)).readAllBytes();
            }
            return recordOffsets(b).length;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
