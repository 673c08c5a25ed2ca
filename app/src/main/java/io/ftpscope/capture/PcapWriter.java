package io.ftpscope.capture;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Writes classic pcap (nanosecond, little-endian). Used for session pcaps, live --write and tests. */
public final class PcapWriter implements Closeable {
    private final OutputStream out;
    private final byte[] hdr = new byte[16];
    private final ByteBuffer hb = ByteBuffer.wrap(hdr).order(ByteOrder.LITTLE_ENDIAN);

    public PcapWriter(OutputStream out, int linkType, int snaplen) throws IOException {
        this.out = new BufferedOutputStream(out, 1 << 16);
        ByteBuffer g = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        g.putInt(0xA1B23C4D).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(snaplen).putInt(linkType);
        this.out.write(g.array());
    }

    private PcapWriter(OutputStream out) {
        this.out = new BufferedOutputStream(out, 1 << 16);
    }

    /** Continues a file this class wrote earlier (its header is already there): records only. */
    public static PcapWriter appending(OutputStream out) {
        return new PcapWriter(out);
    }

    public void write(long tsNanos, byte[] b, int off, int capLen, int origLen) throws IOException {
        hb.clear();
        hb.putInt((int) (tsNanos / 1_000_000_000L)).putInt((int) (tsNanos % 1_000_000_000L)).putInt(capLen).putInt(origLen);
        out.write(hdr);
        out.write(b, off, capLen);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
