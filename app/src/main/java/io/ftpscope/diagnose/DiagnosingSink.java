package io.ftpscope.diagnose;

import io.ftpscope.session.CommandEntry;
import io.ftpscope.session.DataConn;
import io.ftpscope.session.FtpSession;
import io.ftpscope.session.SessionSink;
import io.ftpscope.session.TimedReply;

/**
 * Sits between the session tracker and the outputs: forwards every event unchanged and runs the
 * diagnoser on each session just before its sessionEnd goes on, so every output sees the diagnostics.
 */
public final class DiagnosingSink implements SessionSink {
    private final Diagnoser diagnoser;
    private final SessionSink next;

    public DiagnosingSink(Diagnoser diagnoser, SessionSink next) {
        this.diagnoser = diagnoser;
        this.next = next;
    }

    @Override
    public void sessionStart(FtpSession s) {
        next.sessionStart(s);
    }

    @Override
    public void command(FtpSession s, CommandEntry e) {
        next.command(s, e);
    }

    @Override
    public void reply(FtpSession s, CommandEntry e, TimedReply r) {
        next.reply(s, e, r);
    }

    @Override
    public void dataOpen(FtpSession s, DataConn d) {
        next.dataOpen(s, d);
    }

    @Override
    public void dataClose(FtpSession s, DataConn d) {
        next.dataClose(s, d);
    }

    @Override
    public void sessionEnd(FtpSession s) {
        diagnoser.diagnose(s);
        next.sessionEnd(s);
    }

    @Override
    public void unlinked(DataConn d) {
        next.unlinked(d);
    }
}
