package io.ftpscope.capture;

import java.io.IOException;

/** Classic libpcap format: a 24-byte global header, then 16-byte record headers. */
final class PcapParser {
    private final CaptureFileReader reader;
    private final ByteInput in;

    PcapParser(CaptureFileReader reader, ByteInput in) {
        this.reader = reader;
        this.in = in;
    }

    void run(FrameHandler handler) throws IOException, CaptureException {
        if (!in.ensure(24)) {
            throw new CaptureException(reader.name() + ": pcap global header is cut short (" + in.available() + " of 24 bytes)");
        }
        byte[] b = in.buf();
        int p = in.pos();
        long m = Bytes.u32(b, p, false);
        boolean le = !(m == 0xA1B2C3D4L || m == 0xA1B23C4DL);
        long magic = Bytes.u32(b, p, le);
        boolean nanos = magic == 0xA1B23C4DL;
        reader.setFormat(nanos ? "pcap-nsec" : "pcap");
        int snaplen = Bytes.i32(b, p + 16, le);
        int linkType = Bytes.i32(b, p + 20, le) & 0xFFFF;
        in.skip(24);
        long tsMul = nanos ? 1L : 1000L;
        // Allow records a little longer than the declared snaplen (some writers lie), but not absurd ones.
        long maxCap = Math.max(Math.min(Integer.toUnsignedLong(snaplen), CaptureFileReader.MAX_RECORD), 262144L);
        while (!reader.stopped()) {
            if (!in.ensure(16)) {
                if (in.available() > 0) {
                    reader.reportDamage(String.format("file truncated: a record header at byte %d is cut short (%d of 16 bytes)",
                            in.offset(), in.available()));
                }
                return;
            }
            b = in.buf();
            p = in.pos();
            long sec = Bytes.u32(b, p, le);
            long frac = Bytes.u32(b, p + 4, le);
            long capLen = Bytes.u32(b, p + 8, le);
            long origLen = Bytes.u32(b, p + 12, le);
            if (capLen > maxCap) {
                reader.reportDamage(String.format("record %d at byte %d claims %d captured bytes (snaplen %d): file damaged, reading stopped",
                        reader.frames() + 1, in.offset(), capLen, snaplen));
                return;
            }
            int cap = (int) capLen;
            if (!in.ensure(16 + cap)) {
                reader.reportDamage(String.format("file truncated: record %d at byte %d needs %d bytes, only %d present",
                        reader.frames() + 1, in.offset(), 16 + cap, in.available()));
                return;
            }
            b = in.buf();
            p = in.pos();
            long ts = sec * 1_000_000_000L + frac * tsMul;
            int orig = origLen > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.max(origLen, capLen);
            reader.delivered();
            handler.onFrame(linkType, ts, b, p + 16, cap, orig);
            in.skip(16 + cap);
        }
    }
}
