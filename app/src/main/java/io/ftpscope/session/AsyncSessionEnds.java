package io.ftpscope.session;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands finished sessions (and unlinked data connections) to a worker thread that runs what
 * follows: diagnosis and the document outputs (text timeline, JSON, Zeek log). A finished session
 * never changes again (see {@link SessionSink#sessionEnd}), so it can be read on another thread;
 * the queue keeps the order and is bounded, so a slow output holds the reader back (back-pressure)
 * instead of piling sessions up in memory.
 *
 * <p>Only for outputs that consume nothing but {@code sessionEnd} and {@code unlinked}: the finer
 * events (commands, replies, data connections as they happen) are not forwarded, because their
 * objects are still changing on the tracker's thread. Streaming outputs (JSONL, the terminal view)
 * stay on that thread.
 */
public final class AsyncSessionEnds implements SessionSink {
    private static final Object END = new Object();
    /** Sessions taken from the queue at once. */
    private static final int BATCH = 64;
    /** Waiting for sessions: NAPS naps of NAP_NANOS, then blocking. */
    private static final int NAPS = 4;
    private static final long NAP_NANOS = 5_000_000L;
    private final SessionSink next;
    private final BlockingQueue<Object> queue;
    private final Thread worker;
    private volatile Throwable failure;

    public AsyncSessionEnds(SessionSink next, int capacity) {
        this.next = next;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.worker = new Thread(this::work, "ftpscope-output");
        worker.setDaemon(true);
        worker.start();
    }

    private void work() {
        List<Object> batch = new ArrayList<>(BATCH);
        try {
            for (boolean open = true; open; batch.clear()) {
                if (queue.drainTo(batch, BATCH) == 0) {
                    batch.add(awaitMore());
                }
                for (Object o : batch) {
                    if (o == END) {
                        open = false;
                    } else if (o instanceof FtpSession s) {
                        next.sessionEnd(s);
                    } else {
                        next.unlinked((DataConn) o);
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) { // handed to the reader's thread at the next event or at finish()
            failure = t;
        }
        ThreadTimes.report();
    }

    /**
     * The next item once the queue ran empty: short naps first, so a steady stream is taken in
     * batches rather than with a wake-up (a futex call on each thread) per session; a quiet input
     * ends in a plain blocking take.
     */
    private Object awaitMore() throws InterruptedException {
        for (int i = 0; i < NAPS; i++) {
            LockSupport.parkNanos(NAP_NANOS);
            Object o = queue.poll();
            if (o != null) {
                return o;
            }
        }
        return queue.take();
    }

    private void put(Object o) {
        try {
            while (!queue.offer(o, 100, TimeUnit.MILLISECONDS)) {
                rethrowFailure(); // the worker died: its queue will never drain
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing a session to the output thread", e);
        }
        rethrowFailure();
    }

    @Override
    public void sessionEnd(FtpSession s) {
        put(s);
    }

    @Override
    public void unlinked(DataConn d) {
        put(d);
    }

    /** Waits until every queued session went through the outputs; rethrows what failed there. */
    public void finish() {
        if (worker.isAlive()) {
            put(END);
            try {
                worker.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        rethrowFailure();
    }

    private void rethrowFailure() {
        Throwable t = failure;
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }
}
