package io.ftpscope.tcp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ftpscope.net.LinkTypes;
import io.ftpscope.net.PacketDecoder;
import io.ftpscope.net.TcpSegment;
import io.ftpscope.testutil.Frames;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TcpReassemblerTest {
    private static final int SYN = TcpSegment.SYN;
    private static final int ACK = TcpSegment.ACK;
    private static final int PA = TcpSegment.PSH | TcpSegment.ACK;
    private static final int FA = TcpSegment.FIN | TcpSegment.ACK;
    private static final int RST = TcpSegment.RST;
    private static final int RA = TcpSegment.RST | TcpSegment.ACK;

    private static final long CLIENT = 0x0A000001L; // 10.0.0.1
    private static final long SERVER = 0x0A000002L; // 10.0.0.2
    private static final int CPORT = 40000;
    private static final int SPORT = 21;
    private static final int CISN = 1000;
    private static final int SISN = 5000;

    private Recorder rec = new Recorder();
    private TcpReassembler r = new TcpReassembler(rec, ReassemblyConfig.defaults());
    private long ts = 1_000_000_000_000L;

    private void use(ReassemblyConfig cfg) {
        rec = new Recorder();
        r = new TcpReassembler(rec, cfg);
    }

    // ---------------------------------------------------------------- segment builders

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Deterministic, position-dependent filler so misplaced bytes are visible. */
    private static byte[] pattern(int start, int len) {
        byte[] out = new byte[len];
        for (int i = 0; i < len; i++) {
            out[i] = (byte) ('A' + (start + i) % 26);
        }
        return out;
    }

    private static TcpSegment seg(long src, int sport, long dst, int dport, int seq, int ack, int flags, byte[] data) {
        TcpSegment s = new TcpSegment();
        s.ipVersion = 4;
        s.srcLo = src;
        s.dstLo = dst;
        s.srcPort = sport;
        s.dstPort = dport;
        s.seq = seq;
        s.ack = ack;
        s.flags = flags;
        s.window = 65535;
        // payload at a non-zero offset, surrounded by junk, so offset handling is exercised
        byte[] buf = new byte[data.length + 7];
        java.util.Arrays.fill(buf, (byte) '#');
        System.arraycopy(data, 0, buf, 3, data.length);
        s.buf = buf;
        s.payloadOff = 3;
        s.payloadLen = data.length;
        return s;
    }

    private TcpSegment feed(TcpSegment s) {
        ts += 1_000_000; // 1 ms
        s.tsNanos = ts;
        r.process(s);
        return s;
    }

    private TcpSegment c(int seq, int ack, int flags, byte[] data) {
        return feed(seg(CLIENT, CPORT, SERVER, SPORT, seq, ack, flags, data));
    }

    private TcpSegment c(int seq, int ack, int flags, String data) {
        return c(seq, ack, flags, b(data));
    }

    private TcpSegment s(int seq, int ack, int flags, byte[] data) {
        return feed(seg(SERVER, SPORT, CLIENT, CPORT, seq, ack, flags, data));
    }

    private TcpSegment s(int seq, int ack, int flags, String data) {
        return s(seq, ack, flags, b(data));
    }

    /** SYN, SYN-ACK, ACK: client data starts at 1001, server data at 5001. */
    private void handshake() {
        c(CISN, 0, SYN, "");
        s(SISN, CISN + 1, SYN | ACK, "");
        c(CISN + 1, SISN + 1, ACK, "");
    }

    private Recorder.Rec one() {
        return rec.only();
    }

    // ---------------------------------------------------------------- basics

    @Test
    void handshakeAndInOrderDataBothDirections() {
        handshake();
        s(5001, 1001, PA, "220 hi\r\n");
        c(1001, 5009, PA, "USER a\r\n");
        s(5009, 1009, PA, "331 pw\r\n");
        c(1009, 5017, PA, "QUIT\r\n");
        s(5017, 1015, PA, "221 bye\r\n");
        s(5026, 1015, FA, "");
        Recorder.Rec x = one();
        assertEquals(ConnState.HALF_CLOSED, x.conn.state());
        assertEquals(List.of("Send"), x.events.stream().filter(e -> e.endsWith("end")).toList());
        c(1015, 5027, FA, "");
        s(5027, 1016, ACK, ""); // last ACK: the connection is already closed

        Connection c = x.conn;
        assertEquals("USER a\r\nQUIT\r\n", x.text(true));
        assertEquals("220 hi\r\n331 pw\r\n221 bye\r\n", x.text(false));
        assertEquals("10.0.0.1", c.clientIp());
        assertEquals(CPORT, c.clientPort());
        assertEquals("10.0.0.2", c.serverIp());
        assertEquals(SPORT, c.serverPort());
        assertFalse(c.midstream());
        assertTrue(c.synSeen());
        assertTrue(c.synAckSeen());
        assertEquals(ConnState.CLOSED, c.state());
        assertTrue(c.isClosed());
        assertEquals(1, x.closes);
        assertEquals(ConnState.CLOSED, x.closeState);
        assertArrayEquals(new int[] {1, 1}, x.ends);
        assertTrue(x.gaps(true).isEmpty() && x.gaps(false).isEmpty());
        assertEquals(14, c.bytes(true));
        assertEquals(25, c.bytes(false));
        DirectionStats cs = c.stats(true);
        assertEquals(14, cs.bytes());
        assertEquals(0, cs.gaps());
        assertEquals(0, cs.retransmittedBytes());
        assertEquals(0, cs.outOfOrderSegments());
        assertEquals(0, cs.keepAlives());
        assertTrue(cs.synSeen());
        assertEquals(5, cs.segments());
        assertEquals(5, c.stats(false).segments()); // the final ACK came after the close
        assertEquals(1, r.stats().afterClose);
        assertEquals(1, r.stats().connections);
        assertEquals(0, r.stats().gaps);
        // the close is reported before the end of input, and only once
        assertEquals("close:closed", x.events.get(x.events.size() - 1));
        r.flushAll();
        assertEquals(1, x.closes);
        assertEquals(0, r.activeConnections());
    }

    @Test
    void aListenerThatWantsNoBytesGetsNoneButTheyAreCountedAndGapsReported() {
        rec.wantBytes = false;
        handshake();
        s(5001, 1001, PA, "220 hi\r\n");
        c(1001, 5009, PA, "STOR x\r\n");
        c(1019, 5009, PA, "after a gap of ten\r\n"); // 1009..1018 never captured
        s(5009, 1039, ACK, ""); // the server had them: a gap, not a wait
        Recorder.Rec x = one();
        assertEquals(List.of("Cgap:10"), x.events.stream().filter(e -> !e.contains("end")).toList());
        assertEquals(8, x.conn.bytes(false));
        assertEquals(8 + 20, x.conn.bytes(true));
        assertEquals(10, x.conn.gapBytes(true));
    }

    @Test
    void clientIsTheSynSender() {
        // The SYN goes from the low port to the high port: the port heuristic would get this wrong.
        feed(seg(SERVER, 2000, CLIENT, 50000, 77, 0, SYN, b("")));
        feed(seg(CLIENT, 50000, SERVER, 2000, 900, 78, SYN | ACK, b("")));
        feed(seg(SERVER, 2000, CLIENT, 50000, 78, 901, PA, b("hello")));
        feed(seg(CLIENT, 50000, SERVER, 2000, 901, 83, PA, b("world!")));
        Recorder.Rec x = one();
        assertEquals("10.0.0.2", x.conn.clientIp());
        assertEquals(2000, x.conn.clientPort());
        assertEquals(50000, x.conn.serverPort());
        assertEquals("hello", x.text(true));
        assertEquals("world!", x.text(false));
        assertFalse(x.conn.midstream());
    }

    @Test
    void serverIsTheSynAckSenderWhenTheSynWasNotCaptured() {
        s(SISN, CISN + 1, SYN | ACK, "");
        c(CISN + 1, SISN + 1, ACK, "");
        s(5001, 1001, PA, "220 ready\r\n");
        c(1001, 5012, PA, "USER u\r\n");
        Recorder.Rec x = one();
        Connection c = x.conn;
        assertEquals("10.0.0.1", c.clientIp());
        assertEquals(CPORT, c.clientPort());
        assertEquals(SPORT, c.serverPort());
        assertFalse(c.synSeen());
        assertTrue(c.synAckSeen());
        assertFalse(c.midstream());
        assertEquals("USER u\r\n", x.text(true));
        assertEquals("220 ready\r\n", x.text(false));
    }

    @Test
    void synArrivingAfterItsSynAckIsTheSameConnection() {
        // capture timestamps can put the SYN-ACK first (two interfaces, clock jitter)
        s(SISN, CISN + 1, SYN | ACK, "");
        c(CISN, 0, SYN, "");
        c(CISN + 1, SISN + 1, ACK, "");
        c(1001, 5001, PA, "USER u\r\n");
        s(5001, 1009, PA, "331 ok\r\n");
        Recorder.Rec x = one();
        assertEquals(1, r.stats().connections);
        assertEquals("USER u\r\n", x.text(true));
        assertEquals("331 ok\r\n", x.text(false));
        assertTrue(x.conn.synSeen());
        assertEquals(0, x.closes);
        assertEquals(CPORT, x.conn.clientPort());
    }

    @Test
    void midstreamPickupMakesTheHigherPortTheClient() {
        // first packet from the server (port 21): no handshake seen at all
        s(777_000, 1_000_000, PA, "150 Opening\r\n");
        c(1_000_000, 777_013, PA, "ABOR\r\n");
        s(777_013, 1_000_006, PA, "226 done\r\n");
        Recorder.Rec x = one();
        Connection c = x.conn;
        assertTrue(c.midstream());
        assertFalse(c.synSeen());
        assertFalse(c.synAckSeen());
        assertEquals(CPORT, c.clientPort());
        assertEquals("10.0.0.1", c.clientIp());
        assertEquals(SPORT, c.serverPort());
        assertEquals("ABOR\r\n", x.text(true));
        assertEquals("150 Opening\r\n226 done\r\n", x.text(false));
        r.flushAll();
        assertEquals(ConnState.OPEN, c.state());
        assertEquals(1, x.closes);
        assertTrue(x.gaps(true).isEmpty() && x.gaps(false).isEmpty());
    }

    @Test
    void midstreamPickupFromTheClientSideAndTwoHighPorts() {
        feed(seg(SERVER, 3000, CLIENT, 50000, 10, 20, PA, b("abc")));
        feed(seg(CLIENT, 50000, SERVER, 3000, 20, 13, PA, b("de")));
        Recorder.Rec x = one();
        assertEquals(50000, x.conn.clientPort());
        assertEquals("10.0.0.1", x.conn.clientIp());
        assertEquals("de", x.text(true));
        assertEquals("abc", x.text(false));
        assertTrue(x.conn.midstream());
    }

    // ---------------------------------------------------------------- ordering, duplicates, overlaps

    @Test
    void outOfOrderSegmentsAreDeliveredInOrder() {
        handshake();
        c(1009, 5001, PA, "cccc");
        c(1005, 5001, PA, "bbbb");
        Recorder.Rec x = one();
        assertEquals(0, x.bytes(true).length, "nothing may be delivered before the hole is filled");
        c(1001, 5001, PA, "aaaa");
        c(1013, 5001, PA, "dddd");
        assertEquals("aaaabbbbccccdddd", x.text(true));
        DirectionStats st = x.conn.stats(true);
        assertEquals(2, st.outOfOrderSegments());
        assertEquals(0, st.retransmittedBytes());
        assertEquals(0, st.gaps());
        assertEquals(16, st.bytes());
        assertEquals(0, r.stats().bufferedBytes);
        assertEquals(8, r.stats().peakBufferedBytes);
    }

    @Test
    void retransmissionsAreCountedNotDelivered() {
        handshake();
        c(1001, 5001, PA, "aaaa");
        c(1001, 5001, PA, "aaaa"); // in-order duplicate
        c(1005, 5001, PA, "bbbb");
        c(1013, 5001, PA, "dddd"); // early
        c(1013, 5001, PA, "dddd"); // early, duplicated while buffered
        c(1009, 5001, PA, "cccc");
        c(1005, 5001, PA, "bbbbcccc"); // late copy of two segments at once
        Recorder.Rec x = one();
        assertEquals("aaaabbbbccccdddd", x.text(true));
        DirectionStats st = x.conn.stats(true);
        assertEquals(4 + 4 + 8, st.retransmittedBytes());
        assertEquals(16, st.bytes());
        assertEquals(0, st.gaps());
        assertEquals(0, st.conflictingOverlaps());
    }

    @Test
    void partialOverlapsAreTrimmed() {
        handshake();
        c(1001, 5001, PA, "0123456789");
        c(1006, 5001, PA, "56789ABCDE"); // half old, half new
        Recorder.Rec x = one();
        assertEquals("0123456789ABCDE", x.text(true));
        assertEquals(5, x.conn.stats(true).retransmittedBytes());
        // overlapping segments while buffered: [1019,1024) then [1017,1022), then the hole [1016,1017)
        c(1019, 5001, PA, "IJKLM");
        c(1017, 5001, PA, "GHIJK");
        c(1016, 5001, PA, "F");
        assertEquals("0123456789ABCDEFGHIJKLM", x.text(true));
        DirectionStats st = x.conn.stats(true);
        assertEquals(5 + 3, st.retransmittedBytes());
        assertEquals(0, st.conflictingOverlaps());
        assertEquals(23, st.bytes());
    }

    @Test
    void conflictingOverlapSameStartFirstCopyWins() {
        handshake();
        c(1005, 5001, PA, "XXXX");
        c(1005, 5001, PA, "YYYY");
        c(1001, 5001, PA, "abcd");
        Recorder.Rec x = one();
        assertEquals("abcdXXXX", x.text(true));
        DirectionStats st = x.conn.stats(true);
        assertEquals(1, st.conflictingOverlaps());
        assertEquals(4, st.retransmittedBytes());
        assertEquals(8, st.bytes());
    }

    @Test
    void longerCopyOfABufferedSegmentCountsOnlyTheOverlapAsRetransmitted() {
        handshake();
        c(1005, 5001, PA, "XXXX");
        c(1005, 5001, PA, "XXXXYY"); // the same start, two new bytes
        c(1001, 5001, PA, "abcd");
        Recorder.Rec x = one();
        assertEquals("abcdXXXXYY", x.text(true));
        assertEquals(4, x.conn.stats(true).retransmittedBytes());
        assertEquals(0, x.conn.stats(true).conflictingOverlaps());
        assertEquals(0, r.stats().bufferedBytes);
    }

    @Test
    void conflictingOverlapDifferentStartFirstCopyWins() {
        handshake();
        c(1013, 5001, PA, "PPPP"); // [1013,1017) first
        c(1011, 5001, PA, "QQQQ"); // [1011,1015) disagrees on [1013,1015)
        c(1001, 5001, PA, "0123456789");
        Recorder.Rec x = one();
        assertEquals("0123456789QQPPPP", x.text(true));
        DirectionStats st = x.conn.stats(true);
        assertEquals(1, st.conflictingOverlaps());
        assertEquals(2, st.retransmittedBytes());
        assertEquals(16, st.bytes());
        // and the other way round: the later copy starts after the first one
        c(1019, 5001, PA, "RRRR"); // [1019,1023)
        c(1021, 5001, PA, "SSSS"); // [1021,1025) disagrees on [1021,1023)
        c(1017, 5001, PA, "xy");
        assertEquals("0123456789QQPPPPxyRRRRSS", x.text(true));
        assertEquals(2, x.conn.stats(true).conflictingOverlaps());
        assertEquals(4, x.conn.stats(true).retransmittedBytes());
    }

    @Test
    void keepAlivesAreCountedNotDelivered() {
        handshake();
        c(1001, 5001, PA, "hello");
        c(1005, 5001, ACK, "");  // zero-byte keep-alive (Linux): seq = next - 1
        c(1005, 5001, ACK, "o"); // one-byte keep-alive (Windows): the last byte again
        c(1006, 5001, ACK, "");  // an ordinary ACK is not a keep-alive
        s(5001, 1006, ACK, "");
        c(1006, 5001, PA, "!");
        Recorder.Rec x = one();
        assertEquals("hello!", x.text(true));
        DirectionStats st = x.conn.stats(true);
        assertEquals(2, st.keepAlives());
        assertEquals(0, st.retransmittedBytes());
        assertEquals(6, st.bytes());
        assertEquals(0, x.conn.stats(false).keepAlives());
    }

    @Test
    void zeroWindowsAreCounted() {
        handshake();
        c(1001, 5001, PA, "STOR x\r\n");
        TcpSegment z = seg(SERVER, SPORT, CLIENT, CPORT, 5001, 1009, ACK, b(""));
        z.window = 0;
        feed(z);
        TcpSegment z2 = seg(SERVER, SPORT, CLIENT, CPORT, 5001, 1009, ACK, b(""));
        z2.window = 0;
        feed(z2);
        s(5001, 1009, PA, "150 ok\r\n");
        Recorder.Rec x = one();
        assertEquals(2, x.conn.stats(false).zeroWindows());
        assertEquals(0, x.conn.stats(true).zeroWindows());
        assertEquals("150 ok\r\n", x.text(false));
    }

    // ---------------------------------------------------------------- sequence numbers

    @Test
    void sequenceNumbersWrapAround() {
        int cisn = 0xFFFFFFF0;
        int sisn = 0xFFFFFFFF; // server data starts exactly at 0
        c(cisn, 0, SYN, "");
        s(sisn, cisn + 1, SYN | ACK, "");
        c(cisn + 1, sisn + 1, ACK, "");
        byte[] all = pattern(0, 40);
        int base = cisn + 1; // 0xFFFFFFF1: 15 bytes before 2^32
        // out of order across the wrap: 3rd, 1st, 4th, 2nd
        c(base + 20, 0, PA, java.util.Arrays.copyOfRange(all, 20, 30));
        c(base, 0, PA, java.util.Arrays.copyOfRange(all, 0, 10));
        c(base + 30, 0, PA, java.util.Arrays.copyOfRange(all, 30, 40));
        c(base + 10, 0, PA, java.util.Arrays.copyOfRange(all, 10, 20));
        s(0, base + 40, PA, "server bytes"); // acks across the wrap
        s(12, base + 40, FA, "");
        c(base + 40, 13, FA, "");
        s(13, base + 41, ACK, "");
        Recorder.Rec x = one();
        assertArrayEquals(all, x.bytes(true));
        assertEquals("server bytes", x.text(false));
        assertTrue(x.gaps(true).isEmpty() && x.gaps(false).isEmpty());
        assertEquals(0, x.conn.stats(true).retransmittedBytes());
        assertEquals(ConnState.CLOSED, x.conn.state());
        assertArrayEquals(new int[] {1, 1}, x.ends);
    }

    @Test
    void lossAcrossTheWrapIsMeasuredExactly() {
        int cisn = 0xFFFFFF00;
        c(cisn, 0, SYN, "");
        s(SISN, cisn + 1, SYN | ACK, "");
        int base = cisn + 1;
        c(base, 5001, PA, pattern(0, 100));
        // [base+100, base+400) lost: crosses 2^32
        c(base + 400, 5001, PA, pattern(400, 50));
        s(5001, base + 450, ACK, "");
        Recorder.Rec x = one();
        assertEquals(List.of(new Recorder.Gap(100, 300)), x.gaps(true));
        assertEquals(150, x.conn.bytes(true));
    }

    // ---------------------------------------------------------------- loss
    @Test
    void holesAddingUpToMoreThan2To31AreMeasuredExactly() {
        // Like a transfer of several GiB whose capture kept only a few segments: each jump is less
        // than 2^31 from the previous segment, but together they exceed 2^32 while the reassembler
        // still waits behind buffered data.
        c(CISN, 0, SYN, "");
        s(SISN, CISN + 1, SYN | ACK, "");
        c(CISN + 1, SISN + 1, ACK, "");
        s(5001, 1001, PA, pattern(0, 10));
        long[] at = {1_500_000_000L, 3_000_000_000L, 4_500_000_000L, 6_000_000_000L};
        for (long p : at) {
            s((int) (5001 + p), 1001, PA, pattern((int) (p % 26), 10));
        }
        long finAt = 6_000_000_010L;
        s((int) (5001 + finAt), 1001, FA, "");
        c(1001, (int) (5001 + finAt + 1), ACK, "");
        Recorder.Rec x = one();
        assertEquals(50, x.conn.bytes(false));
        assertEquals(0, x.conn.stats(false).retransmittedBytes());
        assertEquals(finAt - 50, x.conn.gapBytes(false));
        assertEquals(4, x.gaps(false).size());
        assertEquals(new Recorder.Gap(10, 1_500_000_000L - 10), x.gaps(false).get(0));
        assertEquals(new Recorder.Gap(40, 1_500_000_000L - 10), x.gaps(false).get(3));
        assertEquals(1, x.ends[1], "the ACK of the FIN ends the direction");
    }

    @Test
    void ackPastSeveralHolesReportsThemAll() {
        handshake();
        c(1001, 5001, PA, pattern(0, 10));
        c(1021, 5001, PA, pattern(20, 10)); // [1011,1021) lost
        c(1041, 5001, PA, pattern(40, 10)); // [1031,1041) lost
        c(1061, 5001, PA, pattern(60, 10)); // [1051,1061) lost, beyond the ACK below
        s(5001, 1051, ACK, "");
        Recorder.Rec x = one();
        assertEquals(List.of(new Recorder.Gap(10, 10), new Recorder.Gap(20, 10)), x.gaps(true));
        assertEquals(30, x.conn.bytes(true));
        s(5001, 1071, ACK, "");
        assertEquals(List.of(new Recorder.Gap(10, 10), new Recorder.Gap(20, 10), new Recorder.Gap(30, 10)), x.gaps(true));
        assertEquals(40, x.conn.bytes(true));
    }


    @Test
    void ackPastAHoleReportsTheGapImmediately() {
        handshake();
        c(1001, 5001, PA, pattern(0, 10));
        // [1011,1021) lost by the capture
        c(1021, 5001, PA, pattern(20, 10));
        Recorder.Rec x = one();
        assertTrue(x.gaps(true).isEmpty(), "the hole may still be filled");
        s(5001, 1031, ACK, ""); // the receiver had everything: the capture lost it
        assertEquals(List.of(new Recorder.Gap(10, 10)), x.gaps(true));
        assertEquals(20, x.bytes(true).length);
        // parsing resumes: later data flows normally
        c(1031, 5001, PA, pattern(30, 10));
        byte[] want = new byte[30];
        System.arraycopy(pattern(0, 10), 0, want, 0, 10);
        System.arraycopy(pattern(20, 20), 0, want, 10, 20);
        assertArrayEquals(want, x.bytes(true));
        DirectionStats st = x.conn.stats(true);
        assertEquals(1, st.gaps());
        assertEquals(10, st.gapBytes());
        assertEquals(30, st.bytes());
        assertEquals(0, x.closes);
        assertEquals(1, r.stats().gaps);
        assertEquals(10, r.stats().gapBytes);
    }

    @Test
    void ackBeyondSeenDataDoesNotSkipBytesThatMayStillArrive() {
        handshake();
        c(1001, 5001, PA, pattern(0, 10));
        // [1011,1021) lost; the receiver's ACK proves it
        s(5001, 1021, ACK, "");
        // the next two segments are reordered in the capture
        c(1031, 5001, PA, pattern(30, 10));
        c(1021, 5001, PA, pattern(20, 10));
        Recorder.Rec x = one();
        assertEquals(List.of(new Recorder.Gap(10, 10)), x.gaps(true));
        byte[] want = new byte[30];
        System.arraycopy(pattern(0, 10), 0, want, 0, 10);
        System.arraycopy(pattern(20, 20), 0, want, 10, 20);
        assertArrayEquals(want, x.bytes(true));
        assertEquals(0, x.conn.stats(true).retransmittedBytes());
    }

    @Test
    void unacknowledgedHoleIsReportedAtFlushAll() {
        handshake();
        c(1001, 5001, PA, pattern(0, 10));
        c(1021, 5001, PA, pattern(20, 10)); // [1011,1021) lost, nobody acks
        Recorder.Rec x = one();
        assertTrue(x.gaps(true).isEmpty());
        r.flushAll();
        assertEquals(List.of(new Recorder.Gap(10, 10)), x.gaps(true));
        assertEquals(20, x.conn.bytes(true));
        assertEquals(10, x.conn.gapBytes(true));
        assertEquals(ConnState.OPEN, x.conn.state());
        assertEquals(1, x.closes);
        assertArrayEquals(new int[] {1, 1}, x.ends);
        assertEquals(0, r.stats().bufferedBytes);
    }

    @Test
    void unacknowledgedHoleIsReportedAtReset() {
        handshake();
        c(1001, 5001, PA, pattern(0, 10));
        c(1031, 5001, PA, pattern(30, 5)); // [1011,1031) lost
        c(1036, 5001, RA, "");
        Recorder.Rec x = one();
        assertEquals(List.of(new Recorder.Gap(10, 20)), x.gaps(true));
        assertEquals(15, x.conn.bytes(true));
        assertEquals(ConnState.RESET, x.conn.state());
        assertEquals(1, x.closes);
        assertEquals(List.of("Cdata:10", "Cgap:20", "Cdata:5", "Cend", "Send", "close:reset"), x.events);
    }

    @Test
    void unacknowledgedHoleBeforeFinIsReportedWhenTheConnectionEnds() {
        handshake();
        c(1001, 5001, PA, pattern(0, 10));
        c(1021, 5001, PA, pattern(20, 10)); // [1011,1021) lost
        c(1031, 5001, FA, "");
        s(5001, 1001, FA, ""); // the server ACKs nothing of it
        Recorder.Rec x = one();
        // a retransmission of the hole may still come: nothing is skipped yet
        assertTrue(x.gaps(true).isEmpty());
        assertEquals(0, x.ends[0]);
        r.flushAll();
        assertEquals(List.of(new Recorder.Gap(10, 10)), x.gaps(true));
        assertEquals(20, x.conn.bytes(true));
        assertArrayEquals(new int[] {1, 1}, x.ends);
        assertEquals(1, x.closes);
        // both sides sent FIN: the connection was closed, not half-closed
        assertEquals(ConnState.CLOSED, x.conn.state());
    }

    @Test
    void ackOfFinResolvesAHoleInFrontOfBufferedData() {
        handshake();
        c(1001, 5001, PA, pattern(0, 10));
        c(1021, 5001, PA, pattern(20, 10)); // [1011,1021) lost
        c(1031, 5001, FA, "");
        s(5001, 1032, FA, ""); // acks the FIN: everything arrived at the server
        Recorder.Rec x = one();
        assertEquals(List.of(new Recorder.Gap(10, 10)), x.gaps(true));
        assertEquals(1, x.ends[0]);
        assertEquals(ConnState.CLOSED, x.conn.state());
        assertEquals(1, x.closes);
    }

    @Test
    void lostFinalSegmentBeforeFinIsSkippedWhenTheFinIsAcked() {
        handshake();
        c(1001, 5001, PA, pattern(0, 10));
        // [1011,1021) lost, then the FIN at 1021
        c(1021, 5001, FA, "");
        Recorder.Rec x = one();
        assertTrue(x.gaps(true).isEmpty());
        assertEquals(0, x.ends[0], "the direction cannot end before the hole is known to be lost");
        s(5001, 1022, ACK, ""); // ACK of the FIN
        assertEquals(List.of(new Recorder.Gap(10, 10)), x.gaps(true));
        assertEquals(1, x.ends[0]);
        assertEquals(List.of("Cdata:10", "Cgap:10", "Cend"), x.events);
        assertEquals(0, x.closes);
        s(5001, 1022, FA, "");
        c(1022, 5002, ACK, "");
        assertEquals(ConnState.CLOSED, x.conn.state());
        assertEquals(1, x.closes);
        assertEquals(10, x.conn.bytes(true));
        assertEquals(10, x.conn.gapBytes(true));
    }

    // ---------------------------------------------------------------- ends

    @Test
    void resetEndsTheConnection() {
        handshake();
        c(1001, 5001, PA, "RETR f\r\n");
        s(5001, 1009, RA, "");
        c(1009, 5001, PA, "late\r\n"); // after the reset
        Recorder.Rec x = one();
        assertEquals(ConnState.RESET, x.conn.state());
        assertEquals(1, x.closes);
        assertArrayEquals(new int[] {1, 1}, x.ends);
        assertEquals("RETR f\r\n", x.text(true));
        assertEquals(1, r.stats().afterClose);
        r.flushAll();
        assertEquals(1, x.closes);
        assertEquals(ConnState.RESET, x.conn.state());
    }

    @Test
    void synAnsweredByResetIsRefused() {
        c(CISN, 0, SYN, "");
        s(0, CISN + 1, RA, "");
        Recorder.Rec x = one();
        assertEquals(ConnState.REFUSED, x.conn.state());
        assertEquals(1, x.closes);
        assertTrue(x.conn.synSeen());
        assertFalse(x.conn.synAckSeen());
        r.flushAll();
        assertEquals(1, x.closes);
        assertEquals(ConnState.REFUSED, x.conn.state());
    }

    @Test
    void resetFromTheClientAfterItsSynIsNotRefused() {
        c(CISN, 0, SYN, "");
        c(CISN + 1, 0, RST, "");
        assertEquals(ConnState.RESET, one().conn.state());
    }

    @Test
    void unansweredSynIsSynOnly() {
        c(CISN, 0, SYN, "");
        c(CISN, 0, SYN, ""); // retransmitted SYN, same ISN: same connection
        c(CISN, 0, SYN, "");
        Recorder.Rec x = one();
        assertEquals(0, x.closes);
        r.flushAll();
        assertEquals(ConnState.SYN_ONLY, x.conn.state());
        assertEquals(1, x.closes);
        assertEquals(1, r.stats().connections);
        assertEquals(0, x.conn.bytes(true) + x.conn.bytes(false) + x.conn.gapBytes(true) + x.conn.gapBytes(false));
    }

    @Test
    void finBothWaysClosesExactlyOnce() {
        handshake();
        c(1001, 5001, FA, "");
        Recorder.Rec x = one();
        assertEquals(ConnState.HALF_CLOSED, x.conn.state());
        assertEquals(List.of("Cend"), x.events);
        s(5001, 1002, FA, "");
        assertEquals(ConnState.CLOSED, x.conn.state());
        assertEquals(1, x.closes);
        c(1002, 5002, ACK, "");
        s(5001, 1002, FA, ""); // retransmitted FIN
        r.flushAll();
        assertEquals(1, x.closes);
        assertEquals(List.of("Cend", "Send", "close:closed"), x.events);
        assertEquals(2, r.stats().afterClose);
    }

    @Test
    void halfClosedAtEndOfCapture() {
        handshake();
        c(1001, 5001, PA, "QUIT\r\n");
        s(5001, 1007, FA, "221 bye\r\n");
        r.flushAll();
        Recorder.Rec x = one();
        assertEquals(ConnState.HALF_CLOSED, x.conn.state());
        assertEquals("221 bye\r\n", x.text(false));
        assertEquals(1, x.closes);
    }

    @Test
    void portReuseStartsASecondConnection() {
        handshake();
        c(1001, 5001, PA, "first");
        c(1006, 5001, FA, "");
        s(5001, 1007, FA, "one");
        c(1007, 5005, ACK, "");
        // same 4-tuple, new ISNs
        c(90_000, 0, SYN, "");
        s(70_000, 90_001, SYN | ACK, "");
        c(90_001, 70_001, ACK, "");
        c(90_001, 70_001, PA, "second");
        s(70_001, 90_007, PA, "two");
        assertEquals(2, rec.recs.size());
        Recorder.Rec a = rec.get(0);
        Recorder.Rec b2 = rec.get(1);
        assertEquals("first", a.text(true));
        assertEquals("one", a.text(false));
        assertEquals(ConnState.CLOSED, a.conn.state());
        assertEquals(1, a.closes);
        assertEquals("second", b2.text(true));
        assertEquals("two", b2.text(false));
        assertTrue(b2.conn.id() > a.conn.id());
        assertFalse(b2.conn.isClosed());
        assertTrue(b2.gaps(true).isEmpty() && b2.gaps(false).isEmpty());
        r.flushAll();
        assertEquals(1, a.closes);
        assertEquals(1, b2.closes);
        assertEquals(ConnState.OPEN, b2.conn.state());
        assertEquals(2, r.stats().connections);
    }

    @Test
    void packetsAfterCloseAreCounted() {
        handshake();
        c(1001, 5001, PA, "x");
        c(1002, 5001, FA, "");
        s(5001, 1003, FA, "");
        c(1003, 5002, ACK, "");
        c(1001, 5002, PA, "x"); // late retransmission
        s(5002, 1003, ACK, "");
        assertEquals(3, r.stats().afterClose);
        assertEquals("x", one().text(true));
        assertEquals(1, one().closes);
    }

    // ---------------------------------------------------------------- limits

    @Test
    void idleConnectionsTimeOut() {
        use(ReassemblyConfig.defaults().withIdleTimeoutSeconds(5));
        ts = 100_000_000_000L;
        handshake();
        c(1001, 5001, PA, pattern(0, 10));
        c(1021, 5001, PA, pattern(20, 10)); // a hole that will never be filled
        Recorder.Rec a = one();
        // another connection keeps packet time moving
        for (int i = 0; i < 12; i++) {
            ts += 1_000_000_000L;
            feed(seg(CLIENT, 40001, SERVER, SPORT, 50 + i, 0, i == 0 ? SYN : ACK, b("")));
        }
        assertEquals(1, a.closes, "the idle connection is closed as packet time passes");
        assertEquals(ConnState.TIMEOUT, a.conn.state());
        assertEquals(List.of(new Recorder.Gap(10, 10)), a.gaps(true));
        assertArrayEquals(new int[] {1, 1}, a.ends);
        assertEquals(1, r.stats().timedOut);
        assertEquals(1, r.activeConnections());
        Recorder.Rec b2 = rec.get(1);
        assertEquals(0, b2.closes);
        r.flushAll();
        assertEquals(1, a.closes);
        assertEquals(ConnState.TIMEOUT, a.conn.state());
        assertEquals(1, b2.closes);
        assertEquals(ConnState.SYN_ONLY, b2.conn.state());
    }

    @Test
    void tickExpiresIdleConnectionsWithoutPackets() {
        use(ReassemblyConfig.defaults().withIdleTimeoutSeconds(5));
        handshake();
        r.tick(ts + 3_000_000_000L);
        assertEquals(0, one().closes);
        r.tick(ts + 6_000_000_000L);
        assertEquals(1, one().closes);
        assertEquals(ConnState.TIMEOUT, one().conn.state());
    }

    @Test
    void fullTableEvictsTheLongestIdle() {
        use(ReassemblyConfig.defaults().withMaxConnections(2));
        feed(seg(CLIENT, 40001, SERVER, SPORT, 100, 0, SYN, b("")));
        feed(seg(CLIENT, 40002, SERVER, SPORT, 200, 0, SYN, b("")));
        feed(seg(SERVER, SPORT, CLIENT, 40001, 900, 101, SYN | ACK, b(""))); // 40001 active again
        feed(seg(CLIENT, 40003, SERVER, SPORT, 300, 0, SYN, b("")));
        assertEquals(3, rec.recs.size());
        Recorder.Rec a = rec.get(0);
        Recorder.Rec b2 = rec.get(1);
        Recorder.Rec c3 = rec.get(2);
        assertEquals(ConnState.EVICTED, b2.conn.state());
        assertEquals(1, b2.closes);
        assertEquals(0, a.closes);
        assertEquals(0, c3.closes);
        assertEquals(1, r.stats().evicted);
        assertEquals(2, r.activeConnections());
        // the evicted tuple comes back as a new connection
        feed(seg(CLIENT, 40002, SERVER, SPORT, 201, 0, ACK, b("z")));
        assertEquals(4, rec.recs.size());
        assertEquals(ConnState.EVICTED, rec.get(0).conn.state()); // 40001 was now the longest idle
        assertEquals(2, r.stats().evicted);
    }

    @Test
    void removingALingeringClosedConnectionIsNotAnEviction() {
        use(ReassemblyConfig.defaults().withMaxConnections(2));
        handshake();
        c(1001, 5001, FA, "");
        s(5001, 1002, FA, "");
        Recorder.Rec a = one();
        assertEquals(ConnState.CLOSED, a.conn.state());
        feed(seg(CLIENT, 40002, SERVER, SPORT, 200, 0, SYN, b("")));
        feed(seg(CLIENT, 40003, SERVER, SPORT, 300, 0, SYN, b("")));
        assertEquals(ConnState.CLOSED, a.conn.state());
        assertEquals(1, a.closes);
        assertEquals(0, rec.get(1).closes);
        assertEquals(0, rec.get(2).closes);
        assertEquals(0, r.stats().evicted, "a closed connection leaving the table was not evicted");
    }

    @Test
    void bufferCapSkipsTheHoleAndBoundsMemory() {
        use(ReassemblyConfig.defaults().withBuffers(1000, 1 << 20));
        handshake();
        c(1001, 5001, PA, pattern(0, 10));
        // [1011,1111) lost; then 20 segments of 100 bytes, each followed by a 100-byte hole
        for (int k = 0; k < 20; k++) {
            int off = 110 + 200 * k;
            c(1001 + off, 5001, PA, pattern(off, 100));
            assertTrue(r.stats().bufferedBytes <= 1000, "buffered bytes stay under the cap");
        }
        Recorder.Rec x = one();
        ReassemblyStats rs = r.stats();
        assertEquals(10, rs.bufferCapHits);
        assertTrue(rs.peakBufferedBytes <= 1100, "peak " + rs.peakBufferedBytes);
        assertEquals(10 + 1000, x.conn.bytes(true), "10 segments were forced out by the cap");
        assertEquals(10, x.gaps(true).size());
        assertEquals(new Recorder.Gap(10, 100), x.gaps(true).get(0));
        r.flushAll();
        assertEquals(0, rs.bufferedBytes);
        assertEquals(20, x.gaps(true).size());
        for (int k = 0; k < 20; k++) {
            assertEquals(new Recorder.Gap(10 + 100L * k, 100), x.gaps(true).get(k));
        }
        assertEquals(2010, x.conn.bytes(true));
        assertEquals(2000, x.conn.gapBytes(true));
        byte[] got = x.bytes(true);
        for (int k = 0; k < 20; k++) {
            int off = 110 + 200 * k;
            assertArrayEquals(pattern(off, 100), java.util.Arrays.copyOfRange(got, 10 + 100 * k, 110 + 100 * k));
        }
    }

    @Test
    void totalBufferCapAppliesAcrossConnections() {
        use(ReassemblyConfig.defaults().withBuffers(1 << 20, 500));
        feed(seg(CLIENT, 40001, SERVER, SPORT, 100, 0, SYN, b("")));
        feed(seg(CLIENT, 40002, SERVER, SPORT, 200, 0, SYN, b("")));
        feed(seg(CLIENT, 40001, SERVER, SPORT, 201, 0, PA, pattern(0, 300))); // hole of 100
        feed(seg(CLIENT, 40002, SERVER, SPORT, 301, 0, PA, pattern(0, 300))); // hole of 100: total 600 > 500
        assertTrue(r.stats().bufferCapHits >= 1);
        assertTrue(r.stats().bufferedBytes <= 500);
        assertEquals(List.of(new Recorder.Gap(0, 100)), rec.get(1).gaps(true));
        assertEquals(300, rec.get(1).conn.bytes(true));
    }

    // ---------------------------------------------------------------- snaplen

    @Test
    void truncatedSegmentsDeliverWhatWasCapturedAndAGapForTheRest() {
        handshake();
        TcpSegment t = seg(CLIENT, CPORT, SERVER, SPORT, 1001, 5001, PA, pattern(0, 40));
        t.payloadMissing = 60; // 100 bytes on the wire, 40 captured
        feed(t);
        c(1101, 5001, PA, pattern(100, 20));
        Recorder.Rec x = one();
        assertEquals(List.of(new Recorder.Gap(40, 60)), x.gaps(true));
        assertEquals(60, x.conn.bytes(true));
        assertEquals(120, x.conn.bytes(true) + x.conn.gapBytes(true));
        assertEquals(1, x.conn.stats(true).truncatedFrames());
        byte[] want = Frames.concat(pattern(0, 40), pattern(100, 20));
        assertArrayEquals(want, x.bytes(true));
    }

    @Test
    void truncatedSegmentsOutOfOrder() {
        handshake();
        TcpSegment t2 = seg(CLIENT, CPORT, SERVER, SPORT, 1101, 5001, PA, pattern(100, 30));
        t2.payloadMissing = 70;
        feed(t2); // [1101,1201), buffered
        c(1201, 5001, PA, pattern(200, 10)); // buffered
        TcpSegment t1 = seg(CLIENT, CPORT, SERVER, SPORT, 1001, 5001, PA, pattern(0, 50));
        t1.payloadMissing = 50;
        feed(t1);
        Recorder.Rec x = one();
        assertEquals(List.of(new Recorder.Gap(50, 50), new Recorder.Gap(80, 70)), x.gaps(true));
        assertArrayEquals(Frames.concat(pattern(0, 50), pattern(100, 30), pattern(200, 10)), x.bytes(true));
        assertEquals(210, x.conn.bytes(true) + x.conn.gapBytes(true));
        // a full retransmission of a truncated segment cannot un-skip what was already skipped
        c(1001, 5001, PA, pattern(0, 100));
        assertEquals(90, x.conn.bytes(true));
        assertEquals(2, x.conn.stats(true).truncatedFrames());
    }

    @Test
    void snaplenCutFramesThroughTheDecoder() {
        PacketDecoder dec = new PacketDecoder();
        byte[] cli = Frames.ipv4(192, 168, 1, 10);
        byte[] srv = Frames.ipv4(192, 168, 1, 20);
        List<byte[]> frames = new ArrayList<>();
        frames.add(Frames.eth4(cli, 50123, srv, 20, CISN, 0, SYN, new byte[0]));
        frames.add(Frames.eth4(srv, 20, cli, 50123, SISN, CISN + 1, SYN | ACK, new byte[0]));
        frames.add(Frames.eth4(cli, 50123, srv, 20, CISN + 1, SISN + 1, ACK, new byte[0]));
        byte[] big = pattern(0, 1000);
        frames.add(Frames.eth4(srv, 20, cli, 50123, SISN + 1, CISN + 1, PA, big));
        frames.add(Frames.eth4(srv, 20, cli, 50123, SISN + 1001, CISN + 1, PA, pattern(1000, 1000)));
        frames.add(Frames.eth4(srv, 20, cli, 50123, SISN + 2001, CISN + 1, FA, pattern(2000, 5)));
        frames.add(Frames.eth4(cli, 50123, srv, 20, CISN + 1, SISN + 2007, FA, new byte[0]));
        int snap = 14 + 20 + 20 + 96; // 96 payload bytes captured
        for (byte[] f : frames) {
            ts += 1_000_000;
            int cap = Math.min(f.length, snap);
            TcpSegment s = dec.decode(LinkTypes.ETHERNET, ts, f, 0, cap, f.length);
            assertNotNull(s);
            r.process(s);
        }
        Recorder.Rec x = one();
        Connection c = x.conn;
        assertEquals("192.168.1.10", c.clientIp());
        assertEquals(50123, c.clientPort());
        assertEquals(Frames.concat(java.util.Arrays.copyOfRange(big, 0, 96), pattern(1000, 96), pattern(2000, 5)).length,
                c.bytes(false));
        assertArrayEquals(Frames.concat(java.util.Arrays.copyOfRange(big, 0, 96), pattern(1000, 96), pattern(2000, 5)),
                x.bytes(false));
        assertEquals(List.of(new Recorder.Gap(96, 904), new Recorder.Gap(192, 904)), x.gaps(false));
        assertEquals(2005, c.bytes(false) + c.gapBytes(false));
        assertEquals(2, c.stats(false).truncatedFrames());
        assertEquals(ConnState.CLOSED, c.state());
        assertEquals(1, x.closes);
    }

    @Test
    void ipv6ThroughTheDecoder() {
        PacketDecoder dec = new PacketDecoder();
        byte[] a = new byte[16];
        byte[] bb = new byte[16];
        a[0] = 0x20; a[1] = 0x01; a[2] = 0x0d; a[3] = (byte) 0xb8; a[15] = 1;
        bb[0] = 0x20; bb[1] = 0x01; bb[2] = 0x0d; bb[3] = (byte) 0xb8; bb[15] = 2;
        byte[][] frames = {
            Frames.ether(0x86DD, Frames.ip6(a, bb, 6, Frames.tcp(45000, 21, CISN, 0, SYN, new byte[0]))),
            Frames.ether(0x86DD, Frames.ip6(bb, a, 6, Frames.tcp(21, 45000, SISN, CISN + 1, SYN | ACK, new byte[0]))),
            Frames.ether(0x86DD, Frames.ip6(bb, a, 6, Frames.tcp(21, 45000, SISN + 1, CISN + 1, PA, b("220 v6\r\n")))),
            Frames.ether(0x86DD, Frames.ip6(a, bb, 6, Frames.tcp(45000, 21, CISN + 1, SISN + 9, PA, b("EPSV\r\n")))),
        };
        for (byte[] f : frames) {
            ts += 1_000_000;
            r.process(dec.decode(LinkTypes.ETHERNET, ts, f, 0, f.length, f.length));
        }
        Recorder.Rec x = one();
        assertEquals(6, x.conn.ipVersion());
        assertEquals("2001:db8::1", x.conn.clientIp());
        assertEquals("2001:db8::2", x.conn.serverIp());
        assertEquals("EPSV\r\n", x.text(true));
        assertEquals("220 v6\r\n", x.text(false));
    }

    @Test
    void nullFactoryStillCounts() {
        r = new TcpReassembler(c -> null, ReassemblyConfig.defaults());
        handshake();
        c(1001, 5001, PA, "abc");
        c(1014, 5001, PA, "xyz"); // hole of 10
        s(5001, 1017, ACK, "");
        r.flushAll();
        assertEquals(1, r.stats().connections);
        assertEquals(10, r.stats().gapBytes);
    }
}
