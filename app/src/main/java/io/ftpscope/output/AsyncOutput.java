package io.ftpscope.output;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands output written on the capture thread to a writer thread through a bounded queue, so a slow
 * reader of stdout (a pipe into jq, a paused terminal) never stalls capture. Each flush() ends one
 * event (one JSONL event, one session of the text timeline); whole events are handed over in
 * chunks of about {@link #CHUNK} bytes, when a chunk is full or when {@link #ship()} finds the
 * oldest waiting event older than {@link #SHIP_NANOS}. One hand-over per event cost a thread wake-up, a context switch
 * and a write() each: a fifth of the CPU at 75,000 packets/s, on the core the capture needed.
 * When the queue is full the chunk is dropped and its lines counted: losing output lines is
 * reported at the end, while stalling capture would silently lose packets in the kernel instead.
 */
public final class AsyncOutput extends OutputStream {
    /** Bytes handed over at once. */
    static final int CHUNK = 64 << 10;
    /** Longest an event waits on the capture thread before ship() hands it over. */
    static final long SHIP_NANOS = 50_000_000L;
    private static final Chunk END = new Chunk(new byte[0], 0);

    private record Chunk(byte[] bytes, int len) {
    }

    private final OutputStream target;
    private final BlockingQueue<Chunk> queue;
    private final Thread writer;
    private final AtomicLong droppedLines = new AtomicLong();
    private byte[] buf = new byte[CHUNK + 8192];
    private int len;
    /** End of the last whole event in buf, and how many whole events buf holds. */
    private int eventsEnd;
    private int events;
    private long firstEventNanos;
    private volatile IOException failure;

    /** @param maxQueuedBytes output that may wait for a slow reader before events are dropped */
    public AsyncOutput(OutputStream target, int maxQueuedBytes) {
        this.target = target;
        this.queue = new ArrayBlockingQueue<>(Math.max(2, maxQueuedBytes / CHUNK));
        this.writer = new Thread(this::drain, "ftpscope-output");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void write(int b) {
        ensure(1);
        buf[len++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int n) {
        ensure(n);
        System.arraycopy(b, off, buf, len, n);
        len += n;
    }

    private void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    /** Ends an event; hands the chunk over when it is full. */
    @Override
    public void flush() {
        if (len == eventsEnd) {
            return;
        }
        if (events == 0) {
            firstEventNanos = System.nanoTime();
        }
        eventsEnd = len;
        events++;
        if (len >= CHUNK) {
            handOver();
        }
    }

    /**
     * Called on the capture thread after each libpcap batch and on a quiet link: hands over the
     * events that have waited long enough, so output lags capture by at most about SHIP_NANOS.
     */
    public void ship() {
        if (events > 0 && System.nanoTime() - firstEventNanos >= SHIP_NANOS) {
            handOver();
        }
    }

    private void handOver() {
        if (events == 0) {
            return;
        }
        if (!queue.offer(new Chunk(Arrays.copyOf(buf, eventsEnd), eventsEnd))) {
            droppedLines.addAndGet(lines(buf, eventsEnd));
        }
        // keep a partly written event (none, with the sinks as they are)
        System.arraycopy(buf, eventsEnd, buf, 0, len - eventsEnd);
        len -= eventsEnd;
        eventsEnd = 0;
        events = 0;
        if (buf.length > 4 * CHUNK && len < CHUNK) {
            buf = Arrays.copyOf(buf, CHUNK + 8192); // one huge event does not keep a huge buffer
        }
    }

    private static int lines(byte[] b, int n) {
        int lines = 0;
        for (int i = 0; i < n; i++) {
            if (b[i] == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private void drain() {
        try {
            while (true) {
                Chunk c = queue.take();
                if (c == END) {
                    break;
                }
                target.write(c.bytes(), 0, c.len());
                if (queue.isEmpty()) {
                    target.flush();
                }
            }
            target.flush();
        } catch (IOException e) {
            failure = e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Output lines dropped because the reader of the output fell behind (a JSONL event is one line). */
    public long droppedEvents() {
        return droppedLines.get();
    }

    /** Writes what is queued, then stops the writer thread; the target stays open. */
    @Override
    public void close() throws IOException {
        flush();
        handOver();
        try {
            if (!queue.offer(END, 5, TimeUnit.SECONDS)) {
                droppedLines.incrementAndGet();
            }
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (failure != null) {
            throw failure;
        }
    }
}
