package io.ftpscope.cli;

import io.ftpscope.capture.FrameHandler;
import io.ftpscope.capture.PcapWriter;
import java.io.IOException;

/**
 * Sits between a frame source and the pipeline on the capture thread: saves raw frames (--write),
 * ticks the reassembler's clock on a quiet link and calls the periodic hook (the terminal view's
 * snapshot) at most every {@link #PERIOD_NANOS}. It adds no allocation per frame.
 */
final class CaptureDriver implements FrameHandler {
    static final long PERIOD_NANOS = 200_000_000L;
    /** libpcap returns after every buffer under load: the idle sweep need not run that often. */
    private static final long TICK_NANOS = 100_000_000L;
    /** Frames between looks at the clock: System.nanoTime() per frame would cost more than it buys. */
    private static final int CHECK_EVERY = 256;

    private final Pipeline pipeline;
    private final boolean live;
    private final Runnable periodic;
    private PcapWriter writer;
    private IOException writeError;
    private int sinceCheck;
    private long nextPeriodic;
    private long nextTick;
    long firstTs = -1;
    long lastTs = -1;

    /**
     * @param live     tick the reassembler with the wall clock (packet time stands still on a quiet link)
     * @param periodic run on the capture thread about 5 times a second, may be null
     */
    CaptureDriver(Pipeline pipeline, PcapWriter writer, boolean live, Runnable periodic) {
        this.pipeline = pipeline;
        this.writer = writer;
        this.live = live;
        this.periodic = periodic;
    }

    @Override
    public void onFrame(int linkType, long tsNanos, byte[] buf, int off, int capLen, int origLen) {
        if (writer != null) {
            try {
                writer.write(tsNanos, buf, off, capLen, origLen);
            } catch (IOException e) {
                writeError = e; // the analysis goes on; the error is reported at the end
                writer = null;
            }
        }
        if (firstTs < 0) {
            firstTs = tsNanos;
        }
        lastTs = tsNanos;
        pipeline.onFrame(linkType, tsNanos, buf, off, capLen, origLen);
        if (++sinceCheck >= CHECK_EVERY) {
            sinceCheck = 0;
            maybePeriodic();
        }
    }

    /** Called by the live source after each batch and on every read timeout. */
    void idle() {
        long now = System.nanoTime();
        if (live && now - nextTick >= 0) {
            nextTick = now + TICK_NANOS;
            pipeline.reassembler().tick(System.currentTimeMillis() * 1_000_000L);
        }
        maybePeriodic();
    }

    private void maybePeriodic() {
        long now = System.nanoTime();
        if (periodic != null && now - nextPeriodic >= 0) {
            nextPeriodic = now + PERIOD_NANOS;
            periodic.run();
        }
    }

    /** Capture time covered so far, by packet timestamps. */
    long span() {
        return firstTs < 0 ? 0 : lastTs - firstTs;
    }

    IOException writeError() {
        return writeError;
    }
}
