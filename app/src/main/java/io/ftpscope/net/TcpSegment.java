package io.ftpscope.net;

/**
 * One decoded TCP segment: a reused, mutable view filled by {@link PacketDecoder}. Its payload
 * points into the frame buffer and is valid only during the call that received it.
 */
public final class TcpSegment {
    public static final int FIN = 0x01;
    public static final int SYN = 0x02;
    public static final int RST = 0x04;
    public static final int PSH = 0x08;
    public static final int ACK = 0x10;
    public static final int URG = 0x20;

    public long frameNo;
    public long tsNanos;
    public int ipVersion;
    public long srcHi;
    public long srcLo;
    public long dstHi;
    public long dstLo;
    public int srcPort;
    public int dstPort;
    public int seq;
    public int ack;
    public int flags;
    public int window;
    public byte[] buf;
    public int payloadOff;
    /** Payload bytes present in the buffer. */
    public int payloadLen;
    /** Payload bytes the segment carried on the wire but the capture cut off (snaplen). */
    public int payloadMissing;

    public boolean has(int flag) {
        return (flags & flag) != 0;
    }

    /** Sequence space taken by the payload on the wire. */
    public int wireLen() {
        return payloadLen + payloadMissing;
    }

    public String src() {
        return Addresses.format(ipVersion, srcHi, srcLo) + portSep() + srcPort;
    }

    public String dst() {
        return Addresses.format(ipVersion, dstHi, dstLo) + portSep() + dstPort;
    }

    private String portSep() {
        return ipVersion == 6 ? "." : ":";
    }

    @Override
    public String toString() {
        return "#" + frameNo + " " + src() + " > " + dst() + " flags=" + Integer.toHexString(flags)
                + " seq=" + Integer.toUnsignedString(seq) + " len=" + payloadLen + (payloadMissing > 0 ? "+" + payloadMissing : "");
    }
}
