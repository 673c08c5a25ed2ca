package io.ftpscope.session;

/** Hands every event to two sinks in order, so one (e.g. extraction) can finish its work before the other writes. */
public final class TeeSink implements SessionSink {
    private final SessionSink first;
    private final SessionSink second;

    public TeeSink(SessionSink first, SessionSink second) {
        this.first = first;
        this.second = second;
    }

    @Override
    public void sessionStart(FtpSession s) {
        first.sessionStart(s);
        second.sessionStart(s);
    }

    @Override
    public void command(FtpSession s, CommandEntry e) {
        first.command(s, e);
        second.command(s, e);
    }

    @Override
    public void reply(FtpSession s, CommandEntry e, TimedReply r) {
        first.reply(s, e, r);
        second.reply(s, e, r);
    }

    @Override
    public void dataOpen(FtpSession s, DataConn d) {
        first.dataOpen(s, d);
        second.dataOpen(s, d);
    }

    @Override
    public void dataClose(FtpSession s, DataConn d) {
        first.dataClose(s, d);
        second.dataClose(s, d);
    }

    @Override
    public void sessionEnd(FtpSession s) {
        first.sessionEnd(s);
        second.sessionEnd(s);
    }

    @Override
    public void unlinked(DataConn d) {
        first.unlinked(d);
        second.unlinked(d);
    }
}
