package io.ftpscope.net;

/**
 * Decodes link, IP and TCP headers by offset over the raw frame, filling one reused
 * {@link TcpSegment}. Nothing is allocated per frame except for the rare IP fragment.
 */
public final class PacketDecoder {
    private static final int ETH_IPV4 = 0x0800;
    private static final int ETH_IPV6 = 0x86DD;

    private final DecodeStats stats = new DecodeStats();
    private final TcpSegment seg = new TcpSegment();
    private final IpDefragmenter defrag;
    private long frameNo;
    private boolean frameTruncated;

    public PacketDecoder() {
        this(1024, 30_000_000_000L);
    }

    public PacketDecoder(int maxFragmentedDatagrams, long fragmentTimeoutNanos) {
        defrag = new IpDefragmenter(stats, maxFragmentedDatagrams, fragmentTimeoutNanos);
    }

    public DecodeStats stats() {
        return stats;
    }

    /** The number of the last frame offered (1-based, in input order). */
    public long frameNo() {
        return frameNo;
    }

    /**
     * Decodes one frame; returns the segment, or null when the frame carries no TCP (the reason is
     * counted in {@link #stats()}).
     */
    public TcpSegment decode(int linkType, long ts, byte[] b, int off, int capLen, int origLen) {
        frameNo++;
        stats.framesRead++;
        frameTruncated = capLen < origLen;
        seg.frameNo = frameNo;
        seg.tsNanos = ts;
        int end = off + capLen;
        int etherType;
        int p;
        switch (linkType) {
            case LinkTypes.ETHERNET -> {
                if (capLen < 14) {
                    return skip(SkipReason.TRUNCATED);
                }
                p = off + 12;
                etherType = u16(b, p);
                p += 2;
                while (etherType == 0x8100 || etherType == 0x88A8 || etherType == 0x9100) {
                    if (p + 4 > end) {
                        return skip(SkipReason.TRUNCATED);
                    }
                    etherType = u16(b, p + 2);
                    p += 4;
                }
            }
            case LinkTypes.LINUX_SLL -> {
                if (capLen < 16) {
                    return skip(SkipReason.TRUNCATED);
                }
                etherType = u16(b, off + 14);
                p = off + 16;
            }
            case LinkTypes.LINUX_SLL2 -> {
                if (capLen < 20) {
                    return skip(SkipReason.TRUNCATED);
                }
                etherType = u16(b, off);
                p = off + 20;
            }
            case LinkTypes.NULL, LinkTypes.LOOP -> {
                if (capLen < 4) {
                    return skip(SkipReason.TRUNCATED);
                }
                etherType = nullFamily(b, off, linkType == LinkTypes.LOOP);
                p = off + 4;
            }
            case LinkTypes.RAW, LinkTypes.RAW_BSD_12, LinkTypes.RAW_BSD_14 -> {
                if (capLen < 1) {
                    return skip(SkipReason.TRUNCATED);
                }
                int v = (b[off] & 0xf0) >> 4;
                etherType = v == 4 ? ETH_IPV4 : v == 6 ? ETH_IPV6 : -1;
                p = off;
            }
            case LinkTypes.IPV4 -> {
                etherType = ETH_IPV4;
                p = off;
            }
            case LinkTypes.IPV6 -> {
                etherType = ETH_IPV6;
                p = off;
            }
            default -> {
                stats.unknownLink(linkType);
                return null;
            }
        }
        if (etherType == ETH_IPV4) {
            return ipv4(b, p, end);
        }
        if (etherType == ETH_IPV6) {
            return ipv6(b, p, end);
        }
        return skip(SkipReason.NON_IP);
    }

    /** BSD loopback: a 4-byte address family, host order for NULL, network order for LOOP. */
    private static int nullFamily(byte[] b, int off, boolean networkOrder) {
        int be = (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
        int fam = be;
        if (!networkOrder && (be & 0xFFFF0000) != 0) {
            fam = Integer.reverseBytes(be);
        }
        return switch (fam) {
            case 2 -> ETH_IPV4;
            case 10, 24, 28, 30 -> ETH_IPV6; // Linux, NetBSD/OpenBSD, FreeBSD, macOS
            default -> -1;
        };
    }

    private TcpSegment ipv4(byte[] b, int p, int end) {
        if (p + 20 > end) {
            return skip(SkipReason.TRUNCATED);
        }
        int vihl = b[p] & 0xff;
        int ihl = (vihl & 0x0f) * 4;
        if ((vihl >> 4) != 4 || ihl < 20) {
            return skip(SkipReason.MALFORMED);
        }
        if (p + ihl > end) {
            return skip(SkipReason.TRUNCATED);
        }
        int total = u16(b, p + 2);
        if (total == 0) {
            total = end - p; // TSO captures on the sending host record 0
        } else if (total < ihl) {
            return skip(SkipReason.MALFORMED);
        }
        int proto = b[p + 9] & 0xff;
        seg.ipVersion = 4;
        seg.srcHi = 0;
        seg.srcLo = u32(b, p + 12);
        seg.dstHi = 0;
        seg.dstLo = u32(b, p + 16);
        stats.ipv4++;
        int fragField = u16(b, p + 6);
        boolean more = (fragField & 0x2000) != 0;
        int fragOff = (fragField & 0x1fff) * 8;
        if (more || fragOff != 0) {
            if (proto != 6) {
                return skip(SkipReason.NON_TCP);
            }
            int len = Math.min(total, end - p) - ihl;
            if (len < total - ihl) {
                return skip(SkipReason.TRUNCATED);
            }
            return fragment(u16(b, p + 4), fragOff, more, b, p + ihl, len);
        }
        if (proto != 6) {
            return skip(SkipReason.NON_TCP);
        }
        return tcp(b, p + ihl, Math.min(p + total, end), total - ihl);
    }

    private TcpSegment ipv6(byte[] b, int p, int end) {
        if (p + 40 > end) {
            return skip(SkipReason.TRUNCATED);
        }
        if (((b[p] & 0xff) >> 4) != 6) {
            return skip(SkipReason.MALFORMED);
        }
        int payloadLen = u16(b, p + 4);
        int next = b[p + 6] & 0xff;
        seg.ipVersion = 6;
        seg.srcHi = u64(b, p + 8);
        seg.srcLo = u64(b, p + 16);
        seg.dstHi = u64(b, p + 24);
        seg.dstLo = u64(b, p + 32);
        stats.ipv6++;
        int q = p + 40;
        int wireEnd = payloadLen == 0 ? end : p + 40 + payloadLen; // 0: jumbogram or TSO
        while (true) {
            switch (next) {
                case 6 -> {
                    return tcp(b, q, Math.min(wireEnd, end), wireEnd - q);
                }
                case 0, 43, 60 -> {
                    if (q + 8 > end) {
                        return skip(SkipReason.TRUNCATED);
                    }
                    next = b[q] & 0xff;
                    q += ((b[q + 1] & 0xff) + 1) * 8;
                }
                case 51 -> {
                    if (q + 8 > end) {
                        return skip(SkipReason.TRUNCATED);
                    }
                    next = b[q] & 0xff;
                    q += ((b[q + 1] & 0xff) + 2) * 4;
                }
                case 44 -> {
                    if (q + 8 > end) {
                        return skip(SkipReason.TRUNCATED);
                    }
                    int nh = b[q] & 0xff;
                    int fo = u16(b, q + 2);
                    long id = u32(b, q + 4);
                    int fragOff = fo & 0xfff8;
                    boolean more = (fo & 1) != 0;
                    q += 8;
                    if (!more && fragOff == 0) { // atomic fragment
                        next = nh;
                        continue;
                    }
                    if (nh != 6 && fragOff == 0) {
                        return skip(SkipReason.NON_TCP);
                    }
                    int len = wireEnd - q;
                    if (len < 0 || wireEnd > end) {
                        return skip(SkipReason.TRUNCATED);
                    }
                    return fragment(id, fragOff, more, b, q, len);
                }
                default -> {
                    return skip(SkipReason.NON_TCP);
                }
            }
            if (q > wireEnd) {
                return skip(SkipReason.MALFORMED);
            }
        }
    }

    private TcpSegment fragment(long id, int fragOff, boolean more, byte[] b, int q, int len) {
        stats.fragments++;
        stats.skip(SkipReason.FRAGMENT_HELD);
        byte[] whole = defrag.add(seg.tsNanos, seg.ipVersion, seg.srcHi, seg.srcLo, seg.dstHi, seg.dstLo, id, fragOff, more, b, q, len);
        if (whole == null) {
            return null;
        }
        return tcp(whole, 0, whole.length, whole.length);
    }

    /**
     * @param end     end of the captured bytes of this IP payload
     * @param wireLen length of the IP payload on the wire
     */
    private TcpSegment tcp(byte[] b, int p, int end, int wireLen) {
        if (p + 20 > end) {
            return skip(p + 20 > p + wireLen ? SkipReason.MALFORMED : SkipReason.TRUNCATED);
        }
        int hlen = ((b[p + 12] & 0xff) >> 4) * 4;
        if (hlen < 20 || hlen > wireLen) {
            return skip(SkipReason.MALFORMED);
        }
        if (p + hlen > end) {
            return skip(SkipReason.TRUNCATED);
        }
        seg.srcPort = u16(b, p);
        seg.dstPort = u16(b, p + 2);
        seg.seq = (int) u32(b, p + 4);
        seg.ack = (int) u32(b, p + 8);
        seg.flags = b[p + 13] & 0x3f;
        seg.window = u16(b, p + 14);
        seg.buf = b;
        seg.payloadOff = p + hlen;
        seg.payloadLen = end - p - hlen;
        seg.payloadMissing = wireLen - hlen - seg.payloadLen;
        if (seg.payloadMissing < 0) {
            seg.payloadMissing = 0;
        }
        if (seg.payloadMissing > 0) {
            stats.truncatedPayload++;
        }
        stats.decoded++;
        return seg;
    }

    /** True when the last frame was cut by snaplen (its original length exceeds what was captured). */
    public boolean frameTruncated() {
        return frameTruncated;
    }

    /** End of input: fragments still waiting will never complete. */
    public void finish() {
        defrag.flush();
    }

    private TcpSegment skip(SkipReason r) {
        stats.skip(r);
        return null;
    }

    static int u16(byte[] b, int p) {
        return (b[p] & 0xff) << 8 | (b[p + 1] & 0xff);
    }

    static long u32(byte[] b, int p) {
        return ((long) (b[p] & 0xff) << 24) | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8 | (b[p + 3] & 0xff);
    }

    static long u64(byte[] b, int p) {
        return u32(b, p) << 32 | u32(b, p + 4);
    }
}
