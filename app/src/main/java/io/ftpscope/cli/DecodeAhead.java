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

    /** A batch of decoded segments. */
    static final class Batch {
        final long[] frame = new long[SEGMENTS];
        final long[] ts = new long[SEGMENTS];
        final long[] srcHi = new long[SEGMENTS];
        final long[] srcLo = new long[SEGMENTS];
        final long[] dstHi = new long[SEGMENTS];
        final long[] dstLo = new long[SEGMENTS];
        final int[] version = new int[SEGMENTS];
        final int[] ports = new int[SEGMENTS];
        final int[] seq = new int[SEGMENTS];
        final int[] ack = new int[SEGMENTS];
        final int[] flagsWindow = new int[SEGMENTS];
        final int[] off = new int[SEGMENTS];
        final int[] len = new int[SEGMENTS];
        final int[] missing = new int[SEGMENTS];
        final byte[] data = new byte[BYTES];
        int n;
        int used;
        boolean last;

        boolean fits(int payload) {
            return n < SEGMENTS && used + payload <= BYTES;
        }

        void add(TcpSegment s) {
            int i = n++;
            frame[i] = s.frameNo;
            ts[i] = s.tsNanos;
            srcHi[i] = s.srcHi;
            srcLo[i] = s.srcLo;
            dstHi[i] = s.dstHi;
            dstLo[i] = s.dstLo;
            version[i] = s.ipVersion;
            ports[i] = s.srcPort << 16 | s.dstPort;
            seq[i] = s.seq;
            ack[i] = s.ack;
            flagsWindow[i] = s.flags << 16 | s.window;
            off[i] = used;
            len[i] = s.payloadLen;
            missing[i] = s.payloadMissing;
            System.arraycopy(s.buf, s.payloadOff, data, used, s.payloadLen);
            used += s.payloadLen;
        }

        void load(int i, TcpSegment s) {
            s.frameNo = frame[i];
            s.tsNanos = ts[i];
            s.srcHi = srcHi[i];
            s.srcLo = srcLo[i];
            s.dstHi = dstHi[i];
            s.dstLo = dstLo[i];
            s.ipVersion = version[i];
            s.srcPort = ports[i] >>> 16;
            s.dstPort = ports[i] & 0xffff;
            s.seq = seq[i];
            s.ack = ack[i];
            s.flags = flagsWindow[i] >>> 16;
            s.window = flagsWindow[i] & 0xffff;
            s.buf = data;
            s.payloadOff = off[i];
            s.payloadLen = len[i];
            s.payloadMissing = missing[i];
        }
    }

    private final PacketDecoder decoder;
    private final TcpReassembler reassembler;
    private final BlockingQueue<Batch> full = new ArrayBlockingQueue<>(4);
    private final BlockingQueue<Batch> free = new ArrayBlockingQueue<>(6);
    private volatile Throwable failure;

    DecodeAhead(PacketDecoder decoder, TcpReassembler reassembler) {
        this.decoder = decoder;
        this.reassembler = reassembler;
        for (int i = 0; i < 6; i++) {
            free.add(new Batch());
        }
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
                boolean last = b.last;
                b.n = 0;
                b.used = 0;
                b.last = false;
                free.put(b);
                if (last) {
                    break;
                }
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
            cur[0] = free.take();
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
                    cur[0] = free.take();
                }
                cur[0].last = true;
                full.put(cur[0]);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void handOver(Batch[] cur) {
        try {
            full.put(cur[0]);
            cur[0] = free.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing over decoded segments", e);
        }
    }
}
