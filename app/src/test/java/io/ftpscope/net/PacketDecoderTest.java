package io.ftpscope.net;

import static io.ftpscope.testutil.Frames.concat;
import static io.ftpscope.testutil.Frames.ether;
import static io.ftpscope.testutil.Frames.ip4;
import static io.ftpscope.testutil.Frames.ip6;
import static io.ftpscope.testutil.Frames.ipv4;
import static io.ftpscope.testutil.Frames.tcp;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PacketDecoderTest {
    private static final byte[] SRC = ipv4(10, 0, 0, 1);
    private static final byte[] DST = ipv4(192, 168, 7, 200);
    private static final byte[] SRC6 = v6("2001:db8::1");
    private static final byte[] DST6 = v6("fd00::21");
    private static final byte[] PAYLOAD = "USER anonymous\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SEQ = 0x89ABCDEF; // above 2^31: must survive as an unsigned 32-bit value
    private static final int ACK = 0x01020304;
    private static final int FLAGS = TcpSegment.ACK | TcpSegment.PSH;

    private final PacketDecoder decoder = new PacketDecoder();

    @AfterEach
    void everyFrameIsAccountedFor() {
        DecodeStats s = decoder.stats();
        assertEquals(s.framesRead, s.decoded + s.skippedTotal(), "framesRead == decoded + skipped: " + s.skippedByReason());
    }

    private static byte[] v6(String literal) {
        try {
            return java.net.InetAddress.getByName(literal).getAddress();
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] tcpSeg() {
        return tcp(40000, 21, SEQ, ACK, FLAGS, PAYLOAD);
    }

    private static byte[] ipv4Packet() {
        return ip4(SRC, DST, tcpSeg());
    }

    private static byte[] ipv6Packet() {
        return ip6(SRC6, DST6, 6, tcpSeg());
    }

    /** Decodes a frame placed at a non-zero offset in a larger buffer, with the whole frame captured. */
    private TcpSegment decode(int linkType, byte[] frame) {
        return decode(linkType, frame, frame.length, frame.length);
    }

    private TcpSegment decode(int linkType, byte[] frame, int capLen, int origLen) {
        byte[] buf = new byte[7 + frame.length + 9];
        Arrays.fill(buf, (byte) 0xEE);
        System.arraycopy(frame, 0, buf, 7, capLen);
        return decoder.decode(linkType, 123_456_789L, buf, 7, capLen, origLen);
    }

    private static byte[] payloadOf(TcpSegment s) {
        return Arrays.copyOfRange(s.buf, s.payloadOff, s.payloadOff + s.payloadLen);
    }

    private void assertV4Segment(TcpSegment s) {
        assertNotNull(s, "decoded: " + decoder.stats().skippedByReason());
        assertEquals(4, s.ipVersion);
        assertEquals("10.0.0.1:40000", s.src());
        assertEquals("192.168.7.200:21", s.dst());
        assertCommonTcp(s, PAYLOAD);
    }

    private void assertV6Segment(TcpSegment s) {
        assertNotNull(s, "decoded: " + decoder.stats().skippedByReason());
        assertEquals(6, s.ipVersion);
        assertEquals("2001:db8::1.40000", s.src());
        assertEquals("fd00::21.21", s.dst());
        assertCommonTcp(s, PAYLOAD);
    }

    private static void assertCommonTcp(TcpSegment s, byte[] payload) {
        assertEquals(40000, s.srcPort);
        assertEquals(21, s.dstPort);
        assertEquals(SEQ, s.seq);
        assertEquals(ACK, s.ack);
        assertEquals(FLAGS, s.flags);
        assertEquals(65535, s.window);
        assertEquals(payload.length, s.payloadLen);
        assertEquals(0, s.payloadMissing);
        assertArrayEquals(payload, payloadOf(s));
        assertEquals(123_456_789L, s.tsNanos);
    }

    private void assertSkipped(SkipReason r, long n) {
        assertEquals(n, decoder.stats().skipped(r), r + " in " + decoder.stats().skippedByReason());
    }

    private void assertOnlySkipped(SkipReason r, long n) {
        assertEquals(Map.of(r, n), decoder.stats().skippedByReason());
        assertEquals(0, decoder.stats().decoded);
    }

    // ---------------------------------------------------------------- link layers

    @Test
    void ethernetIpv4() {
        assertV4Segment(decode(LinkTypes.ETHERNET, ether(0x0800, ipv4Packet())));
        assertEquals(1, decoder.stats().decoded);
        assertEquals(1, decoder.stats().ipv4);
        assertEquals(1, decoder.frameNo());
        assertFalse(decoder.frameTruncated());
    }

    @Test
    void ethernetIpv6() {
        assertV6Segment(decode(LinkTypes.ETHERNET, ether(0x86DD, ipv6Packet())));
        assertEquals(1, decoder.stats().ipv6);
    }

    @Test
    void ethernetPaddingIsNotPayload() {
        byte[] syn = ip4(SRC, DST, tcp(40000, 21, SEQ, 0, TcpSegment.SYN, new byte[0]));
        byte[] frame = Arrays.copyOf(ether(0x0800, syn), 60); // padded to the Ethernet minimum
        TcpSegment s = decode(LinkTypes.ETHERNET, frame);
        assertNotNull(s);
        assertEquals(0, s.payloadLen);
        assertEquals(0, s.payloadMissing);
        assertTrue(s.has(TcpSegment.SYN));
    }

    @Test
    void vlanTagged() {
        byte[] frame = ether(0x8100, concat(new byte[] {0x20, 0x0A, 0x08, 0x00}, ipv4Packet()));
        assertV4Segment(decode(LinkTypes.ETHERNET, frame));
    }

    @Test
    void qinqTagged() {
        byte[] frame = ether(0x88A8, concat(new byte[] {0x00, 0x64, (byte) 0x81, 0x00, 0x00, 0x0A, (byte) 0x86, (byte) 0xDD}, ipv6Packet()));
        assertV6Segment(decode(LinkTypes.ETHERNET, frame));
    }

    @Test
    void vlanTagCutShortIsTruncated() {
        byte[] frame = ether(0x8100, new byte[] {0x00, 0x0A});
        assertNull(decode(LinkTypes.ETHERNET, frame));
        assertOnlySkipped(SkipReason.TRUNCATED, 1);
    }

    @Test
    void linuxCookedV1() {
        ByteBuffer h = ByteBuffer.allocate(16);
        h.putShort((short) 0).putShort((short) 1).putShort((short) 6).put(new byte[] {2, 0, 0, 0, 0, 1, 0, 0}).putShort((short) 0x0800);
        assertV4Segment(decode(LinkTypes.LINUX_SLL, concat(h.array(), ipv4Packet())));
    }

    @Test
    void linuxCookedV2() {
        ByteBuffer h = ByteBuffer.allocate(20);
        h.putShort((short) 0x86DD).putShort((short) 0).putInt(3).putShort((short) 1).put((byte) 4).put((byte) 6)
                .put(new byte[] {2, 0, 0, 0, 0, 1, 0, 0});
        assertV6Segment(decode(LinkTypes.LINUX_SLL2, concat(h.array(), ipv6Packet())));
    }

    @Test
    void linuxCookedNonIpProtocol() {
        ByteBuffer h = ByteBuffer.allocate(16);
        h.putShort((short) 0).putShort((short) 1).putShort((short) 6).put(new byte[8]).putShort((short) 0x0806);
        assertNull(decode(LinkTypes.LINUX_SLL, concat(h.array(), new byte[28])));
        assertOnlySkipped(SkipReason.NON_IP, 1);
    }

    private static byte[] family(int af, ByteOrder order) {
        return ByteBuffer.allocate(4).order(order).putInt(af).array();
    }

    @ParameterizedTest(name = "host order {0}")
    @ValueSource(strings = {"LITTLE_ENDIAN", "BIG_ENDIAN"})
    void bsdNullInEitherHostOrder(String orderName) {
        ByteOrder order = orderName.equals("BIG_ENDIAN") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        assertV4Segment(decode(LinkTypes.NULL, concat(family(2, order), ipv4Packet())));
        for (int af6 : new int[] {24, 28, 30, 10}) {
            assertV6Segment(decode(LinkTypes.NULL, concat(family(af6, order), ipv6Packet())));
        }
        assertEquals(5, decoder.stats().decoded);
        assertNull(decode(LinkTypes.NULL, concat(family(7, order), ipv4Packet())));
        assertSkipped(SkipReason.NON_IP, 1);
    }

    @Test
    void openBsdLoopIsNetworkOrder() {
        assertV4Segment(decode(LinkTypes.LOOP, concat(family(2, ByteOrder.BIG_ENDIAN), ipv4Packet())));
        for (int af6 : new int[] {24, 28, 30, 10}) {
            assertV6Segment(decode(LinkTypes.LOOP, concat(family(af6, ByteOrder.BIG_ENDIAN), ipv6Packet())));
        }
        assertEquals(5, decoder.stats().decoded);
    }

    @Test
    void rawIpBothVersions() {
        assertV4Segment(decode(LinkTypes.RAW, ipv4Packet()));
        assertV6Segment(decode(LinkTypes.RAW, ipv6Packet()));
        assertV4Segment(decode(LinkTypes.RAW_BSD_12, ipv4Packet()));
        assertV6Segment(decode(LinkTypes.RAW_BSD_14, ipv6Packet()));
        byte[] notIp = ipv4Packet();
        notIp[0] = 0x50;
        assertNull(decode(LinkTypes.RAW, notIp));
        assertSkipped(SkipReason.NON_IP, 1);
    }

    @Test
    void linktypeIpv4AndIpv6() {
        assertV4Segment(decode(LinkTypes.IPV4, ipv4Packet()));
        assertV6Segment(decode(LinkTypes.IPV6, ipv6Packet()));
        assertEquals(2, decoder.stats().decoded);
    }

    @Test
    void ipv6OnTheIpv4LinkTypeIsMalformed() {
        assertNull(decode(LinkTypes.IPV4, ipv6Packet()));
        assertOnlySkipped(SkipReason.MALFORMED, 1);
    }

    @Test
    void unknownLinkTypeIsCountedWithItsNumber() {
        assertNull(decode(147, ether(0x0800, ipv4Packet())));
        assertNull(decode(147, new byte[0]));
        assertNull(decode(9999, ipv4Packet()));
        assertOnlySkipped(SkipReason.UNKNOWN_LINK_TYPE, 3);
        assertEquals(Map.of(147, 2L, 9999, 1L), decoder.stats().unknownLinkTypes());
    }

    // ---------------------------------------------------------------- IPv4

    @Test
    void ipv4WithOptions() {
        byte[] options = {(byte) 0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00}; // router alert, NOP NOP NOP EOL
        byte[] pkt = ip4(SRC, DST, 6, tcpSeg(), options, 7, 0x4000);
        assertEquals(0x47, pkt[0] & 0xff);
        assertV4Segment(decode(LinkTypes.ETHERNET, ether(0x0800, pkt)));
    }

    @Test
    void ipv4HeaderLengthBelowFiveIsMalformed() {
        byte[] pkt = ipv4Packet();
        pkt[0] = 0x44;
        assertNull(decode(LinkTypes.ETHERNET, ether(0x0800, pkt)));
        assertOnlySkipped(SkipReason.MALFORMED, 1);
    }

    @Test
    void ipv4TotalLengthBelowHeaderLengthIsMalformed() {
        byte[] pkt = ipv4Packet();
        pkt[2] = 0;
        pkt[3] = 12;
        assertNull(decode(LinkTypes.ETHERNET, ether(0x0800, pkt)));
        assertOnlySkipped(SkipReason.MALFORMED, 1);
    }

    @Test
    void ipv4TotalLengthZeroMeansWhatWasCaptured() {
        byte[] pkt = ipv4Packet();
        pkt[2] = 0;
        pkt[3] = 0; // TSO on the capturing host
        assertV4Segment(decode(LinkTypes.ETHERNET, ether(0x0800, pkt)));
    }

    @Test
    void udpIsNotTcp() {
        byte[] udp = {(byte) 0x9c, 0x40, 0x00, 0x35, 0x00, 0x0c, 0, 0, 1, 2, 3, 4};
        assertNull(decode(LinkTypes.ETHERNET, ether(0x0800, ip4(SRC, DST, 17, udp, new byte[0], 1, 0))));
        assertNull(decode(LinkTypes.ETHERNET, ether(0x86DD, ip6(SRC6, DST6, 17, udp))));
        assertNull(decode(LinkTypes.ETHERNET, ether(0x86DD, ip6(SRC6, DST6, 58, new byte[8])))); // ICMPv6
        assertOnlySkipped(SkipReason.NON_TCP, 3);
    }

    @Test
    void arpIsNotIp() {
        assertNull(decode(LinkTypes.ETHERNET, ether(0x0806, new byte[28])));
        assertOnlySkipped(SkipReason.NON_IP, 1);
    }

    // ---------------------------------------------------------------- IPv4 fragments

    private static final byte[] BIG_PAYLOAD = pattern(100);

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('A' + i % 26);
        }
        return b;
    }

    /** Fragments of one TCP segment (20 + 100 bytes) at the given 8-byte-aligned cuts. */
    private static byte[][] v4Fragments(int id, int... cuts) {
        byte[] transport = tcp(40000, 21, SEQ, ACK, FLAGS, BIG_PAYLOAD);
        byte[][] frags = new byte[cuts.length + 1][];
        int start = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int end = i < cuts.length ? cuts[i] : transport.length;
            boolean more = i < cuts.length;
            int field = (more ? 0x2000 : 0) | (start / 8);
            frags[i] = ether(0x0800, ip4(SRC, DST, 6, Arrays.copyOfRange(transport, start, end), new byte[0], id, field));
            start = end;
        }
        return frags;
    }

    private void assertReassembled(TcpSegment s) {
        assertNotNull(s, decoder.stats().skippedByReason().toString());
        assertEquals("10.0.0.1:40000", s.src());
        assertEquals("192.168.7.200:21", s.dst());
        assertCommonTcp(s, BIG_PAYLOAD);
    }

    @Test
    void ipv4FragmentsInOrderAreReassembled() {
        byte[][] f = v4Fragments(0x1234, 8, 56);
        assertNull(decode(LinkTypes.ETHERNET, f[0])); // the TCP header itself is split
        assertNull(decode(LinkTypes.ETHERNET, f[1]));
        assertEquals(2, decoder.stats().skipped(SkipReason.FRAGMENT_HELD));
        assertReassembled(decode(LinkTypes.ETHERNET, f[2]));
        DecodeStats s = decoder.stats();
        assertEquals(3, s.fragments);
        assertEquals(1, s.datagramsReassembled);
        assertEquals(1, s.decoded);
        assertEquals(Map.of(SkipReason.FRAGMENT_REASSEMBLED, 2L), s.skippedByReason());
    }

    @Test
    void ipv4FragmentsOutOfOrderAreReassembled() {
        byte[][] f = v4Fragments(0x1234, 48, 96);
        assertNull(decode(LinkTypes.ETHERNET, f[2]));
        assertNull(decode(LinkTypes.ETHERNET, f[0]));
        assertReassembled(decode(LinkTypes.ETHERNET, f[1]));
        assertEquals(1, decoder.stats().datagramsReassembled);
        assertEquals(Map.of(SkipReason.FRAGMENT_REASSEMBLED, 2L), decoder.stats().skippedByReason());
    }

    @Test
    void interleavedDatagramsAreKeptApartById() {
        byte[][] a = v4Fragments(1, 48);
        byte[][] b = v4Fragments(2, 64);
        assertNull(decode(LinkTypes.ETHERNET, a[0]));
        assertNull(decode(LinkTypes.ETHERNET, b[1]));
        assertReassembled(decode(LinkTypes.ETHERNET, b[0])); // completes datagram 2, not 1
        assertEquals(1, decoder.stats().skipped(SkipReason.FRAGMENT_HELD));
        assertReassembled(decode(LinkTypes.ETHERNET, a[1]));
        assertEquals(2, decoder.stats().datagramsReassembled);
        assertEquals(2, decoder.stats().skipped(SkipReason.FRAGMENT_REASSEMBLED));
    }

    @Test
    void incompleteDatagramIsDroppedAtFinish() {
        byte[][] f = v4Fragments(0x77, 48, 96);
        assertNull(decode(LinkTypes.ETHERNET, f[0]));
        assertNull(decode(LinkTypes.ETHERNET, f[2]));
        assertEquals(Map.of(SkipReason.FRAGMENT_HELD, 2L), decoder.stats().skippedByReason());
        decoder.finish();
        assertEquals(Map.of(SkipReason.FRAGMENT_DROPPED, 2L), decoder.stats().skippedByReason());
        assertEquals(0, decoder.stats().datagramsReassembled);
        assertEquals(2, decoder.stats().fragments);
    }

    @Test
    void fragmentsOlderThanTheTimeoutAreDropped() {
        PacketDecoder d = new PacketDecoder(16, 1_000_000_000L);
        byte[][] f = v4Fragments(9, 48);
        assertNull(d.decode(LinkTypes.ETHERNET, 0, f[0], 0, f[0].length, f[0].length));
        assertNull(d.decode(LinkTypes.ETHERNET, 5_000_000_000L, f[1], 0, f[1].length, f[1].length));
        assertEquals(1, d.stats().skipped(SkipReason.FRAGMENT_DROPPED));
        assertEquals(1, d.stats().skipped(SkipReason.FRAGMENT_HELD));
        d.finish();
        assertEquals(Map.of(SkipReason.FRAGMENT_DROPPED, 2L), d.stats().skippedByReason());
        assertEquals(d.stats().framesRead, d.stats().decoded + d.stats().skippedTotal());
    }

    @Test
    void oldestPendingDatagramIsDroppedWhenTheCapIsReached() {
        PacketDecoder d = new PacketDecoder(2, 30_000_000_000L);
        byte[][] a = v4Fragments(1, 48);
        byte[][] b = v4Fragments(2, 48);
        byte[][] c = v4Fragments(3, 48);
        for (byte[] f : new byte[][] {a[0], b[0], c[0]}) {
            assertNull(d.decode(LinkTypes.ETHERNET, 1, f, 0, f.length, f.length));
        }
        assertEquals(1, d.stats().skipped(SkipReason.FRAGMENT_DROPPED)); // datagram 1 made room for 3
        assertNull(d.decode(LinkTypes.ETHERNET, 2, a[1], 0, a[1].length, a[1].length)); // its first half is gone
        assertNotNull(d.decode(LinkTypes.ETHERNET, 3, c[1], 0, c[1].length, c[1].length));
        d.finish();
        DecodeStats s = d.stats();
        assertEquals(1, s.decoded);
        assertEquals(Map.of(SkipReason.FRAGMENT_DROPPED, 3L, SkipReason.FRAGMENT_REASSEMBLED, 1L), s.skippedByReason());
        assertEquals(s.framesRead, s.decoded + s.skippedTotal());
    }

    @Test
    void fragmentOfNonTcpIsNotTcp() {
        byte[] pkt = ip4(SRC, DST, 17, new byte[16], new byte[0], 5, 0x2000);
        assertNull(decode(LinkTypes.ETHERNET, ether(0x0800, pkt)));
        assertOnlySkipped(SkipReason.NON_TCP, 1);
    }

    @Test
    void fragmentCutBySnaplenIsTruncated() {
        byte[] frame = v4Fragments(3, 48)[0];
        assertNull(decode(LinkTypes.ETHERNET, frame, frame.length - 10, frame.length));
        assertOnlySkipped(SkipReason.TRUNCATED, 1);
    }

    // ---------------------------------------------------------------- IPv6

    @Test
    void ipv6ExtensionHeadersBeforeTcp() {
        byte[] hopByHop = {60, 0, 1, 4, 0, 0, 0, 0};                         // next: destination options; PadN
        byte[] destOpts = {43, 1, 1, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}; // next: routing; 16 bytes
        byte[] routing = concat(new byte[] {6, 2, 0, 1, 0, 0, 0, 0}, SRC6);  // next: TCP; one address
        byte[] pkt = ip6(SRC6, DST6, 0, concat(hopByHop, destOpts, routing, tcpSeg()));
        assertV6Segment(decode(LinkTypes.ETHERNET, ether(0x86DD, pkt)));
    }

    @Test
    void ipv6ExtensionHeaderRunningPastThePayloadIsMalformed() {
        byte[] destOpts = {6, 20, 0, 0, 0, 0, 0, 0}; // claims 168 bytes
        byte[] pkt = ip6(SRC6, DST6, 60, concat(destOpts, tcpSeg()));
        assertNull(decode(LinkTypes.ETHERNET, ether(0x86DD, pkt)));
        assertOnlySkipped(SkipReason.MALFORMED, 1);
    }

    private static byte[] fragHeader(int next, int offset, boolean more, int id) {
        return ByteBuffer.allocate(8).put((byte) next).put((byte) 0).putShort((short) (offset | (more ? 1 : 0))).putInt(id).array();
    }

    @Test
    void ipv6FragmentsAreReassembled() {
        byte[] transport = tcp(40000, 21, SEQ, ACK, FLAGS, BIG_PAYLOAD);
        byte[] f1 = ether(0x86DD, ip6(SRC6, DST6, 44, concat(fragHeader(6, 0, true, 0xCAFE), Arrays.copyOfRange(transport, 0, 64))));
        byte[] f2 = ether(0x86DD, ip6(SRC6, DST6, 44, concat(fragHeader(6, 64, false, 0xCAFE), Arrays.copyOfRange(transport, 64, transport.length))));
        assertNull(decode(LinkTypes.ETHERNET, f2));
        TcpSegment s = decode(LinkTypes.ETHERNET, f1);
        assertNotNull(s, decoder.stats().skippedByReason().toString());
        assertEquals(6, s.ipVersion);
        assertEquals("2001:db8::1.40000", s.src());
        assertCommonTcp(s, BIG_PAYLOAD);
        assertEquals(2, decoder.stats().fragments);
        assertEquals(1, decoder.stats().datagramsReassembled);
        assertEquals(Map.of(SkipReason.FRAGMENT_REASSEMBLED, 1L), decoder.stats().skippedByReason());
    }

    @Test
    void ipv6FragmentHeaderAfterHopByHop() {
        byte[] transport = tcp(40000, 21, SEQ, ACK, FLAGS, BIG_PAYLOAD);
        byte[] hbh = {44, 0, 1, 4, 0, 0, 0, 0};
        byte[] f1 = ether(0x86DD, ip6(SRC6, DST6, 0, concat(hbh, fragHeader(6, 0, true, 7), Arrays.copyOfRange(transport, 0, 40))));
        byte[] f2 = ether(0x86DD, ip6(SRC6, DST6, 0, concat(hbh, fragHeader(6, 40, false, 7), Arrays.copyOfRange(transport, 40, transport.length))));
        assertNull(decode(LinkTypes.ETHERNET, f1));
        TcpSegment s = decode(LinkTypes.ETHERNET, f2);
        assertNotNull(s);
        assertCommonTcp(s, BIG_PAYLOAD);
    }

    @Test
    void ipv6AtomicFragmentIsDecodedDirectly() {
        byte[] pkt = ip6(SRC6, DST6, 44, concat(fragHeader(6, 0, false, 99), tcpSeg()));
        assertV6Segment(decode(LinkTypes.ETHERNET, ether(0x86DD, pkt)));
        assertEquals(0, decoder.stats().fragments);
    }

    @Test
    void ipv6VersionMismatchIsMalformed() {
        byte[] pkt = ipv6Packet();
        pkt[0] = 0x40;
        assertNull(decode(LinkTypes.ETHERNET, ether(0x86DD, pkt)));
        assertOnlySkipped(SkipReason.MALFORMED, 1);
    }

    // ---------------------------------------------------------------- TCP

    @Test
    void tcpOptionsAreSkippedToFindThePayload() {
        byte[] base = tcpSeg();
        byte[] options = {2, 4, 0x05, (byte) 0xb4, 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2, 1, 1, 4, 2}; // MSS, NOP NOP TS, NOP NOP SACK-perm
        byte[] withOpts = concat(Arrays.copyOf(base, 20), options, PAYLOAD);
        withOpts[12] = (byte) (10 << 4); // 40-byte header
        assertV4Segment(decode(LinkTypes.ETHERNET, ether(0x0800, ip4(SRC, DST, withOpts))));
        assertV6Segment(decode(LinkTypes.ETHERNET, ether(0x86DD, ip6(SRC6, DST6, 6, withOpts))));
    }

    @Test
    void tcpDataOffsetBelowFiveIsMalformed() {
        byte[] t = tcpSeg();
        t[12] = (byte) (4 << 4);
        assertNull(decode(LinkTypes.ETHERNET, ether(0x0800, ip4(SRC, DST, t))));
        assertOnlySkipped(SkipReason.MALFORMED, 1);
    }

    @Test
    void tcpHeaderLongerThanTheSegmentIsMalformed() {
        byte[] t = tcp(40000, 21, SEQ, ACK, FLAGS, new byte[4]);
        t[12] = (byte) (15 << 4); // 60-byte header in a 24-byte segment
        assertNull(decode(LinkTypes.ETHERNET, ether(0x0800, ip4(SRC, DST, t))));
        assertOnlySkipped(SkipReason.MALFORMED, 1);
    }

    @Test
    void tcpSegmentShorterThanTwentyBytesIsMalformed() {
        assertNull(decode(LinkTypes.ETHERNET, ether(0x0800, ip4(SRC, DST, new byte[12]))));
        assertOnlySkipped(SkipReason.MALFORMED, 1);
    }

    // ---------------------------------------------------------------- snaplen

    @Test
    void payloadCutBySnaplenIsMissingNotGone() {
        byte[] payload = pattern(1000);
        byte[] frame = ether(0x0800, ip4(SRC, DST, tcp(40000, 21, SEQ, ACK, FLAGS, payload)));
        TcpSegment s = decode(LinkTypes.ETHERNET, frame, 96, frame.length);
        assertNotNull(s);
        assertEquals(96 - 54, s.payloadLen);
        assertEquals(frame.length - 96, s.payloadMissing);
        assertEquals(1000, s.wireLen());
        assertArrayEquals(Arrays.copyOf(payload, 42), payloadOf(s));
        assertTrue(decoder.frameTruncated());
        assertEquals(1, decoder.stats().truncatedPayload);
        assertEquals(1, decoder.stats().decoded);
    }

    @Test
    void ipv6PayloadCutBySnaplen() {
        byte[] payload = pattern(500);
        byte[] frame = ether(0x86DD, ip6(SRC6, DST6, 6, tcp(40000, 21, SEQ, ACK, FLAGS, payload)));
        TcpSegment s = decode(LinkTypes.ETHERNET, frame, 80, frame.length);
        assertNotNull(s);
        assertEquals(80 - 74, s.payloadLen);
        assertEquals(frame.length - 80, s.payloadMissing);
    }

    @Test
    void headerCutBySnaplenIsTruncated() {
        byte[] frame = ether(0x0800, ipv4Packet());
        assertNull(decode(LinkTypes.ETHERNET, frame, 40, frame.length));       // inside TCP header
        assertNull(decode(LinkTypes.ETHERNET, frame, 20, frame.length));       // inside IP header
        assertNull(decode(LinkTypes.ETHERNET, frame, 10, frame.length));       // inside Ethernet header
        byte[] f6 = ether(0x86DD, ipv6Packet());
        assertNull(decode(LinkTypes.ETHERNET, f6, 50, f6.length));
        assertNull(decode(LinkTypes.ETHERNET, f6, 60, f6.length));
        assertNull(decode(LinkTypes.LINUX_SLL, frame, 12, frame.length));
        assertNull(decode(LinkTypes.LINUX_SLL2, frame, 12, frame.length));
        assertNull(decode(LinkTypes.NULL, frame, 3, frame.length));
        assertNull(decode(LinkTypes.RAW, frame, 0, frame.length));
        assertOnlySkipped(SkipReason.TRUNCATED, 9);
    }

    @Test
    void ipv4OptionsCutBySnaplenAreTruncated() {
        byte[] pkt = ip4(SRC, DST, 6, tcpSeg(), new byte[20], 7, 0);
        byte[] frame = ether(0x0800, pkt);
        assertNull(decode(LinkTypes.ETHERNET, frame, 14 + 30, frame.length));
        assertOnlySkipped(SkipReason.TRUNCATED, 1);
    }

    @Test
    void everyPrefixOfAFrameIsAccountedFor() {
        byte[][] frames = {ether(0x0800, ipv4Packet()), ether(0x86DD, ipv6Packet()),
            ether(0x8100, concat(new byte[] {0, 1, 8, 0}, ipv4Packet()))};
        for (byte[] f : frames) {
            for (int cap = 0; cap <= f.length; cap++) {
                TcpSegment s = decode(LinkTypes.ETHERNET, f, cap, f.length);
                if (s != null) {
                    assertEquals(PAYLOAD.length, s.payloadLen + s.payloadMissing, "wire payload at capLen " + cap);
                    assertArrayEquals(Arrays.copyOf(PAYLOAD, s.payloadLen), payloadOf(s));
                }
            }
        }
        // A frame decodes exactly when its TCP header is whole.
        assertEquals((PAYLOAD.length + 1) * 3L, decoder.stats().decoded);
    }

    @Test
    void frameNumbersCountEveryFrame() {
        decode(LinkTypes.ETHERNET, ether(0x0806, new byte[28]));
        decode(147, new byte[4]);
        TcpSegment s = decode(LinkTypes.ETHERNET, ether(0x0800, ipv4Packet()));
        assertEquals(3, s.frameNo);
        assertEquals(3, decoder.frameNo());
        assertEquals(3, decoder.stats().framesRead);
    }
}
