package io.ftpscope.cli;

import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.SessionSink;

/** Sessions and transfers seen, for the closing summary of `live` (read after the capture thread ended). */
final class LiveCounts implements SessionSink {
    long sessions;
    long transfers;

    @Override
    public void sessionStart(FtpSession s) {
        sessions++;
    }

    @Override
    public void command(FtpSession s, CommandEntry e) {
        if (e.transfer != null) {
            transfers++;
        }
    }

    @Override
    public void dataOpen(FtpSession s, DataConn d) {
        if (d.transfer != null && d.transfer.command == null) {
            transfers++; // tied by timing under TLS: no command announced it
        }
    }
}
