package io.ftpscope.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cross-checks the reassembled streams against Wireshark's own TCP reassembly: for every TCP
 * stream of every capture, {@code tshark -z follow,tcp,raw,N} must give the same bytes in each
 * direction as ftpscope delivers, and the same holes.
 *
 * <p>tshark marks a hole in "follow" output with a chunk whose text is "[N bytes missing in capture
 * file]" followed by a NUL; those chunks are gaps, not payload, and are compared with ftpscope's
 * {@code onGap} reports.
 */
class TsharkFollowTest {
    private static final Pattern MISSING = Pattern.compile("\\[(\\d+) bytes missing in capture file\\]\u0000");

    static Stream<Path> captures() {
        // plain pcaps: the .gz and the .py generator are left out; the project's captures when present
        return Stream.concat(CaptureCorpus.zeekPcaps().stream(), CaptureCorpus.projectCaptures().stream());
    }

    /** One tshark stream: endpoints and what each node sent. */
    static final class Follow {
        final int stream;
        String node0;
        String node1;
        final ByteArrayOutputStream[] data = {new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        @SuppressWarnings("unchecked")
        final List<Long>[] gaps = new List[] {new ArrayList<Long>(), new ArrayList<Long>()};

        Follow(int stream) {
            this.stream = stream;
        }

        /** Bytes sent by this endpoint. */
        byte[] from(String endpoint) {
            return data[side(endpoint)].toByteArray();
        }

        List<Long> gapsFrom(String endpoint) {
            return gaps[side(endpoint)];
        }

        private int side(String endpoint) {
            if (endpoint.equals(node0)) {
                return 0;
            }
            if (endpoint.equals(node1)) {
                return 1;
            }
            throw new AssertionError(endpoint + " is not an endpoint of tshark stream " + stream);
        }
    }

    private static volatile String version;

    /** tshark's version line; fails (never skips) when tshark cannot be run. */
    private static String tshark() {
        if (version == null) {
            version = findTshark();
        }
        return version;
    }

    private static String findTshark() {
        try {
            Process p = new ProcessBuilder("tshark", "-v").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                fail("tshark -v failed: " + new String(out, StandardCharsets.UTF_8) + "\nInstall Wireshark's tshark (apt-get install tshark).");
            }
            return new String(out, StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("TShark")).findFirst()
                    .orElseGet(() -> fail("tshark -v does not identify TShark: " + new String(out, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            fail("tshark is not installed or not on PATH (" + e.getMessage() + "): install tshark (e.g. apt-get install tshark) to run this test");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("tshark timed out: " + cmd);
            }
            assertEquals(0, p.exitValue(), "tshark failed: " + cmd);
            return new String(out, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            fail("cannot run tshark (" + e.getMessage() + "): install tshark (e.g. apt-get install tshark) to run this test");
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** "a.b.c.d:port" or "[v6]:port" → canonical "address/port". */
    static String node(String s) {
        int colon = s.lastIndexOf(':');
        String host = s.substring(0, colon);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        return canonical(host) + "/" + s.substring(colon + 1);
    }

    static String canonical(String ip) {
        try {
            return InetAddress.getByName(ip).getHostAddress(); // literals only: no name lookup
        } catch (UnknownHostException e) {
            throw new AssertionError("not an address: " + ip, e);
        }
    }

    static String endpoint(Connection c, boolean client) {
        return canonical(client ? c.clientIp() : c.serverIp()) + "/" + (client ? c.clientPort() : c.serverPort());
    }

    /** tshark runs for every capture, started together on a small pool while the comparisons run. */
    private static final Map<Path, CompletableFuture<Map<Integer, Follow>>> FOLLOWS = new ConcurrentHashMap<>();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "tshark");
        t.setDaemon(true);
        return t;
    });

    static Map<Integer, Follow> followCached(Path file) {
        tshark();
        if (FOLLOWS.isEmpty()) {
            captures().forEach(p -> FOLLOWS.computeIfAbsent(p, q -> CompletableFuture.supplyAsync(() -> follow(q), POOL)));
        }
        try {
            return FOLLOWS.computeIfAbsent(file, q -> CompletableFuture.supplyAsync(() -> follow(q), POOL)).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    static Map<Integer, Follow> follow(Path file) {
        TreeSet<Integer> streams = new TreeSet<>();
        for (String l : run(List.of("tshark", "-r", file.toString(), "-T", "fields", "-e", "tcp.stream")).split("\n")) {
            if (!l.isBlank()) {
                streams.add(Integer.parseInt(l.trim()));
            }
        }
        assertTrue(!streams.isEmpty(), file + ": tshark sees no TCP streams");
        List<String> cmd = new ArrayList<>(List.of("tshark", "-r", file.toString(), "-q"));
        for (int n : streams) {
            cmd.add("-z");
            cmd.add("follow,tcp,raw," + n);
        }
        Map<Integer, Follow> out = new LinkedHashMap<>();
        Follow cur = null;
        for (String l : run(cmd).split("\n")) {
            if (l.startsWith("=====")) {
                cur = null;
            } else if (l.startsWith("Filter: tcp.stream eq ")) {
                cur = new Follow(Integer.parseInt(l.substring("Filter: tcp.stream eq ".length()).trim()));
                out.put(cur.stream, cur);
            } else if (cur != null && l.startsWith("Node 0: ")) {
                cur.node0 = node(l.substring(8).trim());
            } else if (cur != null && l.startsWith("Node 1: ")) {
                cur.node1 = node(l.substring(8).trim());
            } else if (cur != null && !l.isBlank() && !l.startsWith("Follow: ")) {
                int side = l.startsWith("\t") ? 1 : 0;
                byte[] b = HexFormat.of().parseHex(l.trim());
                Matcher m = MISSING.matcher(new String(b, StandardCharsets.ISO_8859_1));
                if (m.matches()) {
                    cur.gaps[side].add(Long.parseLong(m.group(1)));
                } else {
                    cur.data[side].writeBytes(b);
                }
            }
        }
        assertEquals(streams, new TreeSet<>(out.keySet()), file + ": one follow block per stream");
        for (Follow f : out.values()) {
            assertNotNull(f.node0, file + " stream " + f.stream + ": no Node 0 line");
        }
        return out;
    }

    @Test
    void tsharkIsInstalled() {
        assertTrue(tshark().contains("TShark"), "tshark -v should identify TShark");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void streamsMatchTsharkFollow(Path file) {
        Map<Integer, Follow> ts = followCached(file);
        CaptureCorpus.Run run = CaptureCorpus.run(file);

        // tshark numbers streams in order of first packet, as ftpscope numbers connections; a tuple
        // reused by a new connection is a new stream in both
        Map<String, Deque<Recorder.Rec>> ours = new HashMap<>();
        for (Recorder.Rec r : run.rec().recs) {
            ours.computeIfAbsent(key(endpoint(r.conn, true), endpoint(r.conn, false)), k -> new ArrayDeque<>()).add(r);
        }
        assertEquals(ts.size(), run.rec().recs.size(), file + ": number of connections vs tshark streams");
        long compared = 0;
        for (Follow f : ts.values()) {
            if (f.node1 == null) {
                // tshark leaves Node 1 empty when one side never sent anything; find it from ours
                fail(file + " stream " + f.stream + ": tshark names only one endpoint");
            }
            Deque<Recorder.Rec> q = ours.get(key(f.node0, f.node1));
            assertTrue(q != null && !q.isEmpty(), file + " stream " + f.stream + " " + f.node0 + " <-> " + f.node1 + ": no such connection in ftpscope");
            Recorder.Rec r = q.poll();
            for (boolean fromClient : new boolean[] {true, false}) {
                String src = endpoint(r.conn, fromClient);
                String what = file.getFileName() + " stream " + f.stream + " from " + src;
                byte[] want = f.from(src);
                byte[] got = r.bytes(fromClient);
                assertEquals(want.length, r.conn.bytes(fromClient), what + ": payload bytes (Connection.bytes)");
                assertEquals(Recorder.sha256(want), Recorder.sha256(got), what + ": SHA-256 of the stream");
                List<Long> wantGaps = f.gapsFrom(src);
                long holes = wantGaps.stream().mapToLong(Long::longValue).sum();
                if (r.conn.stats(fromClient).truncatedFrames() == 0) {
                    assertEquals(holes, r.conn.gapBytes(fromClient), what + ": bytes missing");
                    assertEquals(wantGaps, r.gaps(fromClient).stream().map(Recorder.Gap::size).toList(), what + ": holes");
                } else {
                    // tshark's follow output marks only sequence holes; payload cut by the snaplen is
                    // silently left out. ftpscope reports the cut tails as gaps too, so its gap bytes are
                    // tshark's holes plus what tshark itself says each frame lost to the snaplen.
                    long cut = truncatedPayload(file, src, endpoint(r.conn, !fromClient));
                    assertTrue(cut > 0, what + ": tshark sees no truncated payload");
                    assertEquals(holes + cut, r.conn.gapBytes(fromClient), what + ": holes + payload cut by the snaplen");
                }
                compared += want.length;
            }
        }
        System.out.printf("tshark %s: %d streams, %d bytes compared%n", file.getFileName(), ts.size(), compared);
    }

    /**
     * Payload bytes that frames from src to dst carried on the wire but the capture cut off, per
     * distinct sequence number (a retransmitted, again truncated segment loses the same bytes), as
     * tshark computes them: frame.len - frame.cap_len, at most tcp.len.
     */
    static long truncatedPayload(Path file, String src, String dst) {
        String out = run(List.of("tshark", "-r", file.toString(), "-Y", "tcp.len > 0 && frame.len > frame.cap_len", "-T", "fields",
                "-E", "separator=,", "-e", "ip.src", "-e", "ipv6.src", "-e", "tcp.srcport", "-e", "ip.dst", "-e", "ipv6.dst",
                "-e", "tcp.dstport", "-e", "tcp.seq_raw", "-e", "tcp.len", "-e", "frame.len", "-e", "frame.cap_len"));
        Map<Long, Long> bySeq = new HashMap<>();
        for (String l : out.split("\n")) {
            if (l.isBlank()) {
                continue;
            }
            String[] f = l.split(",", -1);
            String s = canonical(f[0].isEmpty() ? f[1] : f[0]) + "/" + f[2];
            String d = canonical(f[3].isEmpty() ? f[4] : f[3]) + "/" + f[5];
            if (!s.equals(src) || !d.equals(dst)) {
                continue;
            }
            long missing = Math.min(Long.parseLong(f[7]), Long.parseLong(f[8]) - Long.parseLong(f[9]));
            bySeq.merge(Long.parseLong(f[6]), missing, Math::max);
        }
        return bySeq.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * ftp__bigtransfer.pcap keeps 23 KB of a 5.4 GB RETR whose sequence numbers wrap twice. tshark
     * marks the nine holes with their sizes and ftpscope must report the same (checked above); here
     * the total is also tied to what the server announced: bytes + gap bytes of the data connection
     * equal the size in the "213" reply to SIZE, and the sequence-space extent from SYN to FIN.
     */
    @Test
    void bigTransferAccountsForEveryByteOfTheAnnouncedFile() {
        Path file = CaptureCorpus.zeekTraces().resolve("ftp__bigtransfer.pcap");
        CaptureCorpus.Run run = CaptureCorpus.run(file);
        Recorder.Rec control = run.rec().recs.stream().filter(r -> r.conn.serverPort() == 21).findFirst().orElseThrow();
        Matcher m = Pattern.compile("SIZE rand.txt\r\n").matcher(control.text(true));
        assertTrue(m.find(), "the client asked for the size");
        Matcher size = Pattern.compile("(?m)^213 (\\d+)\r\n").matcher(control.text(false));
        assertTrue(size.find(), "the server announced the size");
        long announced = Long.parseLong(size.group(1));
        assertEquals(5_416_666_670L, announced);
        Recorder.Rec data = run.rec().recs.stream().filter(r -> r.conn.serverPort() == 37150).findFirst().orElseThrow();
        assertEquals(announced, data.conn.bytes(false) + data.conn.gapBytes(false), "bytes + gap bytes = file size");
        assertEquals(23_822, data.conn.bytes(false), "every captured payload byte is delivered");
        assertEquals(0, data.conn.stats(false).retransmittedBytes(), "nothing captured is mistaken for a retransmission");
        assertEquals(9, data.conn.stats(false).gaps());
        assertEquals(ConnState.CLOSED, data.conn.state());
        // sequence-space extent: the server's FIN (frame 69) minus its ISN (SYN-ACK, frame 23), two wraps
        long isn = 3_914_442_133L;
        long finSeq = 741_173_030L + 1182 + 2 * (1L << 32);
        assertEquals(finSeq - isn - 1, announced, "sequence space from SYN to FIN");
    }

    private static String key(String a, String b) {
        return a.compareTo(b) <= 0 ? a + " " + b : b + " " + a;
    }
}
