package io.ftpscope.capture;

/** Integer reads from byte arrays in either byte order. */
final class Bytes {
    private Bytes() {
    }

    static int u16(byte[] b, int off, boolean le) {
        return le ? (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 : (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    static int i32(byte[] b, int off, boolean le) {
        if (le) {
            return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
        }
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    static long u32(byte[] b, int off, boolean le) {
        return i32(b, off, le) & 0xffffffffL;
    }

    static long i64(byte[] b, int off, boolean le) {
        long a = u32(b, off, le);
        long c = u32(b, off + 4, le);
        return le ? (c << 32) | a : (a << 32) | c;
    }
}
