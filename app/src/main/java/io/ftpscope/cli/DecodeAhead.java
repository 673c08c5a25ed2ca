package io.ftpscope.cli;

import io.ftpscope.capture.BufferLender;
import io.ftpscope.capture.FrameHandler;
import io.ftpscope.net.PacketDecoder;
import io.ftpscope.net.TcpSegment;
import io.ftpscope.tcp.TcpReassembler;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Uses the second core: reading and decoding run on a helper thread that packs TCP segments into
 * batches (headers in primitive arrays); the calling thread unpacks them into one reused
 * {@link TcpSegment} and runs reassembly and everything above it. A capture file is read into
 * buffers lent by this class ({@link BufferLender}), so payloads stay where the reader put them and
 * a batch only points at them; frames from other sources (pcap4j, several files merged) are copied
 * into the batch. Batches and buffers are recycled, so the steady state allocates nothing. Results
 * are identical to the single-threaded path: segments keep their order and their frame numbers.
 */
final class DecodeAhead {
    static final int SEGMENTS = 2048;
    static final int BYTES = 4 << 20;
    /** The size of a lent read buffer: the file reader's own window size. */
    static final int READ_BUFFER = 1 << 20;

    /**
     * A read buffer lent to the file reader. It is free again once the reader has moved on and
     * every batch pointing into it has been processed: counted, since the two threads let go of it
     * in either order.
     */
    static final class Lent {
        final byte[] bytes;
        final AtomicInteger refs = new AtomicInteger();

        Lent(int size) {
            bytes = new byte[size];
        }
    }

    /**
     * A batch of decoded segments: the header fields of each segment packed side by side in one
     * array (one sequential stream for the reader, where fourteen parallel arrays were fourteen).
     * Payloads lie in the one read buffer the batch points into ({@link #view}), or, for frames that
     * did not come from a lent buffer, back to back in the batch's own array.
     */
    static final class Batch {
        private static final int STRIDE = 10;
        /** Marks a payload offset into {@link #view} rather than {@link #data}. */
        private static final int IN_VIEW = 0x80000000;
        final long[] rec;
        private final int bytes;
        /** Copied payloads; made at the first copy, as file reads need none. */
        byte[] data;
        /** The lent buffer this batch's in-place payloads lie in, holding one of its references. */
        Lent view;
        int n;
        int used;
        boolean last;

        Batch() {
            this(SEGMENTS, BYTES);
        }

        private Batch(int segments, int bytes) {
            rec = new long[segments * STRIDE];
            this.bytes = bytes;
        }

        /** An empty last batch, for a decoding thread that failed without a batch in hand. */
        static Batch end() {
            Batch b = new Batch(0, 0);
            b.last = true;
            return b;
        }

        /** in: the lent buffer the segment's payload lies in, null when it must be copied. */
        boolean fits(TcpSegment s, Lent in) {
            return n * STRIDE < rec.length && (in != null || used + s.payloadLen <= bytes);
        }

        void add(TcpSegment s, Lent in) {
            int off;
            if (in != null) {
                if (view == null) {
                    view = in;
                    in.refs.incrementAndGet();
                }
                off = s.payloadOff | IN_VIEW;
            } else {
                if (data == null) {
                    data = new byte[bytes];
                }
                System.arraycopy(s.buf, s.payloadOff, data, used, s.payloadLen);
                off = used;
                used += s.payloadLen;
            }
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
            a[r + 8] = (long) (s.flags << 16 | s.window) << 32 | (off & 0xffffffffL);
            a[r + 9] = (long) s.payloadLen << 32 | s.payloadMissing;
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
            int off = (int) x;
            s.buf = off < 0 ? view.bytes : data;
            s.payloadOff = off & ~IN_VIEW;
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
    /**
     * Read buffers in use are the reader's and those of batches not yet processed, at most one per
     * batch; when the reader asks for one it holds none and its own batch points into none, so
     * BATCHES of them are always enough and the reader never waits for one.
     */
    private static final int BUFFERS = BATCHES;
    private final BlockingQueue<Lent> freeBuffers = new ArrayBlockingQueue<>(BUFFERS);
    private int buffersMade;
    /** The buffer the file reader is reading into (decoding thread only). */
    private Lent reading;
    private volatile Throwable failure;

    private final Batch end = Batch.end();

    private final int readBuffer;

    DecodeAhead(PacketDecoder decoder, TcpReassembler reassembler) {
        this(decoder, reassembler, READ_BUFFER);
    }

    /** readBuffer: the size of the lent read buffers (tests make it small, so a capture needs many). */
    DecodeAhead(PacketDecoder decoder, TcpReassembler reassembler, int readBuffer) {
        this.decoder = decoder;
        this.reassembler = reassembler;
        this.readBuffer = readBuffer;
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
            Batch b = full.take();
            io.ftpscope.session.ThreadTimes.mark("first segments decoded");
            while (true) {
                for (int i = 0; i < b.n; i++) {
                    b.load(i, s);
                    reassembler.process(s);
                }
                if (b.last) {
                    break; // the last batch is not recycled (it may be the shared empty one)
                }
                if (b.view != null) {
                    release(b.view);
                    b.view = null;
                }
                b.n = 0;
                b.used = 0;
                free.put(b);
                b = full.take();
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
            BufferLender lender = (used, min) -> nextBuffer(cur, min);
            reader.accept(new FrameHandler() {
                @Override
                public void onFrame(int lt, long ts, byte[] buf, int off, int cap, int orig) {
                    TcpSegment seg = decoder.decode(lt, ts, buf, off, cap, orig);
                    if (seg == null) {
                        return;
                    }
                    Lent in = reading != null && seg.buf == reading.bytes ? reading : null;
                    if (!cur[0].fits(seg, in)) {
                        handOver(cur);
                    }
                    cur[0].add(seg, in);
                }

                @Override
                public BufferLender lender() {
                    return lender;
                }
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

    /**
     * The reader leaves the buffer it was reading into: the batch pointing into it goes to the
     * main thread now (so the current batch points into none), the reader's own hold on it ends,
     * and it reads on in a free buffer (decoding thread only).
     */
    private byte[] nextBuffer(Batch[] cur, int min) {
        if (cur[0].view != null) {
            handOver(cur);
        }
        if (reading != null) {
            release(reading);
        }
        Lent l = freeBuffers.poll();
        while (l == null || l.bytes.length < min) {
            if (l != null) {
                buffersMade--; // too small for this record: let it go and make a bigger one
            }
            if (buffersMade < BUFFERS) {
                buffersMade++;
                l = new Lent(Math.max(readBuffer, min));
            } else {
                try {
                    l = freeBuffers.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a read buffer", e);
                }
            }
        }
        l.refs.set(1);
        reading = l;
        return l.bytes;
    }

    /** Either thread: drops one hold on a buffer, which is free when none is left. */
    private void release(Lent l) {
        if (l.refs.decrementAndGet() == 0) {
            freeBuffers.offer(l);
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
