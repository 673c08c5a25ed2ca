package io.ftpscope.capture;

import java.io.IOException;
import java.util.Arrays;

/**
 * pcapng: sections (SHB) each with their own byte order, interfaces (IDB) each with a link type and
 * timestamp resolution, and packets (EPB, SPB, obsolete PB). Unknown blocks are skipped.
 */
final class PcapngParser {
    private static final int SHB = 0x0A0D0D0A;
    private static final int IDB = 1;
    private static final int PB_OBSOLETE = 2;
    private static final int SPB = 3;
    private static final int EPB = 6;

    private final CaptureFileReader reader;
    private final ByteInput in;
    private boolean le;
    private int ifCount;
    private int[] linkTypes = new int[4];
    private int[] snaplens = new int[4];
    private long[] tsUnitsPerSec = new long[4];
    private int[] tsPow2 = new int[4]; // >0 when the resolution is 2^-n
    private long[] tsOffsetSec = new long[4];

    PcapngParser(CaptureFileReader reader, ByteInput in) {
        this.reader = reader;
        this.in = in;
    }

    void run(FrameHandler handler) throws IOException, CaptureException {
        boolean first = true;
        while (!reader.stopped()) {
            if (!in.ensure(12)) {
                if (first) {
                    throw new CaptureException(reader.name() + ": pcapng section header is cut short");
                }
                if (in.available() > 0) {
                    reader.reportDamage(String.format("file truncated: a block header at byte %d is cut short", in.offset()));
                }
                return;
            }
            byte[] b = in.buf();
            int p = in.pos();
            int type = Bytes.i32(b, p, false); // SHB's type is a palindrome
            if (type == SHB) {
                long bom = Bytes.u32(b, p + 8, false);
                if (bom == 0x1A2B3C4DL) {
                    le = false;
                } else if (bom == 0x4D3C2B1AL) {
                    le = true;
                } else {
                    if (first) {
                        throw new CaptureException(reader.name() + ": pcapng section header has a bad byte-order magic");
                    }
                    reader.reportDamage(String.format("bad pcapng section header at byte %d: reading stopped", in.offset()));
                    return;
                }
                ifCount = 0;
            } else {
                type = Bytes.i32(b, p, le);
            }
            if (first && type != SHB) {
                throw new CaptureException(reader.name() + ": pcapng file does not start with a section header");
            }
            first = false;
            long totalLen = Bytes.u32(b, p + 4, le);
            if (totalLen < 12 || (totalLen & 3) != 0) {
                reader.reportDamage(String.format("pcapng block at byte %d has an invalid length %d: reading stopped", in.offset(), totalLen));
                return;
            }
            if (totalLen > CaptureFileReader.MAX_RECORD) {
                if (type == EPB || type == SPB || type == PB_OBSOLETE) {
                    reader.reportDamage(String.format("pcapng packet block at byte %d claims %d bytes: file damaged, reading stopped", in.offset(), totalLen));
                    return;
                }
                if (!in.skipLong(totalLen)) {
                    reader.reportDamage(String.format("file truncated inside a %d-byte block", totalLen));
                }
                continue;
            }
            int len = (int) totalLen;
            if (!in.ensure(len)) {
                reader.reportDamage(String.format("file truncated: block at byte %d needs %d bytes, only %d present",
                        in.offset(), len, in.available()));
                return;
            }
            b = in.buf();
            p = in.pos();
            switch (type) {
                case IDB -> addInterface(b, p, len);
                case EPB -> enhanced(handler, b, p, len);
                case SPB -> simple(handler, b, p, len);
                case PB_OBSOLETE -> obsolete(handler, b, p, len);
                default -> { }
            }
            in.skip(len);
        }
    }

    private void addInterface(byte[] b, int p, int len) {
        if (ifCount == linkTypes.length) {
            int n = ifCount * 2;
            linkTypes = Arrays.copyOf(linkTypes, n);
            snaplens = Arrays.copyOf(snaplens, n);
            tsUnitsPerSec = Arrays.copyOf(tsUnitsPerSec, n);
            tsPow2 = Arrays.copyOf(tsPow2, n);
            tsOffsetSec = Arrays.copyOf(tsOffsetSec, n);
        }
        int i = ifCount++;
        linkTypes[i] = len >= 20 ? Bytes.u16(b, p + 8, le) : -1;
        snaplens[i] = len >= 20 ? Bytes.i32(b, p + 12, le) : 0;
        tsUnitsPerSec[i] = 1_000_000L;
        tsPow2[i] = 0;
        tsOffsetSec[i] = 0;
        int o = p + 16;
        int end = p + len - 4;
        while (o + 4 <= end) {
            int code = Bytes.u16(b, o, le);
            int olen = Bytes.u16(b, o + 2, le);
            if (code == 0 || o + 4 + olen > end) {
                break;
            }
            if (code == 9 && olen >= 1) {
                int r = b[o + 4] & 0xff;
                if ((r & 0x80) == 0) {
                    long units = 1;
                    for (int k = 0; k < Math.min(r, 18); k++) {
                        units *= 10;
                    }
                    tsUnitsPerSec[i] = units;
                } else if ((r & 0x7f) == 0) {
                    tsUnitsPerSec[i] = 1; // 2^0: whole seconds (tsPow2 == 0 would mean "decimal")
                } else {
                    tsPow2[i] = Math.min(r & 0x7f, 62);
                }
            } else if (code == 14 && olen >= 8) {
                tsOffsetSec[i] = Bytes.i64(b, o + 4, le);
            }
            o += 4 + ((olen + 3) & ~3);
        }
    }

    private long nanos(int ifc, long ts) {
        long ns;
        if (tsPow2[ifc] > 0) {
            int n = tsPow2[ifc];
            long whole = ts >>> n;
            long frac = ts & ((1L << n) - 1);
            ns = whole * 1_000_000_000L + (long) (frac * (1e9 / (double) (1L << n)));
        } else {
            long u = tsUnitsPerSec[ifc];
            if (u == 1_000_000_000L) {
                ns = ts;
            } else if (u < 1_000_000_000L) {
                ns = ts * (1_000_000_000L / u);
            } else {
                ns = ts / (u / 1_000_000_000L);
            }
        }
        return ns + tsOffsetSec[ifc] * 1_000_000_000L;
    }

    private boolean badInterface(int ifc) {
        if (ifc < 0 || ifc >= ifCount) {
            reader.reportDamage(String.format("a packet names interface %d but only %d were described: packet skipped", ifc, ifCount));
            return true;
        }
        return false;
    }

    private void enhanced(FrameHandler h, byte[] b, int p, int len) {
        if (len < 32) {
            reader.reportDamage("an enhanced packet block is too short: skipped");
            return;
        }
        int ifc = Bytes.i32(b, p + 8, le);
        if (badInterface(ifc)) {
            return;
        }
        long ts = Bytes.u32(b, p + 12, le) << 32 | Bytes.u32(b, p + 16, le);
        long cap = Bytes.u32(b, p + 20, le);
        long orig = Bytes.u32(b, p + 24, le);
        if (cap > len - 32) {
            reader.reportDamage(String.format("an enhanced packet block claims %d captured bytes in a %d-byte block: skipped", cap, len));
            return;
        }
        reader.delivered();
        h.onFrame(linkTypes[ifc], nanos(ifc, ts), b, p + 28, (int) cap, (int) Math.min(Math.max(orig, cap), Integer.MAX_VALUE));
    }

    private void simple(FrameHandler h, byte[] b, int p, int len) {
        if (len < 16 || ifCount == 0) {
            reader.reportDamage("a simple packet block is too short or has no interface: skipped");
            return;
        }
        long orig = Bytes.u32(b, p + 8, le);
        long cap = Math.min(orig, len - 16);
        if (snaplens[0] > 0) {
            cap = Math.min(cap, snaplens[0]);
        }
        reader.delivered();
        // SPBs carry no timestamp.
        h.onFrame(linkTypes[0], 0L, b, p + 12, (int) cap, (int) Math.min(orig, Integer.MAX_VALUE));
    }

    private void obsolete(FrameHandler h, byte[] b, int p, int len) {
        if (len < 32) {
            reader.reportDamage("a packet block is too short: skipped");
            return;
        }
        int ifc = Bytes.u16(b, p + 8, le);
        if (badInterface(ifc)) {
            return;
        }
        long ts = Bytes.u32(b, p + 12, le) << 32 | Bytes.u32(b, p + 16, le);
        long cap = Bytes.u32(b, p + 20, le);
        long orig = Bytes.u32(b, p + 24, le);
        if (cap > len - 32) {
            reader.reportDamage("a packet block claims more bytes than it holds: skipped");
            return;
        }
        reader.delivered();
        h.onFrame(linkTypes[ifc], nanos(ifc, ts), b, p + 28, (int) cap, (int) Math.min(Math.max(orig, cap), Integer.MAX_VALUE));
    }
}
