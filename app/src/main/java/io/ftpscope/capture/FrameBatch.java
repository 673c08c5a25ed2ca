package io.ftpscope.capture;

/**
 * Frames copied out of a reader's reused buffer, handed between threads in bulk. Batches are
 * recycled, so merging several inputs allocates nothing per frame once the pool is warm.
 */
final class FrameBatch {
    static final int FRAMES = 1024;
    static final int BYTES = 1 << 20;

    byte[] data;
    final int[] link = new int[FRAMES];
    final int[] off = new int[FRAMES];
    final int[] len = new int[FRAMES];
    final int[] orig = new int[FRAMES];
    final long[] ts = new long[FRAMES];
    int n;
    int used;
    /** The last batch of its input. */
    boolean end;

    FrameBatch(int bytes) {
        data = new byte[bytes];
    }

    boolean fits(int capLen) {
        return n == 0 || (n < FRAMES && used + capLen <= data.length);
    }

    void add(int linkType, long tsNanos, byte[] buf, int o, int capLen, int origLen) {
        if (capLen > data.length - used) { // only when n == 0: one frame bigger than the batch
            data = new byte[capLen];
        }
        System.arraycopy(buf, o, data, used, capLen);
        link[n] = linkType;
        ts[n] = tsNanos;
        off[n] = used;
        len[n] = capLen;
        orig[n] = origLen;
        used += capLen;
        n++;
    }

    void clear() {
        n = 0;
        used = 0;
        end = false;
    }
}
