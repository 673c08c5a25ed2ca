package io.ftpscope.capture;

import java.io.Closeable;
import java.io.IOException;

/** Something that produces frames: a saved capture file or a live interface. */
public interface FrameSource extends Closeable {
    /**
     * Delivers frames to the handler until the input ends or {@link #stop()} is called.
     * Damage that ends reading early is reported through {@link #damage()}, not thrown, so the
     * frames read before it still count.
     *
     * @throws CaptureException when nothing can be read at all (missing file, unknown format)
     */
    void run(FrameHandler handler) throws CaptureException;

    /** Asks a running source to stop after the current frame; safe from another thread. */
    void stop();

    /** Frames delivered so far. */
    long frames();

    /** A one-line description of damage that ended reading early, or null when the input was whole. */
    String damage();

    /** Frames dropped by the kernel or capture library (live capture only; -1 when unknown). */
    default long drops() {
        return -1;
    }

    @Override
    default void close() throws IOException {
    }
}
