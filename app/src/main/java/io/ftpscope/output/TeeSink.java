package io.ftpscope.output;

import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.SessionSink;
import io.ftpscope.session.TimedReply;
import java.io.IOException;

/** One event stream to an output and further consumers (the terminal view's model, counters). */
public final class TeeSink implements OutputSink {
    private final OutputSink first;
    private final SessionSink[] others;

    public TeeSink(OutputSink first, SessionSink... others) {
        this.first = first;
        this.others = others.clone();
    }

    @Override
    public void sessionStart(FtpSession s) {
        first.sessionStart(s);
        for (SessionSink o : others) {
            o.sessionStart(s);
        }
    }

    @Override
    public void command(FtpSession s, CommandEntry e) {
        first.command(s, e);
        for (SessionSink o : others) {
            o.command(s, e);
        }
    }

    @Override
    public void reply(FtpSession s, CommandEntry e, TimedReply r) {
        first.reply(s, e, r);
        for (SessionSink o : others) {
            o.reply(s, e, r);
        }
    }

    @Override
    public void dataOpen(FtpSession s, DataConn d) {
        first.dataOpen(s, d);
        for (SessionSink o : others) {
            o.dataOpen(s, d);
        }
    }

    @Override
    public void dataClose(FtpSession s, DataConn d) {
        first.dataClose(s, d);
        for (SessionSink o : others) {
            o.dataClose(s, d);
        }
    }

    @Override
    public void sessionEnd(FtpSession s) {
        first.sessionEnd(s);
        for (SessionSink o : others) {
            o.sessionEnd(s);
        }
    }

    @Override
    public void unlinked(DataConn d) {
        first.unlinked(d);
        for (SessionSink o : others) {
            o.unlinked(d);
        }
    }

    @Override
    public void close(RunTotals totals) throws IOException {
        first.close(totals);
    }
}
