package io.ftpscope.session;

import io.ftpscope.tcp.Connection;
import io.ftpscope.tcp.ConnectionListener;

/** Listens to a linked data connection. Counting is the reassembler's; this marks the close and feeds the content listener, if any. */
final class DataChannel implements ConnectionListener {
    private final FtpSessionTracker tracker;
    private final DataConn data;

    DataChannel(FtpSessionTracker tracker, DataConn data) {
        this.tracker = tracker;
        this.data = data;
    }

    /** Only with a content listener (hashing, extraction): otherwise the reassembler's count is all. */
    @Override
    public boolean wantsBytes() {
        return tracker.contentListener() != null;
    }

    @Override
    public void onData(Connection c, boolean fromClient, long ts, byte[] b, int off, int len) {
        DataContentListener l = tracker.contentListener();
        if (l != null) {
            l.onData(data, data.active() == fromClient, b, off, len); // active mode: the FTP server is the TCP client
        }
    }

    @Override
    public void onGap(Connection c, boolean fromClient, long ts, long bytes) {
        DataContentListener l = tracker.contentListener();
        if (l != null) {
            l.onGap(data, data.active() == fromClient, bytes);
        }
    }

    @Override
    public void onClose(Connection c, long ts) {
        tracker.dataClosed(data, Math.max(ts, c.lastTs()));
    }
}
