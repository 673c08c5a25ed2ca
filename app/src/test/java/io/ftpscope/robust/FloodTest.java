package io.ftpscope.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ftpscope.capture.PcapWriter;
import io.ftpscope.net.LinkTypes;
import io.ftpscope.testutil.Frames;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile captures built to exhaust state, each read by the real CLI in a child JVM with a small
 * heap ({@value #XMX}). Every flood must end normally, within its cap, with the cap's counter in the
 * output. Heap peak, time and counters per case are printed at the end (docs/robustness.md).
 */
class FloodTest {
    static final String XMX = "-Xmx" + System.getProperty("ftpscope.flood.xmx", "128m");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] CLIENT = Frames.ipv4(10, 0, 0, 1);
    private static final byte[] SERVER = Frames.ipv4(10, 0, 0, 2);
    private static final Map<String, String> RESULTS = new TreeMap<>();

    @TempDir
    static Path dir;

    /** Frames written with a 1 ms clock. */
    static final class Writer implements AutoCloseable {
        final PcapWriter w;
        long ts = 1_700_000_000_000_000_000L;
        long frames;

        Writer(Path file) throws IOException {
            OutputStream os = Files.newOutputStream(file);
            w = new PcapWriter(os, LinkTypes.ETHERNET, 65535);
        }

        void frame(byte[] f) throws IOException {
            ts += 1_000_000;
            frames++;
            w.write(ts, f, 0, f.length, f.length);
        }

        @Override
        public void close() throws IOException {
            w.close();
        }
    }

    /** One TCP connection with its own sequence numbers; data is cut into 1400-byte segments. */
    static final class Tcp {
        final Writer w;
        final byte[] c;
        final byte[] s;
        final int cport;
        final int sport;
        int cseq = 1000;
        int sseq = 5000;

        Tcp(Writer w, byte[] c, int cport, byte[] s, int sport) {
            this.w = w;
            this.c = c;
            this.s = s;
            this.cport = cport;
            this.sport = sport;
        }

        Tcp open() throws IOException {
            w.frame(Frames.eth4(c, cport, s, sport, cseq++, 0, 0x02, new byte[0]));
            w.frame(Frames.eth4(s, sport, c, cport, sseq++, cseq, 0x12, new byte[0]));
            return this;
        }

        Tcp client(byte[] d) throws IOException {
            for (int off = 0; off < d.length; off += 1400) {
                byte[] chunk = java.util.Arrays.copyOfRange(d, off, Math.min(d.length, off + 1400));
                w.frame(Frames.eth4(c, cport, s, sport, cseq, sseq, 0x18, chunk));
                cseq += chunk.length;
            }
            return this;
        }

        Tcp server(byte[] d) throws IOException {
            for (int off = 0; off < d.length; off += 1400) {
                byte[] chunk = java.util.Arrays.copyOfRange(d, off, Math.min(d.length, off + 1400));
                w.frame(Frames.eth4(s, sport, c, cport, sseq, cseq, 0x18, chunk));
                sseq += chunk.length;
            }
            return this;
        }

        Tcp client(String t) throws IOException {
            return client(t.getBytes(StandardCharsets.ISO_8859_1));
        }

        Tcp server(String t) throws IOException {
            return server(t.getBytes(StandardCharsets.ISO_8859_1));
        }

        void close() throws IOException {
            w.frame(Frames.eth4(c, cport, s, sport, cseq++, sseq, 0x11, new byte[0]));
            w.frame(Frames.eth4(s, sport, c, cport, sseq++, cseq, 0x11, new byte[0]));
        }
    }

    static byte[] host(int n) {
        return Frames.ipv4(10, 1 + (n >> 16 & 0xff), n >> 8 & 0xff, n & 0xff);
    }

    /** The outcome of one child run: exit code, stats, heap, time. */
    record Outcome(int code, JsonNode stats, List<JsonNode> sessionCounters, long heapPeak, long livePeak, long millis, String err) {
        long stat(String path) {
            JsonNode n = stats;
            for (String p : path.split("\\.")) {
                n = n.path(p);
            }
            assertFalse(n.isMissingNode(), "no " + path + " in stats");
            return n.asLong();
        }
    }

    /** Runs `ftpscope read --format json ARGS` in a child JVM with XMX; keeps stats and per-session counters. */
    static Outcome run(String name, Path capture, String... options) throws Exception {
        Path out = dir.resolve(name + ".json");
        Path err = dir.resolve(name + ".err");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), XMX,
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), HeapProbeMain.class.getName(), "read", "--format", "json"));
        cmd.addAll(List.of(options));
        cmd.add(capture.toString());
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(name + ": still running after 60 s");
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String e = Files.readString(err);
        assertFalse(e.contains("OutOfMemoryError") || e.contains("Exception") || e.contains("internal error"), name + ": " + e);
        Matcher m = Pattern.compile("heap-peak-used: (\\d+) live-peak: (-?\\d+)").matcher(e);
        assertTrue(m.find(), name + ": no heap report: " + e);
        // stream the document: the sessions array can be large, only its counters are kept
        JsonNode stats = null;
        List<JsonNode> sessions = new ArrayList<>();
        try (JsonParser jp = new JsonFactory().createParser(out.toFile())) {
            jp.setCodec(JSON);
            assertEquals(JsonToken.START_OBJECT, jp.nextToken());
            while (jp.nextToken() == JsonToken.FIELD_NAME) {
                String f = jp.currentName();
                jp.nextToken();
                if (f.equals("sessions")) {
                    while (jp.nextToken() == JsonToken.START_OBJECT) {
                        JsonNode s = jp.readValueAsTree();
                        if (sessions.size() < 5) {
                            ((com.fasterxml.jackson.databind.node.ObjectNode) s).remove(List.of("commands", "transfers", "data_connections"));
                            sessions.add(s);
                        }
                    }
                } else if (f.equals("stats")) {
                    stats = jp.readValueAsTree();
                } else {
                    jp.skipChildren();
                }
            }
        }
        assertTrue(stats != null, name + ": no stats");
        return new Outcome(p.exitValue(), stats, sessions, Long.parseLong(m.group(1)), Long.parseLong(m.group(2).trim()), ms, e);
    }

    static void record(String name, long frames, Outcome o, String counters) {
        RESULTS.put(name, String.format("| %s | %,d | %d | %.1f MB | %s | %.1f s | %s |", name, frames, o.code(),
                o.heapPeak() / 1048576.0, o.livePeak() < 0 ? "no full GC" : String.format("%.1f MB", o.livePeak() / 1048576.0),
                o.millis() / 1000.0, counters));
    }

    @AfterAll
    static void report() {
        StringBuilder sb = new StringBuilder("| case | frames | exit | heap peak (incl. garbage) | live heap (max after a full GC) | time | counters |\n|---|---|---|---|---|---|---|\n");
        RESULTS.values().forEach(v -> sb.append(v).append('\n'));
        System.out.println("flood results (" + XMX + "):\n" + sb);
    }

    @BeforeAll
    static void check() {
        assertTrue(System.getProperty("java.class.path").contains("test-classes"), "the child JVM needs the test classpath");
    }

    /** 100,000 SYNs to port 21 from distinct hosts, never answered. */
    @Test
    void synFlood() throws Exception {
        Path f = dir.resolve("syn-flood.pcap");
        long frames;
        try (Writer w = new Writer(f)) {
            for (int i = 0; i < 100_000; i++) {
                w.frame(Frames.eth4(host(i), 1024 + i % 60000, SERVER, 21, i * 7919, 0, 0x02, new byte[0]));
            }
            frames = w.frames;
        }
        Outcome o = run("syn-flood", f);
        assertEquals(0, o.code(), o.err());
        assertEquals(100_000, o.stat("tcp_streams"));
        long evicted = o.stat("tcp.evicted");
        if (XMX.equals("-Xmx128m")) { // the connection cap follows the heap: one per 2.5 KiB, ~50,000 for 128 MB
            assertTrue(evicted > 40_000 && evicted < 60_000, "the heap-derived connection cap evicts the longest idle: " + evicted);
        }
        record("SYN flood, 100k half-open to :21 (defaults)", frames, o, "tcp_streams " + o.stat("tcp_streams") + ", evicted " + evicted
                + ", ftp_sessions " + o.stat("ftp_sessions"));
        Outcome capped = run("syn-flood-capped", f, "--max-connections", "10000");
        assertEquals(0, capped.code(), capped.err());
        assertEquals(90_000, capped.stat("tcp.evicted"), "the cap evicts the longest idle");
        record("SYN flood, --max-connections 10000", frames, capped, "evicted " + capped.stat("tcp.evicted"));
    }

    /** One session announcing 100,000 data channels (PASV and PORT, each with its RETR refused) that never connect. */
    @Test
    void expectationFlood() throws Exception {
        Path f = dir.resolve("expectations.pcap");
        long frames;
        try (Writer w = new Writer(f)) {
            Tcp t = new Tcp(w, CLIENT, 40000, SERVER, 21).open();
            t.server("220 hi\r\n").client("USER u\r\n").server("331 pw\r\n").client("PASS p\r\n").server("230 ok\r\n");
            for (int i = 0; i < 50_000; i++) { // in lockstep: each announcement is answered before the next command
                int port = 1024 + i;
                t.client("PASV\r\n").server("227 Entering Passive Mode (10,0,0,2," + (port >> 8) + "," + (port & 0xff) + ").\r\n");
                t.client("RETR f\r\n").server("425 Can't open data connection.\r\n");
                t.client("PORT 10,0,0,1," + (port >> 8) + "," + (port & 0xff) + "\r\n").server("200 PORT ok\r\n");
                t.client("RETR f\r\n").server("425 Can't open data connection.\r\n");
            }
            t.close();
            frames = w.frames;
        }
        Outcome o = run("expectations", f);
        assertEquals(0, o.code(), o.err());
        assertEquals(100_000, o.stat("expectations"));
        assertEquals(100_000, o.stat("expectations_dropped") + o.stat("expectations_unused") + o.stat("expectations_expired"),
                "every expectation is accounted for: " + o.stats());
        assertTrue(o.stat("expectations_dropped") >= 100_000 - 10, "all but the per-session cap of 10 are dropped: " + o.stats());
        long dropped = o.sessionCounters().get(0).path("commands_dropped").asLong();
        // 200,002 commands and the greeting: 10,000 stored, the rest counted (pending drops count too)
        assertTrue(dropped >= 200_003 - 10_000, "stored commands are capped at 10,000: " + dropped);
        record("100k PASV/PORT expectations never used", frames, o, "expectations " + o.stat("expectations") + ", dropped "
                + o.stat("expectations_dropped") + ", unused " + o.stat("expectations_unused") + "; commands_dropped " + dropped);
    }

    /** A client that sends 10 MB without a line end. */
    @Test
    void endlessCommandLine() throws Exception {
        Path f = dir.resolve("long-line.pcap");
        long frames;
        try (Writer w = new Writer(f)) {
            Tcp t = new Tcp(w, CLIENT, 40000, SERVER, 21).open();
            t.server("220 hi\r\n");
            byte[] a = new byte[1400 * 100];
            java.util.Arrays.fill(a, (byte) 'A');
            for (int i = 0; i < 75; i++) { // 10.5 MB
                t.client(a);
            }
            t.client("\r\nQUIT\r\n").server("221 bye\r\n").close();
            frames = w.frames;
        }
        Outcome o = run("long-line", f);
        assertEquals(0, o.code(), o.err());
        JsonNode s = o.sessionCounters().get(0);
        assertEquals(1, s.path("over_long_lines").asLong(), "the 10 MB line is cut once and counted");
        record("10 MB command line without CRLF", frames, o, "over_long_lines " + s.path("over_long_lines").asLong());
    }

    /** 1,000,000 commands pipelined before any reply, then 1,000,000 replies. */
    @Test
    void pipelinedCommands() throws Exception {
        Path f = dir.resolve("pipelined.pcap");
        long frames;
        try (Writer w = new Writer(f)) {
            Tcp t = new Tcp(w, CLIENT, 40000, SERVER, 21).open();
            t.server("220 hi\r\n");
            byte[] noops = "NOOP\r\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
            byte[] oks = "200 NOOP ok\r\n".repeat(10_000).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 100; i++) {
                t.client(noops);
            }
            for (int i = 0; i < 100; i++) {
                t.server(oks);
            }
            t.close();
            frames = w.frames;
        }
        Outcome o = run("pipelined", f);
        assertEquals(0, o.code(), o.err());
        JsonNode s = o.sessionCounters().get(0);
        long dropped = s.path("commands_dropped").asLong();
        long pending = s.path("pending_commands_dropped").asLong();
        // 1,000,000 NOOPs, the greeting and the 999,000 replies that found no waiting command: 10,000 stored
        assertEquals(1_000_001 + 999_000 - 10_000, dropped, "entries beyond the stored cap are counted");
        assertEquals(999_000, pending, "commands pushed out of the 1,000-deep reply queue are counted");
        record("1M pipelined commands", frames, o, "commands_dropped " + dropped + ", pending_commands_dropped " + pending);
    }

    /**
     * Connections whose client sends data far ahead of a hole that is never filled nor acknowledged:
     * 100 connections each keep 3.5 MB waiting (under the 4 MiB per-direction cap), 350 MB in all.
     */
    @Test
    void reassemblyBufferAttack() throws Exception {
        Path f = dir.resolve("reassembly.pcap");
        long frames;
        byte[] payload = new byte[1400];
        try (Writer w = new Writer(f)) {
            List<Tcp> conns = new ArrayList<>();
            for (int k = 0; k < 100; k++) {
                conns.add(new Tcp(w, host(k), 40000, SERVER, 2000 + k).open());
            }
            for (int i = 0; i < 2500; i++) {
                for (Tcp t : conns) { // interleaved, so that all of them hold their bytes at once
                    w.frame(Frames.eth4(t.c, t.cport, t.s, t.sport, t.cseq + 1000 + i * 1400, t.sseq, 0x18, payload));
                }
            }
            frames = w.frames;
        }
        Outcome o = run("reassembly", f);
        assertEquals(0, o.code(), o.err());
        long hits = o.stat("tcp.buffer_cap_hits");
        long peak = o.stat("tcp.peak_buffered_bytes");
        assertTrue(hits > 0, "the total buffer cap was hit and counted");
        long cap = XMX.equals("-Xmx128m") ? 32L << 20 : 256L << 20; // a quarter of the heap, at most 256 MiB
        assertTrue(peak <= cap + 1400, "buffered bytes stay under the cap (plus one segment): " + peak);
        record("reassembly: 100 conns x 3.5 MB ahead of a hole (defaults)", frames, o, "buffer_cap_hits " + hits
                + ", peak_buffered_bytes " + peak + ", gap_bytes " + o.stat("gap_bytes"));
        Outcome perStream = run("reassembly-capped", f, "--max-buffer", "65536");
        assertEquals(0, perStream.code(), perStream.err());
        record("reassembly: same, --max-buffer 65536", frames, perStream, "buffer_cap_hits " + perStream.stat("tcp.buffer_cap_hits")
                + ", peak_buffered_bytes " + perStream.stat("tcp.peak_buffered_bytes"));
    }

    /** 200,000 tiny IPv4 fragments of one datagram whose last fragment came first, never completing it. */
    @Test
    void fragmentFlood() throws Exception {
        Path f = dir.resolve("fragments.pcap");
        long frames;
        try (Writer w = new Writer(f)) {
            byte[] eight = new byte[8];
            w.frame(Frames.ether(0x0800, Frames.ip4(CLIENT, SERVER, 6, eight, new byte[0], 7, 8000))); // offset 64000, last
            for (int i = 0; i < 200_000; i++) { // offsets 8..63992, never offset 0: the datagram never completes
                w.frame(Frames.ether(0x0800, Frames.ip4(CLIENT, SERVER, 6, eight, new byte[0], 7, 0x2000 | (1 + i % 7999))));
                w.ts -= 999_000; // 1 µs apart: all within the 30 s fragment timeout
            }
            frames = w.frames;
        }
        Outcome o = run("fragments", f);
        assertEquals(0, o.code(), o.err());
        long dropped = o.stat("packet_counts.skipped_by_reason.fragment_dropped");
        assertEquals(frames, dropped, "every fragment of the datagram that cannot complete is dropped and counted");
        assertTrue(o.millis() < 30_000, "no quadratic work per fragment: " + o.millis() + " ms");
        record("200k IPv4 fragments of one never-completed datagram", frames, o, "fragment_dropped " + dropped);
    }

    /** 40,000 FTP sessions that greet and stay open, with the session cap at 10,000. */
    @Test
    void manySessions() throws Exception {
        Path f = dir.resolve("sessions.pcap");
        long frames;
        try (Writer w = new Writer(f)) {
            for (int i = 0; i < 40_000; i++) {
                new Tcp(w, host(i), 1024 + i % 60000, SERVER, 21).open().server("220 hi\r\n").client("USER u\r\n");
            }
            frames = w.frames;
        }
        Outcome o = run("sessions", f, "--max-sessions", "10000", "--max-connections", "50000");
        assertEquals(0, o.code(), o.err());
        assertEquals(30_000, o.stat("sessions_dropped"), "sessions past the cap are counted");
        assertEquals(10_000, o.stat("ftp_sessions"));
        record("40k open sessions, --max-sessions 10000 --max-connections 50000", frames, o, "ftp_sessions " + o.stat("ftp_sessions") + ", sessions_dropped "
                + o.stat("sessions_dropped"));
    }
}
