package io.ftpscope.capture;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Several inputs merged by packet time (a k-way merge), so a session that spans rotated files
 * reads exactly as from one file. Each input is read on its own thread into recycled
 * {@link FrameBatch}es, because the readers push frames from a reused buffer. An input is opened
 * only when the merge reaches its first timestamp, so rotated files are open one or two at a time;
 * inputs that overlap in time are all open together. Ties go to the input named first.
 */
public final class MergedSource implements FrameSource {
    /** Opens one input (a file, or "-" for standard input). */
    @FunctionalInterface
    public interface Opener {
        FrameSource open(String name) throws CaptureException;
    }

    private final List<String> names;
    private final Opener opener;
    private final FrameRefs refs;
    private final int[] refIndex;
    private final InputReport[] reports;
    private final List<Input> started = new ArrayList<>();
    private volatile boolean stopped;
    private final int batchBytes;
    private long frames;

    /** refs receives each input (in order) and the run of frames taken from it. */
    public MergedSource(List<String> names, Opener opener, FrameRefs refs) {
        this.names = names;
        this.opener = opener;
        this.refs = refs;
        this.refIndex = new int[names.size()];
        for (int i = 0; i < names.size(); i++) {
            refIndex[i] = refs.addInput(names.get(i));
        }
        this.reports = new InputReport[names.size()];
        // Each open input holds three batches: 1 MiB each for a few inputs, less for many, so
        // that merging a directory of hundreds of files stays within a fixed ~24 MiB.
        this.batchBytes = (int) Math.max(64 << 10, Math.min(FrameBatch.BYTES, (24L << 20) / (3L * names.size())));
    }

    @Override
    public void run(FrameHandler handler) {
        PriorityQueue<Input> pending = new PriorityQueue<>(Comparator.comparingLong((Input in) -> in.firstTs).thenComparingInt(in -> in.index));
        for (int i = 0; i < names.size(); i++) {
            Input in = probe(i);
            if (in != null) {
                pending.add(in);
            }
        }
        PriorityQueue<Input> active = new PriorityQueue<>(Comparator.comparingLong(Input::headTs).thenComparingInt(in -> in.index));
        try {
            while (!stopped) {
                while (!pending.isEmpty() && (active.isEmpty() || pending.peek().firstTs <= active.peek().headTs())) {
                    Input in = pending.poll();
                    start(in);
                    if (in.advance()) {
                        active.add(in);
                    } else {
                        finish(in);
                    }
                }
                Input in = active.poll();
                if (in == null) {
                    break;
                }
                FrameBatch b = in.batch;
                int k = in.pos;
                frames++;
                in.delivered++;
                refs.frame(frames, refIndex[in.index], in.delivered);
                handler.onFrame(b.link[k], b.ts[k], b.data, b.off[k], b.len[k], b.orig[k]);
                in.pos++;
                if (in.advance()) {
                    active.add(in);
                } else {
                    finish(in);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            for (Input in : started) {
                in.shutdown();
            }
        }
    }

    /** Opens an input just long enough to learn its first timestamp; records inputs that hold no frame. */
    private Input probe(int i) {
        String name = names.get(i);
        Input in = new Input(i, name);
        if ("-".equals(name)) {
            in.firstTs = Long.MIN_VALUE; // standard input cannot be read twice: start it at once
            return in;
        }
        long[] first = {Long.MIN_VALUE};
        boolean[] seen = {false};
        FrameSource src = null;
        try {
            src = opener.open(name);
            FrameSource s = src;
            src.run((lt, ts, buf, off, cap, orig) -> {
                seen[0] = true;
                first[0] = ts;
                s.stop();
            });
        } catch (CaptureException e) {
            reports[i] = new InputReport(name, null, 0, null, e.getMessage());
            return null;
        } finally {
            closeQuietly(src);
        }
        if (!seen[0]) {
            reports[i] = new InputReport(name, format(src), 0, src.damage(), null);
            return null;
        }
        in.firstTs = first[0];
        return in;
    }

    private void start(Input in) {
        started.add(in);
        Thread t = new Thread(in, "ftpscope-input-" + in.index);
        t.setDaemon(true);
        in.thread = t;
        t.start();
    }

    private void finish(Input in) {
        in.shutdown();
        if (in.error != null) {
            reports[in.index] = new InputReport(in.name, null, in.delivered, null, in.error);
        } else {
            reports[in.index] = new InputReport(in.name, format(in.src), in.delivered, in.src == null ? null : in.src.damage(), null);
        }
    }

    private static String format(FrameSource s) {
        return s instanceof CaptureFileReader r ? r.format() : "pcap (libpcap)";
    }

    /** One report per input, in the order the inputs were named. */
    public List<InputReport> reports() {
        List<InputReport> l = new ArrayList<>();
        for (int i = 0; i < reports.length; i++) {
            l.add(reports[i] != null ? reports[i] : new InputReport(names.get(i), null, 0, null, names.get(i) + ": not read (stopped)"));
        }
        return l;
    }

    /** Raw bytes read so far from the inputs being read now (for progress). */
    public long bytesReadNow() {
        long n = 0;
        for (Input in : started) {
            if (in.src instanceof CaptureFileReader r && !in.done) {
                n += r.bytesRead();
            }
        }
        return n;
    }

    /** Names of the inputs completely read, for progress accounting. */
    public List<String> finishedNames() {
        List<String> l = new ArrayList<>();
        for (Input in : started) {
            if (in.done) {
                l.add(in.name);
            }
        }
        return l;
    }

    @Override
    public void stop() {
        stopped = true;
    }

    @Override
    public long frames() {
        return frames;
    }

    @Override
    public String damage() {
        return Arrays.stream(reports).filter(r -> r != null && r.damaged())
                .map(r -> r.error() != null ? r.error() : r.name() + ": " + r.damage()).findFirst().orElse(null);
    }

    private static void closeQuietly(FrameSource s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // read-only input
            }
        }
    }

    /** One input: a reader thread filling batches, and the merge's position in the current batch. */
    /** Ends an input whose thread failed before it had a batch of its own. */
    private static final FrameBatch END = endMarker();

    private static FrameBatch endMarker() {
        FrameBatch b = new FrameBatch(0);
        b.end = true;
        return b;
    }

    private final class Input implements Runnable, FrameHandler {
        final int index;
        final String name;
        long firstTs;
        volatile FrameSource src;
        volatile String error;
        Thread thread;
        /** What ended this input's reading thread abnormally, rethrown on the merging thread. */
        volatile Throwable failure;
        final java.util.concurrent.ArrayBlockingQueue<FrameBatch> full = new java.util.concurrent.ArrayBlockingQueue<>(4);
        final java.util.concurrent.ArrayBlockingQueue<FrameBatch> free = new java.util.concurrent.ArrayBlockingQueue<>(4);
        FrameBatch filling;
        FrameBatch batch;
        int pos;
        long delivered;
        volatile boolean done;

        Input(int index, String name) {
            this.index = index;
            this.name = name;
        }

        long headTs() {
            return batch.ts[pos];
        }

        /** Moves to the next frame, waiting for the reader; false at the end of the input. */
        boolean advance() throws InterruptedException {
            while (batch == null || pos >= batch.n) {
                if (batch != null) {
                    if (batch.end) {
                        Throwable t = failure;
                        if (t instanceof Error e) {
                            throw e;
                        }
                        if (t instanceof RuntimeException e) {
                            throw e;
                        }
                        return false;
                    }
                    batch.clear();
                    free.put(batch);
                }
                batch = full.take();
                pos = 0;
            }
            return true;
        }

        @Override
        public void run() {
            try {
                try {
                    for (int i = 0; i < 3; i++) {
                        free.put(new FrameBatch(batchBytes));
                    }
                    filling = free.take();
                    src = opener.open(name);
                    src.run(this);
                } catch (CaptureException e) {
                    error = e.getMessage();
                } catch (RuntimeException | Error e) {
                    // e.g. out of memory: end this input and let the merging thread rethrow it,
                    // or the merge would wait for this input forever
                    failure = e;
                }
                if (filling != null) {
                    filling.end = true;
                }
                full.put(filling != null ? filling : END);
            } catch (InterruptedException e) {
                // the merge stopped early
            } catch (OutOfMemoryError e) { // even handing over failed: the merging thread must still wake up
                failure = e;
                full.offer(END);
            }
        }

        @Override
        public void onFrame(int linkType, long tsNanos, byte[] buf, int off, int capLen, int origLen) {
            if (!filling.fits(capLen)) {
                try {
                    full.put(filling);
                    filling = free.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    src.stop();
                    return;
                }
            }
            filling.add(linkType, tsNanos, buf, off, capLen, origLen);
        }

        void shutdown() {
            if (done) {
                return;
            }
            done = true;
            FrameSource s = src;
            if (s != null) {
                s.stop();
            }
            if (thread != null) {
                thread.interrupt();
                try {
                    thread.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            closeQuietly(s);
        }
    }
}
