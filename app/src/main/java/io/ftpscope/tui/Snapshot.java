package io.ftpscope.tui;

import java.util.List;

/**
 * Everything the terminal view shows, built on the capture thread and published whole through a
 * volatile reference: the UI never reads pipeline state.
 *
 * @param elapsedNanos capture time covered so far (wall time for live capture, packet time for files)
 * @param drops        frames libpcap dropped, -1 when unknown (files)
 * @param running      false once the input ended (a file fully read, a capture stopped)
 */
public record Snapshot(List<SessionRow> sessions, long packets, long drops, long sessionsTotal, long transfersTotal,
                       long elapsedNanos, boolean running, long seq) {
    static final Snapshot EMPTY = new Snapshot(List.of(), 0, -1, 0, 0, 0, true, 0);
}
