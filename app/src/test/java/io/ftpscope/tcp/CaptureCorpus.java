package io.ftpscope.tcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.capture.CaptureException;
import io.ftpscope.capture.CaptureFileReader;
import io.ftpscope.capture.InputReport;
import io.ftpscope.capture.PcapWriter;
import io.ftpscope.cli.Pipeline;
import io.ftpscope.net.Addresses;
import io.ftpscope.net.PacketDecoder;
import io.ftpscope.net.TcpSegment;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Real captures for tests: where they are, reading them into memory, rewriting and running them. */
final class CaptureCorpus {
    private CaptureCorpus() {
    }

    static Path root() {
        String r = System.getProperty("ftpscope.root");
        assertNotNull(r, "system property ftpscope.root is not set (run the tests through Maven)");
        return Path.of(r).toAbsolutePath().normalize();
    }

    static Path zeekTraces() {
        Path p = root().resolve("../shared/corpus/zeek/traces").normalize();
        assertTrue(Files.isDirectory(p), "shared Zeek corpus not found at " + p);
        return p;
    }

    /** Corpus traces the tests read directly (plain pcap; not the .gz variant nor the .py generator). */
    static List<Path> zeekPcaps() {
        List<Path> out = list(zeekTraces(), n -> n.endsWith(".pcap"));
        assertTrue(out.size() >= 15, "expected the Zeek FTP traces, found " + out);
        return out;
    }

    /** The project's own captures, when present in this checkout (they may not be committed yet). */
    static List<Path> projectCaptures() {
        Path dir = root().resolve("captures");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        return list(dir, n -> n.endsWith(".pcap") || n.endsWith(".pcapng") || n.endsWith(".pcap.gz"));
    }

    private static List<Path> list(Path dir, java.util.function.Predicate<String> nameOk) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> nameOk.test(p.getFileName().toString())).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One captured frame, copied out of the reader's buffer. */
    record Frame(int linkType, long ts, byte[] data, int origLen) {
    }

    /** What a frame carries at the TCP level; null for frames that decode to no TCP segment. */
    record Info(int index, String tuple, String src, int flags, int seq, int ack, int payloadLen, int missing, byte[] payload) {
        int wire() {
            return payloadLen + missing;
        }

        boolean has(int f) {
            return (flags & f) != 0;
        }

        /** Carries payload and no SYN/FIN/RST: a plain data segment. */
        boolean plainData() {
            return wire() > 0 && (flags & (TcpSegment.SYN | TcpSegment.FIN | TcpSegment.RST)) == 0;
        }
    }

    static List<Frame> read(Path p) {
        List<Frame> frames = new ArrayList<>();
        try (CaptureFileReader r = CaptureFileReader.open(p.toString())) {
            r.run((lt, ts, buf, off, cap, orig) -> frames.add(new Frame(lt, ts, java.util.Arrays.copyOfRange(buf, off, off + cap), orig)));
            assertNull(r.damage(), p + ": " + r.damage());
        } catch (CaptureException | IOException e) {
            throw new AssertionError(p + ": " + e.getMessage(), e);
        }
        assertTrue(frames.size() > 0, p + " has no frames");
        return frames;
    }

    static String endpoint(int version, long hi, long lo, int port) {
        return Addresses.format(version, hi, lo) + "/" + port;
    }

    static String tuple(String a, String b) {
        return a.compareTo(b) <= 0 ? a + " " + b : b + " " + a;
    }

    /** Decodes every frame (in order, with one decoder, as the pipeline does). */
    static List<Info> decode(List<Frame> frames) {
        PacketDecoder d = new PacketDecoder();
        List<Info> out = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            TcpSegment s = d.decode(f.linkType(), f.ts(), f.data(), 0, f.data().length, f.origLen());
            if (s == null) {
                out.add(null);
                continue;
            }
            String src = endpoint(s.ipVersion, s.srcHi, s.srcLo, s.srcPort);
            String dst = endpoint(s.ipVersion, s.dstHi, s.dstLo, s.dstPort);
            byte[] pl = java.util.Arrays.copyOfRange(s.buf, s.payloadOff, s.payloadOff + s.payloadLen);
            out.add(new Info(i, tuple(src, dst), src, s.flags, s.seq, s.ack, s.payloadLen, s.payloadMissing, pl));
        }
        return out;
    }

    static String clientEndpoint(Connection c) {
        return endpoint(c.ipVersion(), c.clientHi(), c.clientLo(), c.clientPort());
    }

    static String serverEndpoint(Connection c) {
        return endpoint(c.ipVersion(), c.serverHi(), c.serverLo(), c.serverPort());
    }

    static String tuple(Connection c) {
        return tuple(clientEndpoint(c), serverEndpoint(c));
    }

    static void write(Path p, List<Frame> frames) {
        int lt = frames.get(0).linkType();
        for (Frame f : frames) {
            assertEquals(lt, f.linkType(), "a rewritten capture must have one link type");
        }
        try (OutputStream o = Files.newOutputStream(p); PcapWriter w = new PcapWriter(o, lt, 262144)) {
            for (Frame f : frames) {
                w.write(f.ts(), f.data(), 0, f.data().length, f.origLen());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Result of running a capture through the whole pipeline with a recording listener. */
    record Run(Recorder rec, Pipeline pipeline) {
        ReassemblyStats stats() {
            return pipeline.reassembler().stats();
        }
    }

    static Run run(Path p) {
        Recorder rec = new Recorder();
        Pipeline pl = new Pipeline(rec, ReassemblyConfig.defaults());
        pl.readFiles(List.of(p.toString()), null);
        pl.finish();
        for (InputReport in : pl.inputs()) {
            assertTrue(!in.unreadable() && !in.damaged(), p + ": " + in);
        }
        for (Recorder.Rec r : rec.recs) {
            assertEquals(1, r.closes, r.conn + ": onClose must be called exactly once");
            assertEquals(1, r.ends[0], r.conn + ": c2s must end exactly once");
            assertEquals(1, r.ends[1], r.conn + ": s2c must end exactly once");
            assertEquals(r.conn.bytes(true), r.bytes(true).length, r.conn + ": delivered bytes vs counter");
            assertEquals(r.conn.bytes(false), r.bytes(false).length, r.conn + ": delivered bytes vs counter");
            assertEquals(r.conn.gapBytes(true), r.gapBytes(true), r.conn + ": reported gaps vs counter");
            assertEquals(r.conn.gapBytes(false), r.gapBytes(false), r.conn + ": reported gaps vs counter");
        }
        assertEquals(0, pl.reassembler().stats().bufferedBytes, p + ": buffers must be empty after finish");
        return new Run(rec, pl);
    }
}
