package io.ftpscope.cli;

import io.ftpscope.capture.FrameHandler;
import io.ftpscope.net.PacketDecoder;
import io.ftpscope.net.TcpSegment;
import io.ftpscope.tcp.TcpReassembler;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Uses the second core: reading and decoding run on a helper thread that packs TCP segments into
 * batches (headers in primitive arrays, payloads back to back in one byte array); the calling thread
 * unpacks them into one reused {@link TcpSegment} and runs reassembly and everything above it.
 * Batches are recycled, so the steady state allocates nothing. Results are identical to the
 * single-threaded path: segments keep their order and their frame numbers.
 */
final class DecodeAhead {
    static final int SEGMENTS = 2048;
    static final int BYTES = 4 << 20;

    /**
     * A batch of decoded segments: the header fields of each segment packed side by side in one
     * array (one sequential stream for the reader, where fourteen parallel arrays were fourteen), the
     * payloads back to back in another.
     */
    static final class Batch {
        private static final int STRIDE = 10;
        final long[] rec;
        final byte[] data;
        int n;
        int used;
        boolean last;

        Batch() {
            this(SEGMENTS, BYTES);
        }

        private Batch(int segments, int bytes) {
            rec = new long[segments * STRIDE];
            data = new byte[bytes];
        }

        /** An empty last batch, for a decoding thread that failed without a batch in hand. */
        static Batch end() {
            Batch b = new Batch(0, 0);
            b.last = true;
            return b;
        }

        boolean fits(int payload) {
            return n * STRIDE < rec.length && used + payload <= data.length;
        }

        void add(TcpSegment s) {
            int r = n++ * STRIDE;
            long[] a = rec;
            a[r] = s.frameNo;
            a[r + 1] = s.tsNanos;
            a[r + 2] = s.srcHi;
            a[r + 3] = s.srcLo;
            a[r + 4] = s.dstHi;
            a[r + 5] = s.dstLo;
            a[r + 6] = (long) s.ipVersion << 32 | (long) s.srcPort << 16 | s.dstPort;
            a[r + 7] = (long) s.seq << 32 | (s.ack & 0xffffffffL);
            a[r + 8] = (long) (s.flags << 16 | s.window) << 32 | used;
            a[r + 9] = (long) s.payloadLen << 32 | s.payloadMissing;
            System.arraycopy(s.buf, s.payloadOff, data, used, s.payloadLen);
            used += s.payloadLen;
        }

        void load(int i, TcpSegment s) {
            int r = i * STRIDE;
            long[] a = rec;
            s.frameNo = a[r];
            s.tsNanos = a[r + 1];
            s.srcHi = a[r + 2];
            s.srcLo = a[r + 3];
            s.dstHi = a[r + 4];
            s.dstLo = a[r + 5];
            long x = a[r + 6];
            s.ipVersion = (int) (x >>> 32);
            s.srcPort = (int) x >>> 16;
            s.dstPort = (int) x & 0xffff;
            x = a[r + 7];
            s.seq = (int) (x >>> 32);
            s.ack = (int) x;
            x = a[r + 8];
            s.flags = (int) (x >>> 48);
            s.window = (int) (x >>> 32) & 0xffff;
            s.buf = data;
            s.payloadOff = (int) x;
            x = a[r + 9];
            s.payloadLen = (int) (x >>> 32);
            s.payloadMissing = (int) x;
        }
    }

    private final PacketDecoder decoder;
    private final TcpReassembler reassembler;
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(4);
    private static final int BATCHES = 6;
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(BATCHES);
    /** Batches made so far: made on demand by the decoding thread, so a small capture needs one. */
    private int made;
    private volatile Throwable failure;

    private final Batch end = Batch.end();

    DecodeAhead(PacketDecoder decoder, TcpReassembler reassembler) {
        this.decoder = decoder;
        this.reassembler = reassembler;
    }

    /** Runs reader (which feeds frames to the handler it is given) on a helper thread; returns when it is done. */
    void run(Consumer<FrameHandler> reader) {
        Thread t = new Thread(() -> {
            produce(reader);
            io.ftpscope.session.ThreadTimes.report();
        }, "ftpscope-decode");
        t.setDaemon(true);
        t.start();
        TcpSegment s = new TcpSegment();
        try {
            while (true) {
                Batch b = full.take();
                for (int i = 0; i < b.n; i++) {
                    b.load(i, s);
                    reassembler.process(s);
                }
                if (b.last) {
                    break; // the last batch is not recycled (it may be the shared empty one)
                }
                b.n = 0;
                b.used = 0;
                free.put(b);
            }
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            t.interrupt();
        }
        if (failure != null) {
            if (failure instanceof RuntimeException re) {
                throw re;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(failure);
        }
    }

    private void produce(Consumer<FrameHandler> reader) {
        Batch[] cur = new Batch[1];
        try {
            cur[0] = nextFree();
            reader.accept((lt, ts, buf, off, cap, orig) -> {
                TcpSegment seg = decoder.decode(lt, ts, buf, off, cap, orig);
                if (seg == null) {
                    return;
                }
                if (!cur[0].fits(seg.payloadLen)) {
                    handOver(cur);
                }
                cur[0].add(seg);
            });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            try {
                if (cur[0] == null) {
                    full.put(end); // failed before it had a batch, or between two: allocate nothing now
                } else {
                    cur[0].last = true;
                    full.put(cur[0]);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A recycled batch, or a new one while fewer than BATCHES exist (decoding thread only). */
    private Batch nextFree() throws InterruptedException {
        Batch b = free.poll();
        if (b != null) {
            return b;
        }
        if (made < BATCHES) {
            made++;
            return new Batch();
        }
        return free.take();
    }

    private void handOver(Batch[] cur) {
        try {
            full.put(cur[0]);
            cur[0] = null;
            cur[0] = nextFree();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing over decoded segments", e);
        }
    }
}
