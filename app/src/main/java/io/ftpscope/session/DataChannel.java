package io.ftpscope.session;

import io.ftpscope.tcp.Connection;
import io.ftpscope.tcp.ConnectionListener;

/** Listens to a linked data connection. Counting is the reassembler's; this marks the close. */
final class DataChannel implements ConnectionListener {
    private final FtpSessionTracker tracker;
    private final DataConn data;

    DataChannel(FtpSessionTracker tracker, DataConn data) {
        this.tracker = tracker;
        this.data = data;
    }

    @Override
    public void onData(Connection c, boolean fromClient, long ts, byte[] b, int off, int len) {
    }

    @Override
    public void onClose(Connection c, long ts) {
        tracker.dataClosed(data, Math.max(ts, c.lastTs()));
    }
}
