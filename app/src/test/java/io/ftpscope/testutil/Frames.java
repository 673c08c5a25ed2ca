package io.ftpscope.testutil;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/** Builds Ethernet/IPv4/IPv6/TCP frames byte by byte for decoder and reassembler tests. */
public final class Frames {
    private Frames() {
    }

    public static byte[] ipv4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    /** A TCP header (20 bytes, no options) followed by the payload. */
    public static byte[] tcp(int sport, int dport, int seq, int ack, int flags, byte[] payload) {
        ByteBuffer t = ByteBuffer.allocate(20 + payload.length);
        t.putShort((short) sport).putShort((short) dport).putInt(seq).putInt(ack);
        t.put((byte) (5 << 4)).put((byte) flags).putShort((short) 65535).putShort((short) 0).putShort((short) 0);
        t.put(payload);
        return t.array();
    }

    /** An IPv4 header (no options unless given) around a transport payload. */
    public static byte[] ip4(byte[] src, byte[] dst, int proto, byte[] transport, byte[] options, int id, int fragField) {
        int ihl = 20 + options.length;
        ByteBuffer ip = ByteBuffer.allocate(ihl + transport.length);
        ip.put((byte) (0x40 | (ihl / 4))).put((byte) 0).putShort((short) (ihl + transport.length));
        ip.putShort((short) id).putShort((short) fragField).put((byte) 64).put((byte) proto).putShort((short) 0);
        ip.put(src).put(dst).put(options).put(transport);
        return ip.array();
    }

    public static byte[] ip4(byte[] src, byte[] dst, byte[] tcp) {
        return ip4(src, dst, 6, tcp, new byte[0], 1, 0x4000);
    }

    /** An IPv6 header followed by extension headers already encoded in 'ext' (first next-header given). */
    public static byte[] ip6(byte[] src16, byte[] dst16, int firstNext, byte[] extAndTransport) {
        ByteBuffer ip = ByteBuffer.allocate(40 + extAndTransport.length);
        ip.putInt(0x60000000).putShort((short) extAndTransport.length).put((byte) firstNext).put((byte) 64);
        ip.put(src16).put(dst16).put(extAndTransport);
        return ip.array();
    }

    public static byte[] ether(int etherType, byte[] payload) {
        ByteBuffer e = ByteBuffer.allocate(14 + payload.length);
        e.put(new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1}).putShort((short) etherType).put(payload);
        return e.array();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            o.writeBytes(p);
        }
        return o.toByteArray();
    }

    /** Ethernet + IPv4 + TCP in one call. */
    public static byte[] eth4(byte[] src, int sport, byte[] dst, int dport, int seq, int ack, int flags, byte[] payload) {
        return ether(0x0800, ip4(src, dst, tcp(sport, dport, seq, ack, flags, payload)));
    }
}
