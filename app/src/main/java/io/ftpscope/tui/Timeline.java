package io.ftpscope.tui;

import java.util.Arrays;

/**
 * Append-only list written by the capture thread and read by the UI thread without locks. A
 * published {@link View} holds the array and the count at publication: entries below the count are
 * never written again, and growing copies into a new array, so an old view stays valid. The
 * snapshot that carries the view is published through a volatile write, which makes the entries
 * visible to the reader.
 */
public final class Timeline {
    private final int cap;
    private TimelineEntry[] items = new TimelineEntry[32];
    private int n;
    private long dropped;

    Timeline(int cap) {
        this.cap = cap;
    }

    void add(TimelineEntry e) {
        if (n >= cap) {
            dropped++; // a session with millions of commands keeps its first `cap` lines
            return;
        }
        if (n == items.length) {
            items = Arrays.copyOf(items, Math.min(cap, n * 2));
        }
        items[n++] = e;
    }

    View view() {
        return new View(items, n, dropped);
    }

    /** What the UI sees: the first {@code size} entries of {@code items}. */
    public record View(TimelineEntry[] items, int size, long dropped) {
        public TimelineEntry get(int i) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfBoundsException(i);
            }
            return items[i];
        }

        static final View EMPTY = new View(new TimelineEntry[0], 0, 0);
    }
}
