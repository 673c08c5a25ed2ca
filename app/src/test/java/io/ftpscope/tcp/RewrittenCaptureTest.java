package io.ftpscope.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.net.TcpSegment;
import io.ftpscope.tcp.CaptureCorpus.Frame;
import io.ftpscope.tcp.CaptureCorpus.Info;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real captures, rewritten: frames reordered, duplicated, dropped or cut off at the start, then run
 * through the whole pipeline. The reassembled streams must be what the original gives, except for
 * exactly the bytes that were removed.
 */
class RewrittenCaptureTest {
    @TempDir
    Path tmp;

    static Stream<Path> captures() {
        List<Path> all = new ArrayList<>(CaptureCorpus.zeekPcaps());
        all.add(CaptureCorpus.zeekTraces().resolve("ftp__ftp-many-port-expected.pcap.gz"));
        all.addAll(CaptureCorpus.projectCaptures());
        return all.stream();
    }

    /** One direction of one connection: "tuple#incarnation>source endpoint". */
    record Dir(byte[] bytes, List<Recorder.Gap> gaps, DirectionStats stats, ConnState state) {
    }

    /** A capture read, decoded and run once; shared by the variants. */
    record Original(List<Frame> frames, List<Info> infos, Map<String, Dir> dirs, Map<String, Long> synIsn,
                    ReassemblyStats stats) {
    }

    private static final Map<Path, Original> ORIGINALS = new ConcurrentHashMap<>();

    private static Original original(Path p) {
        return ORIGINALS.computeIfAbsent(p, q -> {
            List<Frame> frames = CaptureCorpus.read(q);
            List<Info> infos = CaptureCorpus.decode(frames);
            CaptureCorpus.Run run = CaptureCorpus.run(q);
            // ISN per direction, only for directions with exactly one SYN sequence number
            Map<String, Long> isn = new HashMap<>();
            Map<String, Integer> synCount = new HashMap<>();
            for (Info i : infos) {
                if (i != null && i.has(TcpSegment.SYN)) {
                    String k = i.tuple() + ">" + i.src();
                    Long old = isn.put(k, Integer.toUnsignedLong(i.seq()));
                    if (old == null || old != Integer.toUnsignedLong(i.seq())) {
                        synCount.merge(k, 1, Integer::sum);
                    }
                }
            }
            synCount.forEach((k, n) -> {
                if (n > 1) {
                    isn.remove(k);
                }
            });
            return new Original(frames, infos, dirs(run.rec()), isn, run.stats());
        });
    }

    /** Streams keyed by tuple, incarnation of that tuple, and source endpoint. */
    private static Map<String, Dir> dirs(Recorder rec) {
        Map<String, Dir> out = new LinkedHashMap<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Recorder.Rec r : rec.recs) {
            String t = CaptureCorpus.tuple(r.conn);
            int n = seen.merge(t, 1, Integer::sum);
            out.put(t + "#" + n + ">" + CaptureCorpus.clientEndpoint(r.conn),
                    new Dir(r.bytes(true), List.copyOf(r.gaps(true)), r.conn.stats(true), r.conn.state()));
            out.put(t + "#" + n + ">" + CaptureCorpus.serverEndpoint(r.conn),
                    new Dir(r.bytes(false), List.copyOf(r.gaps(false)), r.conn.stats(false), r.conn.state()));
        }
        return out;
    }

    private Map<String, Dir> runVariant(String name, List<Frame> frames) {
        Path p = tmp.resolve(name + ".pcap");
        CaptureCorpus.write(p, frames);
        assertTrue(Files.exists(p));
        return dirs(CaptureCorpus.run(p).rec());
    }

    private static String dirKeyOf(Info i) {
        return i.tuple() + "#1>" + i.src();
    }

    private static void assertSameStream(String what, Dir want, Dir got) {
        assertEquals(want.bytes().length, got.bytes().length, what + ": stream length");
        assertEquals(Recorder.sha256(want.bytes()), Recorder.sha256(got.bytes()), what + ": SHA-256 of the stream");
    }

    // ------------------------------------------------------------------------------------------

    /** Next frame index of the same tuple, or -1. */
    private static int[] nextOfTuple(List<Info> infos) {
        int[] next = new int[infos.size()];
        java.util.Arrays.fill(next, -1);
        Map<String, Integer> last = new HashMap<>();
        for (int i = 0; i < infos.size(); i++) {
            Info in = infos.get(i);
            if (in == null) {
                continue;
            }
            Integer prev = last.put(in.tuple(), i);
            if (prev != null) {
                next[prev] = i;
            }
        }
        return next;
    }

    /** The capture with segments swapped, how many swaps, and how many put a later segment first. */
    record Reordered(List<Frame> frames, int swaps, int ahead) {
    }

    /**
     * Swaps each data segment with the next data segment of the same direction when nothing of the
     * connection lies between them except frames of the other direction that do not acknowledge the
     * first one (otherwise the capture would show the receiver having bytes it had not yet been sent,
     * which the reassembler rightly treats as loss). Lock-step exchanges (one command, one reply)
     * offer no such pair; bulk data and multi-segment replies offer many.
     */
    static Reordered reorder(Original o) {
        List<Frame> frames = new ArrayList<>(o.frames());
        int[] next = nextOfTuple(o.infos());
        boolean[] used = new boolean[frames.size()];
        int swaps = 0;
        int ahead = 0;
        for (int i = 0; i < frames.size(); i++) {
            Info a = o.infos().get(i);
            if (a == null || used[i] || !a.plainData()) {
                continue;
            }
            // the next segment of the same direction; in between only frames of the other direction
            // that do not acknowledge a's bytes (else the receiver would have them before the capture)
            int j = next[i];
            while (j >= 0) {
                Info m = o.infos().get(j);
                if (m.src().equals(a.src())) {
                    break;
                }
                if (!m.plainData() && m.wire() > 0 || (m.flags() & (TcpSegment.SYN | TcpSegment.FIN | TcpSegment.RST)) != 0
                        || m.has(TcpSegment.ACK) && m.ack() - a.seq() > 0) {
                    j = -1;
                    break;
                }
                j = next[j];
            }
            if (j < 0 || used[j]) {
                continue;
            }
            Info b = o.infos().get(j);
            if (!b.plainData()) {
                continue;
            }
            if (b.seq() - a.seq() > 0) {
                ahead++;
            }
            Frame fa = frames.get(i);
            Frame fb = frames.get(j);
            // the timestamps stay where they were: only the order of the segments changes
            frames.set(i, new Frame(fb.linkType(), fa.ts(), fb.data(), fb.origLen()));
            frames.set(j, new Frame(fa.linkType(), fb.ts(), fa.data(), fa.origLen()));
            used[i] = used[j] = true;
            swaps++;
        }
        return new Reordered(frames, swaps, ahead);
    }

    @Test
    void reorderingReachesManyPlacesOverTheCorpus() {
        int files = 0;
        int swaps = 0;
        for (Path p : captures().toList()) {
            int n = reorder(original(p)).swaps();
            files += n > 0 ? 1 : 0;
            swaps += n;
        }
        assertTrue(files >= 10, "captures with reorderable segments: " + files);
        assertTrue(swaps >= 400, "segments swapped over all captures: " + swaps);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void reorderedFramesGiveIdenticalStreams(Path capture) {
        Original o = original(capture);
        Reordered re = reorder(o);
        List<Frame> frames = re.frames();
        int swaps = re.swaps();
        int ahead = re.ahead();
        System.out.printf("reorder %s: %d swaps%n", capture.getFileName(), swaps);
        Map<String, Dir> got = runVariant("reordered", frames);
        assertEquals(o.dirs().keySet(), got.keySet(), "same connections");
        long ooo = 0;
        long oooBefore = 0;
        for (Map.Entry<String, Dir> e : o.dirs().entrySet()) {
            Dir want = e.getValue();
            Dir g = got.get(e.getKey());
            assertSameStream(capture.getFileName() + " " + e.getKey(), want, g);
            assertEquals(want.gaps(), g.gaps(), e.getKey() + ": gaps");
            assertEquals(want.stats().retransmittedBytes(), g.stats().retransmittedBytes(), e.getKey() + ": retransmissions");
            assertEquals(want.state(), g.state(), e.getKey() + ": state");
            ooo += g.stats().outOfOrderSegments();
            oooBefore += want.stats().outOfOrderSegments();
        }
        if (oooBefore == 0) {
            assertEquals(ahead, ooo, "every swap of two different segments makes one arrive early");
        } else {
            assertTrue(ooo >= oooBefore, "reordering cannot make fewer segments early");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void duplicatedFramesAreRetransmissionsOnly(Path capture) {
        Original o = original(capture);
        List<Frame> frames = new ArrayList<>();
        Map<String, Long> dupBytes = new HashMap<>();
        int dataFrames = 0;
        int dups = 0;
        for (int i = 0; i < o.frames().size(); i++) {
            Frame f = o.frames().get(i);
            frames.add(f);
            Info in = o.infos().get(i);
            // a 1-byte copy right behind its original looks exactly like a keep-alive: leave those alone
            if (in != null && in.plainData() && in.wire() > 1 && dataFrames++ % 3 == 0) {
                frames.add(new Frame(f.linkType(), f.ts(), f.data(), f.origLen()));
                dupBytes.merge(in.tuple() + ">" + in.src(), (long) in.wire(), Long::sum);
                dups++;
            }
        }
        System.out.printf("duplicate %s: %d of %d data frames%n", capture.getFileName(), dups, dataFrames);
        assertTrue(dups > 0, "the capture has data frames to duplicate");
        Map<String, Dir> got = runVariant("duplicated", frames);
        assertEquals(o.dirs().keySet(), got.keySet(), "same connections");
        long extraSeen = 0;
        for (Map.Entry<String, Dir> e : o.dirs().entrySet()) {
            Dir want = e.getValue();
            Dir g = got.get(e.getKey());
            assertSameStream(capture.getFileName() + " " + e.getKey(), want, g);
            assertEquals(want.gaps(), g.gaps(), e.getKey() + ": gaps");
            assertEquals(want.stats().keepAlives(), g.stats().keepAlives(), e.getKey() + ": keep-alives");
            assertEquals(want.state(), g.state(), e.getKey() + ": state");
            long extra = g.stats().retransmittedBytes() - want.stats().retransmittedBytes();
            String tupleDir = e.getKey().replaceFirst("#\\d+>", ">");
            extraSeen += extra;
            if (e.getKey().contains("#1>") && !o.dirs().containsKey(e.getKey().replace("#1>", "#2>"))) {
                assertEquals(dupBytes.getOrDefault(tupleDir, 0L), extra, e.getKey() + ": retransmitted bytes = duplicated payload");
            }
        }
        assertEquals(dupBytes.values().stream().mapToLong(Long::longValue).sum(), extraSeen,
                "all duplicated payload is counted as retransmitted");
    }

    /**
     * Where the original's gaps lie in sequence space: maps an offset from the start of the stream
     * (ISN + 1) to the offset in the delivered bytes.
     */
    record SeqMap(List<long[]> gaps) {
        static SeqMap of(Dir d) {
            List<long[]> g = new ArrayList<>();
            long skipped = 0;
            for (Recorder.Gap x : d.gaps()) {
                g.add(new long[] {x.at() + skipped, x.size()});
                skipped += x.size();
            }
            return new SeqMap(g);
        }

        long extent(Dir d) {
            return d.bytes().length + gaps.stream().mapToLong(x -> x[1]).sum();
        }

        /** Delivered offset of a sequence offset, or -1 inside a gap. */
        long delivered(long s) {
            long skipped = 0;
            for (long[] g : gaps) {
                if (s >= g[0] + g[1]) {
                    skipped += g[1];
                } else if (s >= g[0]) {
                    return -1;
                } else {
                    break;
                }
            }
            return s - skipped;
        }

        /** True when [s, s+len) overlaps or touches a gap (a drop there would merge with it). */
        boolean touchesGap(long s, long len) {
            return gaps.stream().anyMatch(g -> s <= g[0] + g[1] && g[0] <= s + len);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void droppedFramesBecomeExactGaps(Path capture) {
        Original o = original(capture);
        List<Info> infos = o.infos();
        // candidates: plain data frames of a direction whose ISN is known, whose bytes appear nowhere
        // else in the capture (not a retransmission, never retransmitted) and were delivered
        Map<String, List<Info>> byDir = new HashMap<>();
        for (Info i : infos) {
            if (i != null && i.wire() > 0) {
                byDir.computeIfAbsent(i.tuple() + ">" + i.src(), k -> new ArrayList<>()).add(i);
            }
        }
        List<Info> candidates = new ArrayList<>();
        for (Info i : infos) {
            if (i == null || !i.plainData() || i.missing() > 0) {
                continue;
            }
            String k = i.tuple() + ">" + i.src();
            Long isn = o.synIsn().get(k);
            Dir d = o.dirs().get(dirKeyOf(i));
            if (isn == null || d == null || o.dirs().containsKey(i.tuple() + "#2>" + i.src())) {
                continue;
            }
            SeqMap map = SeqMap.of(d);
            long off = offset(i.seq(), isn);
            long del = map.delivered(off);
            if (map.extent(d) >= 1L << 32 || map.touchesGap(off, i.wire()) || del < 0 || del + i.payloadLen() > d.bytes().length) {
                continue; // > 4 GiB (offsets ambiguous), next to a loss, or never delivered (after a reset)
            }
            boolean unique = true;
            for (Info other : byDir.get(k)) {
                if (other != i && overlaps(offset(other.seq(), isn), other.wire(), off, i.wire())) {
                    unique = false;
                    break;
                }
            }
            if (unique) {
                // the frame's payload is what the original stream holds at that offset
                assertArrayEquals(i.payload(), java.util.Arrays.copyOfRange(d.bytes(), (int) del, (int) del + i.payloadLen()),
                        "offset computed for frame " + (i.index() + 1));
                candidates.add(i);
            }
        }
        // up to 6 drops spread over the capture, never two back to back in one direction
        List<Info> drops = new ArrayList<>();
        int step = Math.max(1, candidates.size() / 6);
        Map<String, Long> lastEnd = new HashMap<>();
        for (int c = step / 2; c < candidates.size() && drops.size() < 6; c += step) {
            Info i = candidates.get(c);
            String k = i.tuple() + ">" + i.src();
            long off = offset(i.seq(), o.synIsn().get(k));
            Long prevEnd = lastEnd.get(k);
            if (prevEnd != null && prevEnd >= off) {
                continue;
            }
            drops.add(i);
            lastEnd.put(k, off + i.payloadLen());
        }
        System.out.printf("drop %s: %d candidates, dropping frames %s%n", capture.getFileName(), candidates.size(),
                drops.stream().map(i -> String.valueOf(i.index() + 1)).toList());
        assertTrue(!drops.isEmpty(), "the capture has a data frame that can be dropped");
        List<Frame> frames = new ArrayList<>(o.frames());
        for (int k = drops.size() - 1; k >= 0; k--) {
            frames.remove(drops.get(k).index());
        }
        Map<String, Dir> got = runVariant("dropped", frames);
        assertEquals(o.dirs().keySet(), got.keySet(), "same connections");

        Map<String, TreeMap<Long, Info>> dropsByDir = new HashMap<>();
        for (Info i : drops) {
            dropsByDir.computeIfAbsent(dirKeyOf(i), k -> new TreeMap<>())
                    .put(offset(i.seq(), o.synIsn().get(i.tuple() + ">" + i.src())), i);
        }
        for (Map.Entry<String, Dir> e : o.dirs().entrySet()) {
            Dir want = e.getValue();
            Dir g = got.get(e.getKey());
            TreeMap<Long, Info> mine = dropsByDir.get(e.getKey());
            if (mine == null) {
                assertSameStream(e.getKey(), want, g);
                assertEquals(want.gaps(), g.gaps(), e.getKey() + ": gaps");
                continue;
            }
            SeqMap map = SeqMap.of(want);
            // every loss in sequence space, the original's and ours, in order: {seq offset, size}
            TreeMap<Long, Long> losses = new TreeMap<>();
            for (long[] x : map.gaps()) {
                losses.put(x[0], x[1]);
            }
            ByteArrayOutputStream expect = new ByteArrayOutputStream();
            long pos = 0;
            long dropped = 0;
            for (Map.Entry<Long, Info> d : mine.entrySet()) {
                int len = d.getValue().payloadLen();
                long del = map.delivered(d.getKey());
                expect.write(want.bytes(), (int) pos, (int) (del - pos));
                pos = del + len;
                dropped += len;
                losses.put(d.getKey(), (long) len);
            }
            expect.write(want.bytes(), (int) pos, want.bytes().length - (int) pos);
            List<Recorder.Gap> expectGaps = new ArrayList<>();
            long before = 0;
            for (Map.Entry<Long, Long> l : losses.entrySet()) {
                expectGaps.add(new Recorder.Gap(l.getKey() - before, l.getValue()));
                before += l.getValue();
            }
            String k = capture.getFileName() + " " + e.getKey();
            assertEquals(expectGaps, g.gaps(), k + ": one gap per dropped frame, where it was, of its size");
            assertEquals(want.stats().gapBytes() + dropped, g.stats().gapBytes(), k + ": gap bytes");
            assertEquals(want.stats().gaps() + mine.size(), g.stats().gaps(), k + ": gaps");
            assertEquals(want.bytes().length - dropped, g.bytes().length, k + ": delivered bytes");
            assertArrayEquals(expect.toByteArray(), g.bytes(), k + ": every other byte is unchanged");
            assertEquals(want.stats().retransmittedBytes(), g.stats().retransmittedBytes(), k + ": retransmissions");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captures")
    void captureCutAfterTheHandshakeStillYieldsTheStreams(Path capture) {
        Original o = original(capture);
        List<Info> infos = o.infos();
        // cut just before the third data frame of the first connection with a handshake and >= 3 data frames
        Map<String, Integer> dataCount = new HashMap<>();
        int cut = -1;
        String cutTuple = null;
        for (Info i : infos) {
            if (i == null || !i.plainData()) {
                continue;
            }
            if (o.synIsn().get(i.tuple() + ">" + i.src()) == null || !o.dirs().containsKey(dirKeyOf(i))
                    || o.dirs().containsKey(i.tuple() + "#2>" + i.src())) {
                continue;
            }
            if (dataCount.merge(i.tuple(), 1, Integer::sum) == 3) {
                cut = i.index();
                cutTuple = i.tuple();
                break;
            }
        }
        assertTrue(cut > 0, "the capture has a connection with three data frames after a handshake");
        System.out.printf("cut %s: first %d frames removed (%s)%n", capture.getFileName(), cut, cutTuple);
        List<Frame> frames = new ArrayList<>(o.frames().subList(cut, o.frames().size()));
        Path p = tmp.resolve("cut.pcap");
        CaptureCorpus.write(p, frames);
        CaptureCorpus.Run run = CaptureCorpus.run(p);

        boolean sawCutConnection = false;
        for (Recorder.Rec r : run.rec().recs) {
            int firstOrig = (int) r.conn.firstFrame() - 1 + cut; // 0-based index in the original
            String t = CaptureCorpus.tuple(r.conn);
            assertEquals(t, infos.get(firstOrig).tuple());
            boolean spans = firstFrameOf(infos, t) < cut;
            for (String src : List.of(CaptureCorpus.clientEndpoint(r.conn), CaptureCorpus.serverEndpoint(r.conn))) {
                boolean fromClient = src.equals(CaptureCorpus.clientEndpoint(r.conn));
                byte[] got = r.bytes(fromClient);
                String key = originalKey(o, infos, t, firstOrig) + ">" + src;
                Dir want = o.dirs().get(key);
                assertTrue(want != null, "no original stream " + key);
                if (!spans) {
                    assertSameStream(key, want, new Dir(got, null, null, null));
                    assertEquals(want.gaps(), r.gaps(fromClient), key + ": gaps");
                    continue;
                }
                if (!t.equals(cutTuple)) {
                    continue; // other connections cut mid-way: only the chosen one is checked byte for byte
                }
                sawCutConnection = true;
                assertTrue(r.conn.midstream(), "picked up without its handshake");
                // the stream starts at the first segment of this direction after the cut
                Info first = null;
                for (int k = cut; k < infos.size(); k++) {
                    Info in = infos.get(k);
                    if (in != null && in.tuple().equals(t) && in.src().equals(src)) {
                        first = in;
                        break;
                    }
                }
                if (first == null) {
                    assertEquals(0, got.length);
                    continue;
                }
                SeqMap map = SeqMap.of(want);
                long from = map.delivered(offset(first.seq(), o.synIsn().get(t + ">" + src)));
                assertTrue(from >= 0, key + ": the cut falls into a gap of the original");
                from = Math.min(from, want.bytes().length);
                byte[] expect = java.util.Arrays.copyOfRange(want.bytes(), (int) from, want.bytes().length);
                assertEquals(expect.length, got.length, key + ": bytes after the cut");
                assertArrayEquals(expect, got, key + ": bytes after the cut");
                List<Recorder.Gap> expectGaps = new ArrayList<>();
                for (Recorder.Gap g : want.gaps()) {
                    if (g.at() >= from) {
                        expectGaps.add(new Recorder.Gap(g.at() - from, g.size()));
                    }
                }
                assertEquals(expectGaps, r.gaps(fromClient), key + ": the original's gaps after the cut");
            }
        }
        assertTrue(sawCutConnection, "the connection cut in the middle is still reassembled");
    }

    private static int firstFrameOf(List<Info> infos, String tuple) {
        for (Info i : infos) {
            if (i != null && i.tuple().equals(tuple)) {
                return i.index();
            }
        }
        return -1;
    }

    /** "tuple#n" of the original connection that frame index idx belongs to (counting SYN-started incarnations). */
    private static String originalKey(Original o, List<Info> infos, String tuple, int idx) {
        int n = 0;
        for (String k : o.dirs().keySet()) {
            if (k.startsWith(tuple + "#")) {
                n = Math.max(n, Integer.parseInt(k.substring(tuple.length() + 1, k.indexOf('>'))));
            }
        }
        if (n <= 1) {
            return tuple + "#1";
        }
        // several incarnations: count SYNs without ACK of this tuple up to idx
        int inc = 0;
        long lastIsn = -1;
        for (int k = 0; k <= idx; k++) {
            Info in = infos.get(k);
            if (in != null && in.tuple().equals(tuple) && in.has(TcpSegment.SYN) && !in.has(TcpSegment.ACK)
                    && Integer.toUnsignedLong(in.seq()) != lastIsn) {
                inc++;
                lastIsn = Integer.toUnsignedLong(in.seq());
            }
        }
        return tuple + "#" + Math.max(inc, 1);
    }

    /** Offset of a sequence number in the stream that starts after the SYN. */
    private static long offset(int seq, long isn) {
        return (Integer.toUnsignedLong(seq) - isn - 1) & 0xFFFFFFFFL;
    }

    private static boolean overlaps(long a, long alen, long b, long blen) {
        return a < b + blen && b < a + alen;
    }
}
