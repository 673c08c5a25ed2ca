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
 * reader of stdout (a pipe into jq, a paused terminal) never stalls capture. Each flush() is one
 * chunk (one JSONL event, one timeline line). When the queue is full the chunk is dropped and
 * counted: losing output lines is reported at the end, while stalling capture would silently lose
 * packets in the kernel instead.
 */
public final class AsyncOutput extends OutputStream {
    private static final byte[] END = new byte[0];
    private final OutputStream target;
    private final BlockingQueue<byte[]> queue;
    private final Thread writer;
    private final AtomicLong droppedChunks = new AtomicLong();
    private byte[] buf = new byte[8192];
    private int len;
    private volatile IOException failure;

    public AsyncOutput(OutputStream target, int maxChunks) {
        this.target = target;
        this.queue = new ArrayBlockingQueue<>(maxChunks);
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

    @Override
    public void flush() {
        if (len == 0) {
            return;
        }
        if (!queue.offer(Arrays.copyOf(buf, len))) {
            droppedChunks.incrementAndGet();
        }
        len = 0;
    }

    private void drain() {
        try {
            while (true) {
                byte[] b = queue.take();
                if (b == END) {
                    break;
                }
                target.write(b);
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

    /** Chunks (lines, events) dropped because the reader of the output fell behind. */
    public long droppedChunks() {
        return droppedChunks.get();
    }

    /** Writes what is queued, then stops the writer thread; the target stays open. */
    @Override
    public void close() throws IOException {
        flush();
        try {
            if (!queue.offer(END, 5, TimeUnit.SECONDS)) {
                droppedChunks.incrementAndGet();
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
