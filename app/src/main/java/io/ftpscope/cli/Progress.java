package io.ftpscope.cli;

import io.ftpscope.capture.BufferLender;
import io.ftpscope.capture.FrameHandler;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on stderr: bytes read of the total, packets per second, time left.
 * It appears only for reads that take a while ({@link #DELAY_NANOS}), only on a terminal unless
 * forced, and is erased at the end so it never mixes with results or logs.
 */
final class Progress {
    static final long DELAY_NANOS = 2_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;

    private final PrintStream err;
    private final long totalBytes;
    private final LongSupplier bytesRead;
    private final boolean immediate;
    private final long startNanos = System.nanoTime();
    private long nextDraw;
    private long packets;
    private boolean drawn;

    /** @param totalBytes sum of input sizes, or -1 when unknown (standard input) */
    Progress(PrintStream err, long totalBytes, LongSupplier bytesRead, boolean immediate) {
        this.err = err;
        this.totalBytes = totalBytes;
        this.bytesRead = bytesRead;
        this.immediate = immediate;
        this.nextDraw = immediate ? startNanos : startNanos + DELAY_NANOS;
    }

    /** auto: only when stderr is the process's real stderr and that is a terminal. */
    static boolean wanted(String when, boolean quiet, PrintStream err) {
        if (quiet || "never".equals(when)) {
            return false;
        }
        if ("always".equals(when)) {
            return true;
        }
        return err == System.err && stderrIsTerminal();
    }

    /** Java cannot ask isatty(2); on Linux fd 2 links to /dev/pts/N or /dev/ttyN when it is a terminal. */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (Exception e) {
            return System.console() != null; // not Linux: the best Java offers
        }
    }

    /** Wraps a handler so that every 1024th frame checks the clock; the handler itself is untouched. */
    FrameHandler wrap(FrameHandler next) {
        return new FrameHandler() {
            @Override
            public void onFrame(int lt, long ts, byte[] buf, int off, int cap, int orig) {
                next.onFrame(lt, ts, buf, off, cap, orig);
                if ((++packets & 1023) == 0) {
                    tick();
                }
            }

            @Override
            public BufferLender lender() {
                return next.lender();
            }
        };
    }

    void tick() {
        long now = System.nanoTime();
        if (now < nextDraw) {
            return;
        }
        nextDraw = now + REDRAW_NANOS;
        draw(now, false);
    }

    /** Ends the bar: a final 100% line when forced, otherwise the line is erased. */
    void done() {
        if (immediate) {
            draw(System.nanoTime(), true);
            err.print('\n');
        } else if (drawn) {
            err.print("\r\033[K");
        }
        err.flush();
    }

    private void draw(long now, boolean last) {
        double secs = Math.max(1e-9, (now - startNanos) / 1e9);
        long read = bytesRead.getAsLong();
        if (last && totalBytes > 0) {
            read = totalBytes;
        }
        StringBuilder b = new StringBuilder("\r");
        if (totalBytes > 0) {
            double f = Math.min(1.0, read / (double) totalBytes);
            int w = 24;
            int fill = (int) Math.round(f * w);
            b.append('[').append("#".repeat(fill)).append("-".repeat(w - fill)).append("] ");
            b.append(String.format(Locale.ROOT, "%3.0f%%  %s / %s", f * 100, size(read), size(totalBytes)));
            if (!last && f > 0.001) {
                long eta = Math.round(secs / f - secs);
                b.append(String.format(Locale.ROOT, "  ETA %d:%02d", eta / 60, eta % 60));
            }
        } else {
            b.append(size(read)).append(" read");
        }
        b.append(String.format(Locale.ROOT, "  %,d packets  %,.0f pkt/s", packets, packets / secs));
        b.append("\033[K");
        err.print(b);
        err.flush();
        drawn = true;
    }

    static String size(long bytes) {
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        if (bytes < 1024L * 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
        }
        return String.format(Locale.ROOT, "%.2f GB", bytes / (1024.0 * 1024 * 1024));
    }
}
