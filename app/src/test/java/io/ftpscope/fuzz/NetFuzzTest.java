package io.ftpscope.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ftpscope.net.DecodeStats;
import io.ftpscope.net.LinkTypes;
import io.ftpscope.net.PacketDecoder;
import io.ftpscope.net.TcpSegment;
import io.ftpscope.tcp.Connection;
import io.ftpscope.tcp.ConnectionListener;
import io.ftpscope.tcp.ReassemblyConfig;
import io.ftpscope.tcp.TcpReassembler;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Fuzz targets for the packet decoder and the TCP reassembler. */
class NetFuzzTest {
    private static final int[] LINK_TYPES = {LinkTypes.ETHERNET, LinkTypes.LINUX_SLL, LinkTypes.LINUX_SLL2, LinkTypes.NULL,
        LinkTypes.LOOP, LinkTypes.RAW, LinkTypes.RAW_BSD_12, LinkTypes.RAW_BSD_14, LinkTypes.IPV4, LinkTypes.IPV6, 9999};

    /**
     * Frames of any link type and content (several per input, so IP fragments can meet): the decoder
     * never reads outside the frame, every frame is either decoded or counted as skipped, and a
     * decoded segment's payload lies inside its buffer.
     */
    @FuzzTest
    void packetDecoder(FuzzedDataProvider data) {
        PacketDecoder d = new PacketDecoder(4, 1_000_000_000L);
        long frames = 0;
        while (data.remainingBytes() > 0 && frames < 64) {
            int lt = data.pickValue(LINK_TYPES);
            long ts = data.consumeLong(0, 1L << 40);
            int pad = data.consumeInt(0, 3);
            byte[] frame = data.consumeBytes(data.consumeInt(0, 2000));
            byte[] buf = new byte[pad + frame.length + pad];
            System.arraycopy(frame, 0, buf, pad, frame.length);
            int orig = frame.length + data.consumeInt(0, 100);
            frames++;
            TcpSegment s = d.decode(lt, ts, buf, pad, frame.length, orig);
            if (s != null) {
                assertTrue(s.payloadLen >= 0 && s.payloadMissing >= 0);
                assertTrue(s.payloadOff >= 0 && s.payloadOff + s.payloadLen <= s.buf.length, "payload inside its buffer");
                if (s.buf == buf) {
                    assertTrue(s.payloadOff >= pad && s.payloadOff + s.payloadLen <= pad + frame.length, "payload inside the frame");
                }
                assertTrue(s.ipVersion == 4 || s.ipVersion == 6);
                assertTrue(s.srcPort >= 0 && s.srcPort <= 65535 && s.dstPort >= 0 && s.dstPort <= 65535);
                assertEquals(ts, s.tsNanos);
            }
            DecodeStats st = d.stats();
            assertEquals(frames, st.framesRead);
            assertEquals(st.framesRead, st.decoded + st.skippedTotal(), "read == decoded + skipped, frame by frame");
        }
        d.finish();
        DecodeStats st = d.stats();
        assertEquals(st.framesRead, st.decoded + st.skippedTotal(), "read == decoded + skipped after the flush");
        st.skippedByReason().values().forEach(v -> assertTrue(v >= 0, "no negative skip counter"));
    }

    /** Delivered bytes and gaps per direction, as the listener saw them. */
    private static final class Sink implements ConnectionListener {
        final Map<Long, ByteArrayOutputStream[]> bytes = new HashMap<>();
        final Map<Long, long[]> gaps = new HashMap<>();
        final Map<Long, Connection> conns = new HashMap<>();
        final List<Connection> closed = new ArrayList<>();

        @Override
        public void onData(Connection c, boolean fromClient, long ts, byte[] b, int off, int len) {
            assertTrue(len > 0 && off >= 0 && off + len <= b.length);
            bytes.computeIfAbsent(c.id(), k -> new ByteArrayOutputStream[] {new ByteArrayOutputStream(), new ByteArrayOutputStream()})
                    [fromClient ? 0 : 1].write(b, off, len);
            conns.put(c.id(), c);
        }

        @Override
        public void onGap(Connection c, boolean fromClient, long ts, long n) {
            assertTrue(n > 0, "a gap has a size");
            gaps.computeIfAbsent(c.id(), k -> new long[2])[fromClient ? 0 : 1] += n;
            conns.put(c.id(), c);
        }

        @Override
        public void onClose(Connection c, long ts) {
            closed.add(c);
            conns.put(c.id(), c);
        }
    }

    /**
     * Segments from fuzz data on up to three connections (any flags, sequence numbers near or far
     * from each other, ACKs, payloads), small buffer caps. Invariants: what the listener got equals
     * what the connection counted, buffered bytes never pass the cap by more than one segment, and
     * everything is released at the end.
     */
    @FuzzTest
    void tcpReassembler(FuzzedDataProvider data) {
        long cap = data.consumeInt(0, 4096);
        ReassemblyConfig cfg = ReassemblyConfig.defaults().withMaxConnections(data.consumeInt(1, 3)).withBuffers(cap, cap * 2)
                .withIdleTimeoutSeconds(data.consumeInt(1, 100));
        Sink sink = new Sink();
        TcpReassembler r = new TcpReassembler(c -> sink, cfg);
        int[] base = {data.consumeInt(), data.consumeInt(), data.consumeInt(), data.consumeInt()};
        long ts = 1_000_000_000L;
        int n = 0;
        while (data.remainingBytes() > 0 && n++ < 200) {
            int conn = data.consumeInt(0, 2);
            boolean fromClient = data.consumeBoolean();
            int flags = data.consumeInt(0, 0x3f);
            int seq = base[fromClient ? 0 : 1] + (data.consumeBoolean() ? data.consumeInt(-64, 3000) : data.consumeInt());
            int ack = base[fromClient ? 1 : 0] + data.consumeInt(-64, 3000);
            byte[] payload = data.consumeBytes(data.consumeInt(0, 600));
            ts += data.consumeLong(0, 20_000_000_000L);
            TcpSegment s = FuzzSupport.segment(ts, 0x0a000001, 40000 + conn, 0x0a000002, 21, fromClient, seq, ack, flags,
                    payload, 0, payload.length);
            s.payloadMissing = data.consumeBoolean() ? 0 : data.consumeInt(0, 100);
            r.process(s);
            assertTrue(r.stats().bufferedBytes >= 0);
            assertTrue(r.stats().bufferedBytes <= cap * 2 + 600, "buffered bytes stay within the cap plus one segment");
            assertTrue(r.activeConnections() <= cfg.maxConnections());
        }
        r.flushAll();
        assertEquals(0, r.stats().bufferedBytes, "all buffers released at the end");
        assertEquals(0, r.activeConnections());
        long gapTotal = 0;
        for (Connection c : sink.conns.values()) {
            ByteArrayOutputStream[] b = sink.bytes.get(c.id());
            long[] g = sink.gaps.getOrDefault(c.id(), new long[2]);
            assertEquals(b == null ? 0 : b[0].size(), c.bytes(true), "client bytes delivered == counted");
            assertEquals(b == null ? 0 : b[1].size(), c.bytes(false), "server bytes delivered == counted");
            assertEquals(g[0], c.gapBytes(true), "client gap bytes reported == counted");
            assertEquals(g[1], c.gapBytes(false), "server gap bytes reported == counted");
            gapTotal += g[0] + g[1];
        }
        assertEquals(r.stats().gapBytes, gapTotal, "gap bytes add up");
        assertEquals(r.stats().connections, sink.closed.size(), "every connection closes exactly once");
    }

    /**
     * A whole stream cut into segments that arrive in a fuzz-chosen order, with duplicates and
     * overlaps but nothing missing: the reassembler must hand over exactly the original bytes, no gap.
     */
    @FuzzTest
    void tcpReassemblerExact(FuzzedDataProvider data) {
        int isn = data.consumeInt();
        int len = data.consumeInt(1, 4000);
        byte[] stream = new byte[len];
        for (int i = 0; i < len; i++) {
            stream[i] = (byte) (i * 131 + (i >> 7));
        }
        List<int[]> pieces = new ArrayList<>();
        int covered = 0;
        while (covered < len) {
            int start = data.remainingBytes() > 0 && data.consumeBoolean() ? data.consumeInt(0, covered) : covered;
            int end = Math.min(len, Math.max(start + 1, covered + (data.remainingBytes() > 0 ? data.consumeInt(0, 300) : 300)));
            pieces.add(new int[] {start, end});
            covered = Math.max(covered, end);
        }
        // shuffle with fuzz data, the SYN always first
        for (int i = pieces.size() - 1; i > 0 && data.remainingBytes() > 0; i--) {
            int j = data.consumeInt(0, i);
            int[] t = pieces.get(i);
            pieces.set(i, pieces.get(j));
            pieces.set(j, t);
        }
        Sink sink = new Sink();
        TcpReassembler r = new TcpReassembler(c -> sink, ReassemblyConfig.defaults());
        long ts = 1_000_000_000L;
        r.process(FuzzSupport.segment(ts, 0x0a000001, 40000, 0x0a000002, 21, true, isn, 0, TcpSegment.SYN, new byte[0], 0, 0));
        for (int[] p : pieces) {
            ts += 1000;
            r.process(FuzzSupport.segment(ts, 0x0a000001, 40000, 0x0a000002, 21, true, isn + 1 + p[0], 0, TcpSegment.ACK,
                    stream, p[0], p[1] - p[0]));
        }
        r.process(FuzzSupport.segment(ts + 1000, 0x0a000001, 40000, 0x0a000002, 21, true, isn + 1 + len, 0,
                TcpSegment.ACK | TcpSegment.FIN, new byte[0], 0, 0));
        r.flushAll();
        assertEquals(1, sink.conns.size());
        assertArrayEquals(stream, sink.bytes.values().iterator().next()[0].toByteArray(), "the stream, exactly");
        assertEquals(0, r.stats().gapBytes, "no gap when nothing is missing");
    }
}
