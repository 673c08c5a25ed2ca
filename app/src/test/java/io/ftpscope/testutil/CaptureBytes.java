package io.ftpscope.testutil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.GZIPOutputStream;

/**
 * Test-side capture file writers, independent of the production code, so that every header field
 * (byte order, magic, timestamp units, caplen/origlen) is under the test's control.
 */
public final class CaptureBytes {
    private CaptureBytes() {
    }

    public static final int MAGIC_MICRO = 0xA1B2C3D4;
    public static final int MAGIC_NANO = 0xA1B23C4D;

    /** A classic pcap file: global header, then records added one by one. */
    public static final class Pcap {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteOrder order;

        public Pcap(ByteOrder order, boolean nanos, int linkTypeField, int snaplen) {
            this.order = order;
            ByteBuffer g = ByteBuffer.allocate(24).order(order);
            g.putInt(nanos ? MAGIC_NANO : MAGIC_MICRO).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0)
                    .putInt(snaplen).putInt(linkTypeField);
            out.writeBytes(g.array());
        }

        /** A record whose header says exactly what is given; the data written is 'data' in full. */
        public Pcap record(long sec, long frac, int capLenField, int origLenField, byte[] data) {
            ByteBuffer h = ByteBuffer.allocate(16).order(order);
            h.putInt((int) sec).putInt((int) frac).putInt(capLenField).putInt(origLenField);
            out.writeBytes(h.array());
            out.writeBytes(data);
            return this;
        }

        public Pcap record(long sec, long frac, byte[] data, int origLen) {
            return record(sec, frac, data.length, origLen, data);
        }

        public Pcap record(long sec, long frac, byte[] data) {
            return record(sec, frac, data.length, data.length, data);
        }

        public Pcap raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** A pcapng file built block by block; each SHB switches the byte order of what follows. */
    public static final class Pcapng {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

        public Pcapng shb(ByteOrder o) {
            this.order = o;
            ByteBuffer body = ByteBuffer.allocate(16).order(o);
            body.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0).putLong(-1L);
            return block(0x0A0D0D0A, body.array());
        }

        /** An IDB with the given raw options (already encoded with {@link #option}) and an end-of-options. */
        public Pcapng idb(int linkType, int snaplen, byte[]... options) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ByteBuffer fixed = ByteBuffer.allocate(8).order(order);
            fixed.putShort((short) linkType).putShort((short) 0).putInt(snaplen);
            b.writeBytes(fixed.array());
            for (byte[] opt : options) {
                b.writeBytes(opt);
            }
            if (options.length > 0) {
                b.writeBytes(option(0, new byte[0]));
            }
            return block(1, b.toByteArray());
        }

        public byte[] option(int code, byte[] value) {
            int padded = (value.length + 3) & ~3;
            ByteBuffer o = ByteBuffer.allocate(4 + padded).order(order);
            o.putShort((short) code).putShort((short) value.length).put(value);
            return o.array();
        }

        /** if_tsresol (code 9): one byte. */
        public byte[] tsresol(int value) {
            return option(9, new byte[] {(byte) value});
        }

        /** if_tsoffset (code 14): signed 64-bit seconds. */
        public byte[] tsoffset(long seconds) {
            return option(14, ByteBuffer.allocate(8).order(order).putLong(seconds).array());
        }

        public Pcapng epb(int ifc, long ts, byte[] data, int origLen, byte[]... options) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            ByteBuffer fixed = ByteBuffer.allocate(20).order(order);
            fixed.putInt(ifc).putInt((int) (ts >>> 32)).putInt((int) ts).putInt(data.length).putInt(origLen);
            b.writeBytes(fixed.array());
            b.writeBytes(pad(data));
            for (byte[] opt : options) {
                b.writeBytes(opt);
            }
            if (options.length > 0) {
                b.writeBytes(option(0, new byte[0]));
            }
            return block(6, b.toByteArray());
        }

        /** Simple packet block: original length, then as many bytes as were captured. */
        public Pcapng spb(int origLen, byte[] data) {
            ByteBuffer fixed = ByteBuffer.allocate(4).order(order).putInt(origLen);
            return block(3, Frames.concat(fixed.array(), pad(data)));
        }

        /** The obsolete packet block (type 2): 16-bit interface id and drops count. */
        public Pcapng pb(int ifc, long ts, byte[] data, int origLen) {
            ByteBuffer fixed = ByteBuffer.allocate(20).order(order);
            fixed.putShort((short) ifc).putShort((short) 0).putInt((int) (ts >>> 32)).putInt((int) ts)
                    .putInt(data.length).putInt(origLen);
            return block(2, Frames.concat(fixed.array(), pad(data)));
        }

        /** Any block: type, total length, body (padded to 4), total length again. */
        public Pcapng block(int type, byte[] body) {
            byte[] padded = pad(body);
            int total = 12 + padded.length;
            ByteBuffer b = ByteBuffer.allocate(total).order(order);
            b.putInt(type).putInt(total).put(padded).putInt(total);
            out.writeBytes(b.array());
            return this;
        }

        public Pcapng raw(byte[] bytes) {
            out.writeBytes(bytes);
            return this;
        }

        public byte[] bytes() {
            return out.toByteArray();
        }

        private static byte[] pad(byte[] d) {
            int n = (d.length + 3) & ~3;
            if (n == d.length) {
                return d;
            }
            byte[] r = new byte[n];
            System.arraycopy(d, 0, r, 0, d.length);
            return r;
        }
    }

    public static byte[] gzip(byte[] plain) {
        try {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(bo)) {
                gz.write(plain);
            }
            return bo.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deterministic filler bytes so that frames differ from each other. */
    public static byte[] pattern(int len, int seed) {
        byte[] b = new byte[len];
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (i * 31 + seed * 7 + (i >> 8));
        }
        return b;
    }
}
